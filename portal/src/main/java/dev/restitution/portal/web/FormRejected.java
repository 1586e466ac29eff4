package dev.restitution.portal.web;

import dev.restitution.portal.language.PortalLanguage;
import java.util.Map;
import java.util.Objects;

/**
 * A form the portal cannot even turn into a service call (an unknown choice, an amount that is not one); answered 400
 * in the page's language ({@link FormTexts}), nothing sent. The message is the English text, for logs and tests.
 */
public final class FormRejected extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final FormProblem problem;
    private final transient Map<String, ?> values;

    /** @param values the text's parameters by name, e.g. {@code Map.of("amount", "1.5")} */
    public FormRejected(FormProblem problem, Map<String, ?> values) {
        super(FormTexts.text(problem, values, PortalLanguage.ENGLISH));
        this.problem = Objects.requireNonNull(problem, "problem");
        this.values = Map.copyOf(values);
    }

    public FormRejected(FormProblem problem) {
        this(problem, Map.of());
    }

    /** What was wrong, written in the given language. */
    public String text(PortalLanguage language) {
        return FormTexts.text(problem, values, language);
    }
}
