package dev.restitution.kit.problem;

import java.util.Objects;

/** One invalid field of a request: its path (e.g. {@code assets[0].decimals}) and what is wrong. */
public record FieldViolation(String field, String message) {
    public FieldViolation {
        Objects.requireNonNull(field, "field");
        Objects.requireNonNull(message, "message");
    }
}
