package dev.restitution.kit.problem;

import java.util.List;
import java.util.Objects;

/**
 * An expected failure a service reports to its caller (conflict, invalid state, rule broken):
 * thrown by a service method, answered as a problem document, and nothing is written because
 * the surrounding transaction rolls back.
 */
public class ProblemException extends RuntimeException {

    private final transient ProblemDetails problem;

    public ProblemException(ProblemDetails problem) {
        super(Objects.requireNonNull(problem, "problem").detail());
        this.problem = problem;
    }

    public static ProblemException invalid(List<FieldViolation> violations) {
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("an invalid request names at least one bad field");
        }
        return new ProblemException(new ProblemDetails(ProblemDetails.TYPE_PREFIX + "invalid-request",
                "Invalid request", 400, "The request has invalid fields; nothing was written.", violations));
    }

    public static ProblemException notFound(String what) {
        return new ProblemException(ProblemDetails.of("not-found", "Not found", 404, what + " does not exist."));
    }

    public static ProblemException conflict(String typeName, String detail) {
        return new ProblemException(ProblemDetails.of(typeName, "Conflict", 409, detail));
    }

    public ProblemDetails problem() {
        return problem;
    }
}
