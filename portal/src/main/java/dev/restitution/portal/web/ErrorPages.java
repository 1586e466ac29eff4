package dev.restitution.portal.web;

import dev.restitution.portal.language.Messages;
import dev.restitution.portal.language.RequestLanguage;
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
    private final RequestLanguage language;

    public ErrorPages(@Location("error.html") Template error, RequestLanguage language) {
        this.error = error;
        this.language = language;
    }

    @ServerExceptionMapper
    public Response refused(ServiceRefused refused) {
        ServiceProblem problem = refused.problem();
        int status = problem.status() == 401 ? 403 : problem.status();
        Messages messages = language.messages();
        String heading = switch (problem.status()) {
            case 400 -> messages.errorFormNotAccepted();
            case 403 -> messages.errorServiceRefused(problem.service());
            case 404 -> messages.errorNotFound();
            default -> problem.title();
        };
        String detail = problem.detail().isEmpty() ? problem.title() : problem.detail();
        // A service that refuses a request writes nothing (every service answers bad input with a problem and no change).
        return page(status, heading, status < 500 ? detail + " " + messages.errorNothingChanged() : detail, problem);
    }

    @ServerExceptionMapper
    public Response unavailable(ServiceUnavailable unavailable) {
        LOG.warnf("%s", unavailable.getMessage());
        Messages messages = language.messages();
        return page(503, messages.errorUnreachable(unavailable.service()), messages.errorTryAgain(), null);
    }

    @ServerExceptionMapper
    public Response rejected(FormRejected rejected) {
        Messages messages = language.messages();
        return page(400, messages.errorFormNotAccepted(), rejected.text(language.get()) + " " + messages.errorNothingChanged(),
                null);
    }

    /** A request the portal's own routing refuses: unknown page (404), wrong method (405), unreadable input. */
    @ServerExceptionMapper
    public Response routing(WebApplicationException refused) {
        Response response = refused.getResponse();
        int status = response.getStatus();
        if (status < 400) {
            return response;
        }
        Messages messages = language.messages();
        return switch (status) {
            case 404 -> page(404, messages.errorPageNotFound(), messages.errorPageNotFoundText(), null);
            case 405 -> page(405, messages.errorWrongMethod(), messages.errorWrongMethodText(), null);
            default -> status < 500
                    ? page(status, messages.errorRequestNotAccepted(), messages.errorRequestNotAcceptedText(), null)
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
        Messages messages = language.messages();
        return page(400, messages.errorFormNotAccepted(), messages.errorInvalidInput(), problem);
    }

    /** A failure of the portal itself: logged with an id the page shows, so support can find it; no details leak. */
    @ServerExceptionMapper
    public Response unexpected(RuntimeException failure) {
        String errorId = UUID.randomUUID().toString();
        LOG.errorf(failure, "unexpected failure, error id %s", errorId);
        Messages messages = language.messages();
        return page(500, messages.errorUnexpected(), messages.errorUnexpectedText(errorId), null);
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
