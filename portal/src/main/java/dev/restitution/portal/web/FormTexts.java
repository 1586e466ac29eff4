package dev.restitution.portal.web;

import dev.restitution.portal.language.PortalLanguage;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The texts of {@link FormProblem}s, one properties file per language read once from the class path (plain Java, so
 * the classes that refuse forms stay testable without Quarkus). {@code {name}} in a text is replaced by the value of
 * that name; MessagesTest checks every language has every text with the same parameters.
 */
public final class FormTexts {

    private static final Pattern PARAMETER = Pattern.compile("\\{([a-zA-Z][a-zA-Z0-9]*)}");
    private static final Map<PortalLanguage, Properties> TEXTS = new EnumMap<>(PortalLanguage.class);

    static {
        for (PortalLanguage language : PortalLanguage.values()) {
            TEXTS.put(language, load(resource(language)));
        }
    }

    private FormTexts() {
    }

    /** The class-path resource holding the texts of a language. */
    public static String resource(PortalLanguage language) {
        return "form-texts/forms_" + language.tag().replace('-', '_') + ".properties";
    }

    /** The problem's text in the language, its parameters replaced by the values given (a missing one stays visible). */
    public static String text(FormProblem problem, Map<String, ?> values, PortalLanguage language) {
        String text = TEXTS.get(language).getProperty(problem.name());
        if (text == null) {
            throw new IllegalStateException(resource(language) + " has no text for " + problem);
        }
        Matcher parameter = PARAMETER.matcher(text);
        StringBuilder written = new StringBuilder();
        while (parameter.find()) {
            Object value = values.get(parameter.group(1));
            parameter.appendReplacement(written, Matcher.quoteReplacement(value == null ? parameter.group() : value.toString()));
        }
        return parameter.appendTail(written).toString();
    }

    private static Properties load(String resource) {
        Properties texts = new Properties();
        try (InputStream in = FormTexts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing " + resource);
            }
            texts.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }
}
