package dev.restitution.portal.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Error pages: a service's refusal is shown with its status and its own words (the portal does not
 * second-guess the service that decided), an unreachable service as 503.
 */
public class ErrorPages {

    private static final Logger LOG = Logger.getLogger(ErrorPages.class);

    private final Template error;

    public ErrorPages(@Location("error.html") Template error) {
        this.error = error;
    }

    @ServerExceptionMapper
    public Response refused(ServiceRefused refused) {
        ServiceProblem problem = refused.problem();
        int status = problem.status() == 401 ? 403 : problem.status();
        String heading = switch (problem.status()) {
            case 403 -> problem.service() + " refused this";
            case 404 -> "Not found, or not yours";
            default -> problem.title();
        };
        return page(status, heading, problem.detail().isEmpty() ? problem.title() : problem.detail(), problem);
    }

    @ServerExceptionMapper
    public Response unavailable(ServiceUnavailable unavailable) {
        LOG.warnf("%s", unavailable.getMessage());
        return page(503, unavailable.service() + " is not reachable right now",
                "Nothing was changed. Try again in a minute.", null);
    }

    @ServerExceptionMapper
    public Response rejected(FormRejected rejected) {
        return page(400, "The form was not accepted", rejected.getMessage() + " Nothing was changed.", null);
    }

    private Response page(int status, String heading, String detail, ServiceProblem problem) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(error.data("status", status).data("heading", heading).data("detail", detail)
                        .data("problemType", problem == null ? "" : problem.type())
                        .data("problem", problem).render())
                .build();
    }
}
