package dev.restitution.portal.web;

import io.quarkus.qute.TemplateExtension;

/** Templates compare the generated API enums by their wire value: {@code line.status.label == 'PENDING'}. */
@TemplateExtension
public final class EnumLabels {

    private EnumLabels() {
    }

    /** The generated enums answer their wire value from toString. */
    static String label(Enum<?> value) {
        return value.toString();
    }
}
