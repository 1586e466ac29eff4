package dev.restitution.portal.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.List;

/**
 * What a service answered when it refused a call: its HTTP status and the RFC 9457 problem body (type,
 * title, detail, field errors), shown to the person as it is, so they read the service's own reason. {@code type} is the
 * last path segment of the problem's type URI (e.g. {@code step-up-required}).
 */
public record ServiceProblem(String service, int status, String type, String title, String detail, List<String> fieldErrors) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY_CHARS = 8192;

    public ServiceProblem {
        fieldErrors = List.copyOf(fieldErrors);
    }

    /** Reads the problem body of a refusal; a body that is no problem document still yields the status. */
    public static ServiceProblem of(String service, Response response) {
        int status = response.getStatus();
        String body = "";
        try {
            if (response.hasEntity()) {
                body = response.readEntity(String.class);
            }
        } catch (RuntimeException unreadable) {
            body = "";
        }
        if (body.length() > MAX_BODY_CHARS) {
            body = body.substring(0, MAX_BODY_CHARS);
        }
        try {
            JsonNode problem = JSON.readTree(body.isEmpty() ? "{}" : body);
            List<String> errors = new ArrayList<>();
            problem.path("errors").forEach(error -> errors.add(
                    error.path("field").asText(error.path("name").asText("")) + ": " + error.path("message").asText(error.path("detail").asText(""))));
            String type = problem.path("type").asText("");
            return new ServiceProblem(service, status, type.substring(type.lastIndexOf('/') + 1),
                    problem.path("title").asText(defaultTitle(status)), problem.path("detail").asText(""), errors);
        } catch (java.io.IOException notJson) {
            return new ServiceProblem(service, status, "", defaultTitle(status), "", List.of());
        }
    }

    private static String defaultTitle(int status) {
        return switch (status) {
            case 400 -> "The request was not accepted";
            case 401 -> "Not signed in";
            case 403 -> "Not allowed";
            case 404 -> "Not found";
            case 409 -> "Not possible in the current state";
            default -> "The service answered " + status;
        };
    }
}
