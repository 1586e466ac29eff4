package dev.restitution.portal.transparency;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.portal.PortalConfig;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import org.jboss.resteasy.reactive.server.spi.ResteasyReactiveContainerRequestContext;

/**
 * Limits the requests each client address makes to /transparency (served to anyone without login):
 * {@code restitution.portal.transparency.burst} at once, then {@code requests-per-minute}. Beyond it the answer is
 * 429 with an RFC 9457 problem and {@code Retry-After}, and nothing is read from any service. The address is the
 * connection's peer, or the one the ingress forwarded when {@code quarkus.http.proxy.proxy-address-forwarding} is on.
 */
@Singleton
public class TransparencyRateLimit {

    private static final Logger LOG = Logger.getLogger(TransparencyRateLimit.class);
    static final String PATH = "/transparency";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Limits limits;

    /** Filters are created while Quarkus starts, before its runtime configuration: the limiter is made on first use. */
    public TransparencyRateLimit(Limits limits) {
        this.limits = limits;
    }

    /** The one rate limiter of this instance, built from the configuration when first asked. */
    @ApplicationScoped
    public static class Limits {

        private final RateLimiter limiter;

        public Limits(PortalConfig config) {
            PortalConfig.Transparency settings = config.transparency();
            this.limiter = new RateLimiter(settings.burst(), settings.requestsPerMinute(), settings.maxClients());
        }

        public OptionalLong take(String client, long nowNanos) {
            return limiter.take(client, nowNanos);
        }
    }

    @ServerRequestFilter
    public Response limit(ResteasyReactiveContainerRequestContext request, HttpServerRequest http) {
        String path = request.getUriInfo().getPath();
        if (!path.equals(PATH) && !path.startsWith(PATH + "/")) {
            return null;
        }
        String client = http.remoteAddress() == null ? "unknown" : http.remoteAddress().hostAddress();
        OptionalLong retryAfterSeconds = limits.take(client, System.nanoTime());
        if (retryAfterSeconds.isEmpty()) {
            return null;
        }
        LOG.debugf("rate limit of %s reached on %s", client, path);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "/problems/rate-limited");
        problem.put("title", "Too many requests");
        problem.put("status", 429);
        problem.put("detail", "This address asked for the transparency pages too often. Try again in "
                + retryAfterSeconds.getAsLong() + " s; the figures change slowly and are the same for everyone.");
        try {
            return Response.status(429).header(HttpHeaders.RETRY_AFTER, retryAfterSeconds.getAsLong())
                    .type("application/problem+json").entity(JSON.writeValueAsString(problem)).build();
        } catch (JsonProcessingException impossible) {
            throw new IllegalStateException("a map of strings and numbers is always JSON", impossible);
        }
    }
}
