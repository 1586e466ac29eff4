package dev.restitution.kit.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Objects;

/**
 * An RFC 9457 problem document, the body of every error response of every service (schema
 * {@code Problem} in {@code openapi/common.yaml}).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record ProblemDetails(String type, String title, int status, String detail, List<FieldViolation> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    /** Problem types are relative URIs under this prefix, one per kind of failure. */
    public static final String TYPE_PREFIX = "/problems/";

    public ProblemDetails {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(title, "title");
        if (status < 400 || status > 599) {
            throw new IllegalArgumentException("a problem has an error status, not " + status);
        }
        errors = errors == null ? List.of() : List.copyOf(errors);
    }

    public static ProblemDetails of(String typeName, String title, int status, String detail) {
        return new ProblemDetails(TYPE_PREFIX + typeName, title, status, detail, List.of());
    }

    public Response toResponse() {
        return Response.status(status).type(MediaType.valueOf(MEDIA_TYPE)).entity(this).build();
    }
}
