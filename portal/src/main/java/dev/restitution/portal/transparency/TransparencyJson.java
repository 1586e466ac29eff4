package dev.restitution.portal.transparency;

import dev.restitution.portal.web.ServiceRefused;
import dev.restitution.portal.web.ServiceUnavailable;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * {@code /transparency/{incidentId}.json}: the transparency report for programs (contracts/openapi/transparency.yaml).
 * A program gets JSON whatever happens: a refusal is an RFC 9457 problem naming what was wrong, never the HTML error
 * page a browser gets from the pages beside it. These mappers apply to this resource only.
 */
@Path("/transparency/{incidentId: [0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}}.json")
@Blocking
public class TransparencyJson {

    static final String PROBLEM_JSON = "application/problem+json";

    private final TransparencyReports reports;

    public TransparencyJson(TransparencyReports reports) {
        this.reports = reports;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response report(@PathParam("incidentId") UUID incidentId, @QueryParam("page") String page) {
        CacheControl cache = new CacheControl();
        cache.setMaxAge(10);
        return Response.ok(reports.report(incidentId, payoutPage(page))).cacheControl(cache).build();
    }

    /** The payout page asked for: absent is the first; anything but a whole number in range is refused naming it. */
    private int payoutPage(String page) {
        if (page == null) {
            return 1;
        }
        int highest = reports.maxPayoutPage();
        if (!page.matches("[1-9][0-9]{0,8}") || Integer.parseInt(page) > highest) {
            throw new InvalidPage("page must be a whole number from 1 to " + highest + ", not \"" + abbreviated(page) + "\"");
        }
        return Integer.parseInt(page);
    }

    @ServerExceptionMapper
    public Response invalidPage(InvalidPage invalid) {
        Map<String, Object> problem = problem("/problems/invalid-input", "Invalid input", 400,
                "The query is not valid; nothing was read.");
        problem.put("errors", List.of(Map.of("field", "page", "message", invalid.getMessage())));
        return answer(400, problem);
    }

    /** A service's refusal, above all the ledger's 404 for an incident it does not know, in the service's words. */
    @ServerExceptionMapper
    public Response refused(ServiceRefused refused) {
        int status = refused.problem().status();
        if (status == 404) {
            return answer(404, problem("/problems/not-found", "Not found", 404, "No incident has this id."));
        }
        String detail = refused.problem().detail().isEmpty() ? refused.problem().title() : refused.problem().detail();
        return answer(502, problem("/problems/service-refused", "A service refused the read", 502,
                refused.problem().service() + " answered " + status + ": " + detail));
    }

    @ServerExceptionMapper
    public Response unavailable(ServiceUnavailable unavailable) {
        return answer(503, problem("/problems/service-unavailable", "Service unavailable", 503,
                unavailable.service() + " is not reachable right now; try again in a minute."));
    }

    private static Map<String, Object> problem(String type, String title, int status, String detail) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", type);
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        return problem;
    }

    private static Response answer(int status, Map<String, Object> problem) {
        return Response.status(status).type(PROBLEM_JSON).entity(problem).build();
    }

    private static String abbreviated(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }

    /** A page parameter that is no page of this report. */
    static final class InvalidPage extends RuntimeException {

        private static final long serialVersionUID = 1L;

        InvalidPage(String message) {
            super(message);
        }
    }
}
