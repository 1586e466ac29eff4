package dev.restitution.claims.notification.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The mail texts of every supported language, from the message bundles {@code notification/messages_<tag>.properties}
 * (UTF-8), each a MessageFormat pattern formatted in the language's locale.
 */
public final class MailTexts {

    static final String BUNDLE = "notification/messages_%s.properties";

    private final Map<String, Properties> bundles;

    private MailTexts(Map<String, Properties> bundles) {
        this.bundles = bundles;
    }

    /** Loads every supported language's bundle; a missing bundle is a broken build, so it fails here. */
    public static MailTexts load() {
        return new MailTexts(Languages.SUPPORTED.stream()
                .collect(Collectors.toUnmodifiableMap(Function.identity(), MailTexts::bundle)));
    }

    static Properties bundle(String language) {
        String resource = BUNDLE.formatted(language);
        try (InputStream in = MailTexts.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("message bundle " + resource + " is missing");
            }
            Properties properties = new Properties();
            properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
            return properties;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** The keys of one language's bundle. */
    public Set<String> keys(String language) {
        return new TreeSet<>(bundles.get(language).stringPropertyNames());
    }

    /** The text of {@code key} in {@code language}, its placeholders filled with {@code arguments}. */
    public String text(String language, String key, Object... arguments) {
        Properties bundle = bundles.get(language);
        if (bundle == null) {
            throw new IllegalArgumentException("unsupported language " + language);
        }
        String pattern = bundle.getProperty(key);
        if (pattern == null) {
            throw new IllegalStateException("message key " + key + " is missing in language " + language);
        }
        Locale locale = Languages.locale(language);
        return new MessageFormat(pattern, locale).format(arguments);
    }
}
