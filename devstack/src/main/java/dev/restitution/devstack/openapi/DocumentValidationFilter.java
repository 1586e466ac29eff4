package dev.restitution.devstack.openapi;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.report.SimpleValidationReportFormat;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.RestAssured;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.net.URI;
import java.util.Set;

/**
 * Fails the test whose request to the service under test, or whose response from it, differs from the
 * service's OpenAPI document: an undocumented status, field, media type or parameter, a null, a value
 * outside its pattern. A request marked with {@link ApiDocumentValidation#invalidRequestOnPurpose()}
 * must break the document (or the marker is stale) and only its response is checked.
 *
 * <p>Requests to other servers (Keycloak, stand-ins) and to Quarkus's own endpoints under {@code /q/}
 * (health, metrics, the document itself) are not the service's API and pass unchecked.
 */
public final class DocumentValidationFilter implements OrderedFilter {

    /** The filter context value {@link ApiDocumentValidation#invalidRequestOnPurpose()} sets. */
    static final String INVALID_REQUEST_ON_PURPOSE = "dev.restitution.openapi.invalid-request-on-purpose";

    /** Without a matching operation the document says nothing about the response (an unknown path's 404). */
    private static final Set<String> NO_OPERATION = Set.of("validation.request.path.missing",
            "validation.request.operation.notAllowed");

    private final OpenApiInteractionValidator validator;

    DocumentValidationFilter(OpenApiInteractionValidator validator) {
        this.validator = validator;
    }

    @Override
    public Response filter(FilterableRequestSpecification requestSpec, FilterableResponseSpecification responseSpec,
            FilterContext context) {
        Response response = context.next(requestSpec, responseSpec);
        if (!toTheServiceUnderTest(requestSpec)) {
            return response;
        }
        check(RestAssuredRequest.of(requestSpec), RestAssuredResponse.of(response),
                context.hasValue(INVALID_REQUEST_ON_PURPOSE), requestSpec.getMethod() + " " + requestSpec.getURI());
        return response;
    }

    /**
     * Fails unless the request is as documented (or breaks the document, when it does so on purpose) and
     * the response is as the document says for the request's operation.
     */
    void check(Request request, com.atlassian.oai.validator.model.Response response, boolean invalidOnPurpose,
            String requested) {
        ValidationReport requestReport = validator.validateRequest(request);
        String exchange = requested + " answered " + response.getStatus();
        if (invalidOnPurpose) {
            if (!requestReport.hasErrors()) {
                throw new AssertionError(exchange + ": the request is marked as breaking the API document on purpose,"
                        + " but the document allows it; drop the marker or send what the test means to send");
            }
            if (requestReport.getMessages().stream().anyMatch(message -> NO_OPERATION.contains(message.getKey()))) {
                return;
            }
            failOnErrors(exchange + ": the response differs from the API document",
                    validator.validateResponse(request.getPath(), request.getMethod(), response));
            return;
        }
        failOnErrors(exchange + ": the exchange differs from the API document",
                requestReport.merge(validator.validateResponse(request.getPath(), request.getMethod(), response)));
    }

    /** Fails unless the response is as the document says for the operation the request names, whatever the request. */
    void checkResponse(Request request, com.atlassian.oai.validator.model.Response response, String requested) {
        failOnErrors(requested + " answered " + response.getStatus() + ": the response differs from the API document",
                validator.validateResponse(request.getPath(), request.getMethod(), response));
    }

    /** Runs inside the marker, so the marker's context value is set when this filter reads it. */
    @Override
    public int getOrder() {
        return DEFAULT_PRECEDENCE;
    }

    private static boolean toTheServiceUnderTest(FilterableRequestSpecification requestSpec) {
        URI uri = URI.create(requestSpec.getURI());
        return uri.getPort() == RestAssured.port && !uri.getPath().startsWith("/q/");
    }

    private static void failOnErrors(String what, ValidationReport report) {
        if (report.hasErrors()) {
            throw new AssertionError(what + ":\n" + SimpleValidationReportFormat.getInstance().apply(report));
        }
    }
}
