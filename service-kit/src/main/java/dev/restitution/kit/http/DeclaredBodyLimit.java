package dev.restitution.kit.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.kit.problem.ProblemDetails;
import io.quarkus.runtime.configuration.MemorySize;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * A request whose declared {@code Content-Length} exceeds the service's body limit
 * ({@code quarkus.http.limits.max-body-size}) is answered 413 with a problem body at once, before any
 * of the body is read, any authentication runs or anything is written; the connection is closed
 * after the answer, so the client stops sending. Without this, Quarkus's own check answers 413 with
 * no body, and a client still sending a large body often sees only the reset connection. A body
 * without a declared length (chunked) is still cut off by Quarkus at the same limit.
 */
@ApplicationScoped
public class DeclaredBodyLimit {

    public static final String TYPE = ProblemDetails.TYPE_PREFIX + "body-too-large";

    private final long maxBytes;
    private final String tooLargeJson;

    public DeclaredBodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                             MemorySize maxBodySize, ObjectMapper json) throws JsonProcessingException {
        this.maxBytes = maxBodySize.asLongValue();
        this.tooLargeJson = json.writeValueAsString(ProblemDetails.of("body-too-large", "Request body too large", 413,
                "This service accepts request bodies of at most " + maxBytes + " bytes; nothing was read or written."));
    }

    /** The limit in bytes, as published by each service's {@code GET /limits}. */
    public long maxBytes() {
        return maxBytes;
    }

    void install(@Observes Router router) {
        // First of all routes: ahead of Quarkus's own upload limit, body handling and authentication.
        router.route().order(Integer.MIN_VALUE).handler(this::check);
    }

    private void check(RoutingContext request) {
        String declared = request.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        if (declared == null || !exceeds(declared)) {
            request.next();
            return;
        }
        request.response().setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, ProblemDetails.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(tooLargeJson);
    }

    private boolean exceeds(String declared) {
        try {
            return Long.parseLong(declared.trim()) > maxBytes;
        } catch (NumberFormatException notANumber) {
            // A malformed length is the HTTP server's to refuse; it never reaches a resource.
            return false;
        }
    }
}
