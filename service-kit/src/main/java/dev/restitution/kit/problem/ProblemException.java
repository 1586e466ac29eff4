package dev.restitution.kit.problem;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An expected failure a service reports to its caller (conflict, invalid state, rule broken):
 * thrown by a service method, answered as a problem document, and nothing is written because
 * the surrounding transaction rolls back.
 */
public class ProblemException extends RuntimeException {

    private final transient ProblemDetails problem;
    private final transient Map<String, String> headers;

    public ProblemException(ProblemDetails problem) {
        this(problem, Map.of());
    }

    /** A problem answered with response headers besides its body (e.g. {@code WWW-Authenticate} of a 401). */
    public ProblemException(ProblemDetails problem, Map<String, String> headers) {
        super(Objects.requireNonNull(problem, "problem").detail());
        this.problem = problem;
        this.headers = Map.copyOf(headers);
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

    /** The response headers to send with the problem document. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The problem document with its headers, as the exception mapper answers it. */
    public Response toResponse() {
        if (headers.isEmpty()) {
            return problem.toResponse();
        }
        Response.ResponseBuilder response = Response.status(problem.status())
                .type(MediaType.valueOf(ProblemDetails.MEDIA_TYPE)).entity(problem);
        headers.forEach(response::header);
        return response.build();
    }
}
