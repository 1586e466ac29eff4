package dev.restitution.devstack.openapi;

import com.atlassian.oai.validator.model.Request;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.filter.OrderedFilter;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Validates every REST Assured exchange of a service's {@code @QuarkusTest}s against the OpenAPI
 * document the service serves ({@link ApiDocument#served()}), so drift between document and behaviour
 * fails a test. A module turns it on once by naming this class in
 * {@code src/test/resources/META-INF/services/io.quarkus.test.junit.callback.QuarkusTestBeforeClassCallback};
 * Quarkus then calls it in the class loader the tests run in, before each test class, and it installs
 * one {@link DocumentValidationFilter} as a global REST Assured filter.
 *
 * <p>A test that sends a request the document forbids on purpose (a hostile or malformed input, a
 * missing token) says so on that request with {@link #invalidRequestOnPurpose()}: the response (the
 * problem body) is still checked, and the request must really break the document.
 */
public final class ApiDocumentValidation implements QuarkusTestBeforeClassCallback {

    /** Parsed once per class loader: every test class of a module shares one document. */
    private static final class Installed {
        static final DocumentValidationFilter FILTER = new DocumentValidationFilter(ApiDocument.served().validator());
    }

    @Override
    public void beforeClass(Class<?> testClass) {
        install();
    }

    /** Idempotent: replaces a filter of this kind installed before (by this or an earlier class loader). */
    static void install() {
        List<Filter> others = RestAssured.filters().stream()
                .filter(filter -> !filter.getClass().getName().equals(DocumentValidationFilter.class.getName()))
                .toList();
        RestAssured.replaceFiltersWith(others);
        RestAssured.filters(Installed.FILTER);
    }

    /**
     * The same check for an exchange a test makes with {@code java.net.http} (many requests at once, where
     * REST Assured's shared state is in the way): the request as sent, its body if any, and the answer.
     */
    public static void assertDocumented(HttpRequest request, Optional<String> body, HttpResponse<String> response) {
        Installed.FILTER.check(sent(request, body), answered(response), false, request.method() + " " + request.uri());
    }

    /**
     * Only the answer's check, for a request {@code java.net.http} sent that breaks the document in ways it cannot
     * always express (U+0000 in free text): the answer must be one the document gives for that operation.
     */
    public static void assertAnswerDocumented(HttpRequest request, Optional<String> body, HttpResponse<String> response) {
        Installed.FILTER.checkResponse(sent(request, body), answered(response), request.method() + " " + request.uri());
    }

    /**
     * The check of {@link #assertDocumented} against another document than the service's own: a {@code java.net.http}
     * exchange with the portal checked against its public JSON's document ({@link ApiDocument#bundled}).
     */
    public static void assertDocumentedBy(ApiDocument document, HttpRequest request, Optional<String> body,
                                          HttpResponse<String> response) {
        new DocumentValidationFilter(document.validator())
                .check(sent(request, body), answered(response), false, request.method() + " " + request.uri());
    }

    /** {@link #assertAnswerDocumented} against another document than the service's own (see {@link #assertDocumentedBy}). */
    public static void assertAnswerDocumentedBy(ApiDocument document, HttpRequest request, Optional<String> body,
                                                HttpResponse<String> response) {
        new DocumentValidationFilter(document.validator())
                .checkResponse(sent(request, body), answered(response), request.method() + " " + request.uri());
    }

    private static Request sent(HttpRequest request, Optional<String> body) {
        SimpleRequest.Builder sent = new SimpleRequest.Builder(request.method(), request.uri().getRawPath());
        request.headers().map().forEach(sent::withHeader);
        queryParameters(request.uri()).forEach(sent::withQueryParam);
        body.ifPresent(sent::withBody);
        return sent.build();
    }

    private static com.atlassian.oai.validator.model.Response answered(HttpResponse<String> response) {
        SimpleResponse.Builder answered = new SimpleResponse.Builder(response.statusCode()).withBody(response.body());
        response.headers().map().forEach(answered::withHeader);
        return answered.build();
    }

    private static Map<String, List<String>> queryParameters(URI uri) {
        Map<String, List<String>> parameters = new LinkedHashMap<>();
        if (uri.getRawQuery() != null) {
            for (String pair : uri.getRawQuery().split("&")) {
                String[] nameAndValue = pair.split("=", 2);
                parameters.computeIfAbsent(URLDecoder.decode(nameAndValue[0], StandardCharsets.UTF_8), name -> new ArrayList<>())
                        .add(nameAndValue.length == 2 ? URLDecoder.decode(nameAndValue[1], StandardCharsets.UTF_8) : "");
            }
        }
        return parameters;
    }

    /**
     * Marks one request as breaking the API document on purpose: {@code given().filter(invalidRequestOnPurpose())}.
     * Only the response is then validated; the filter fails the test if the document allows the request.
     */
    public static Filter invalidRequestOnPurpose() {
        return new InvalidRequestOnPurpose();
    }

    /** Public: REST Assured calls filters from Groovy, which needs a public class. */
    public static final class InvalidRequestOnPurpose implements OrderedFilter {

        private InvalidRequestOnPurpose() {
        }

        @Override
        public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification response,
                FilterContext context) {
            context.setValue(DocumentValidationFilter.INVALID_REQUEST_ON_PURPOSE, Boolean.TRUE);
            return context.next(request, response);
        }

        /** Before the validating filter, which reads the mark. */
        @Override
        public int getOrder() {
            return HIGHEST_PRECEDENCE;
        }
    }
}
