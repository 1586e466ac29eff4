package dev.restitution.portal.web;

import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import jakarta.validation.ConstraintViolationException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Error pages: a service's refusal is shown with its status and its own words (the portal does not
 * second-guess the service that decided), an unreachable service as 503. Whatever else goes wrong (an
 * unknown page, a malformed address, a form its generated client refuses to send, a failure of the portal
 * itself) is the same HTML page with a plain message: a browser never gets a JSON problem body or a stack.
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
            case 400 -> "The form was not accepted";
            case 403 -> problem.service() + " refused this";
            case 404 -> "Not found, or not yours";
            default -> problem.title();
        };
        String detail = problem.detail().isEmpty() ? problem.title() : problem.detail();
        // A service that refuses a request writes nothing (every service answers bad input with a problem and no change).
        return page(status, heading, status < 500 ? detail + " Nothing was changed." : detail, problem);
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

    /** A request the portal's own routing refuses: unknown page (404), wrong method (405), unreadable input. */
    @ServerExceptionMapper
    public Response routing(WebApplicationException refused) {
        Response response = refused.getResponse();
        int status = response.getStatus();
        if (status < 400) {
            return response;
        }
        return switch (status) {
            case 404 -> page(404, "Page not found", "There is no page at this address, or a part of the address is "
                    + "malformed. Check the link, or start again from the start page.", null);
            case 405 -> page(405, "This page cannot be used that way",
                    "This address does not take that kind of request. Nothing was changed.", null);
            default -> status < 500
                    ? page(status, "The request was not accepted", "The portal could not read this request. Nothing was changed.", null)
                    : unexpected(refused);
        };
    }

    /** Input the generated clients refuse to send (an amount that is no string of digits, say): 400, nothing sent. */
    @ServerExceptionMapper
    public Response invalid(ConstraintViolationException invalid) {
        List<String> errors = invalid.getConstraintViolations().stream()
                .map(violation -> lastNode(violation.getPropertyPath().toString()) + ": " + violation.getMessage())
                .sorted().toList();
        ServiceProblem problem = new ServiceProblem("portal", 400, "invalid-input", "The form was not accepted", "", errors);
        return page(400, "The form was not accepted", "Some of what was entered is not valid. Nothing was sent and nothing was changed.",
                problem);
    }

    /** A failure of the portal itself: logged with an id the page shows, so support can find it; no details leak. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException failure) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(failure, "unexpected failure, error id %s", errorId);
        return page(500, "Something went wrong in the portal", "Nothing is known to have changed; reload the page to "
                + "see the current state before trying again. If it happens again, give support the error id " + errorId + ".", null);
    }

    private static String lastNode(String path) {
        return path.substring(path.lastIndexOf('.') + 1);
    }

    private Response page(int status, String heading, String detail, ServiceProblem problem) {
        return Response.status(status).type(MediaType.TEXT_HTML_TYPE)
                .entity(error.data("status", status).data("heading", heading).data("detail", detail)
                        .data("problemType", problem == null ? "" : problem.type())
                        .data("problem", problem).render())
                .build();
    }
}
