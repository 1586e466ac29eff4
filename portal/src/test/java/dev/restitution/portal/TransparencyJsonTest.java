package dev.restitution.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.devstack.openapi.ApiDocument;
import dev.restitution.devstack.openapi.ApiDocumentValidation;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The public JSON for programs: every answer, refusals included, as contracts/openapi/transparency.yaml says. */
@QuarkusTest
class TransparencyJsonTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiDocument DOCUMENT = ApiDocument.bundled("transparency");

    @Test
    void aDeclaredIncidentsReportLeavesOutWhatDoesNotExistYet() throws Exception {
        // Why: a program reading the report before the seal must find no snapshot and no null, exactly as documented.
        String incidentId = Services.declaredIncident();

        HttpResponse<String> answer = documented(get("/transparency/" + incidentId + ".json"));

        assertEquals(200, answer.statusCode(), answer.body());
        JsonNode report = JSON.readTree(answer.body());
        assertEquals(incidentId, report.get("incidentId").asText());
        assertFalse(report.has("snapshot"), "no snapshot before the seal: " + answer.body());
        assertFalse(answer.body().contains("null"), "an absent value is left out: " + answer.body());
        assertTrue(answer.headers().firstValue("Cache-Control").orElseThrow().contains("max-age=10"), answer.headers().toString());
    }

    @Test
    void aPageThatIsNoWholeNumberInRangeIsRefusedNamingThePageAndNothingIsRead() throws Exception {
        // Why: a program must learn which parameter it got wrong, in JSON, instead of an HTML error page or a default.
        String incidentId = Services.declaredIncident();
        for (String page : List.of("0", "-1", "abc", "1.5", "99999999", "1e3", "+1")) {
            HttpResponse<String> answer = documentedAnswer(get("/transparency/" + incidentId + ".json?page="
                    + URLEncoder.encode(page, StandardCharsets.UTF_8)));
            assertEquals(400, answer.statusCode(), "page=" + page + ": " + answer.body());
            assertProblem(answer, 400);
            JsonNode errors = JSON.readTree(answer.body()).get("errors");
            assertEquals("page", errors.get(0).get("field").asText(), answer.body());
            assertTrue(errors.get(0).get("message").asText().contains("from 1 to"), answer.body());
        }
    }

    @Test
    void anUnknownIncidentIsA404ProblemWhileThePageForPeopleStaysHtml() throws Exception {
        // Why: the JSON address answers programs in JSON whatever happens; the HTML page beside it keeps its page.
        HttpResponse<String> unknown = documented(get("/transparency/" + UUID.randomUUID() + ".json"));
        assertEquals(404, unknown.statusCode(), unknown.body());
        assertProblem(unknown, 404);

        HttpResponse<String> page = send(HttpRequest.newBuilder(portal("/transparency/" + UUID.randomUUID()))
                .timeout(Duration.ofSeconds(30)).header("Accept", "text/html").GET().build());
        assertEquals(404, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"),
                "the page for people stays HTML: " + page.headers());
    }

    private static void assertProblem(HttpResponse<String> answer, int status) throws Exception {
        assertTrue(answer.headers().firstValue("Content-Type").orElseThrow().startsWith("application/problem+json"),
                answer.headers().toString());
        JsonNode problem = JSON.readTree(answer.body());
        assertEquals(status, problem.get("status").asInt(), answer.body());
        assertTrue(problem.get("type").asText().startsWith("/problems/"), answer.body());
    }

    private static HttpRequest get(String path) {
        return HttpRequest.newBuilder(portal(path)).timeout(Duration.ofSeconds(30)).header("Accept", "application/json")
                .GET().build();
    }

    private static URI portal(String path) {
        return URI.create(PortalBrowser.PORTAL + path);
    }

    /** Sends the request and fails unless both it and the answer are as the document says. */
    private static HttpResponse<String> documented(HttpRequest request) throws Exception {
        HttpResponse<String> answer = send(request);
        ApiDocumentValidation.assertDocumentedBy(DOCUMENT, request, Optional.empty(), answer);
        return answer;
    }

    /** Sends a request the document forbids on purpose; fails unless the answer is one the document gives. */
    private static HttpResponse<String> documentedAnswer(HttpRequest request) throws Exception {
        HttpResponse<String> answer = send(request);
        ApiDocumentValidation.assertAnswerDocumentedBy(DOCUMENT, request, Optional.empty(), answer);
        return answer;
    }

    private static HttpResponse<String> send(HttpRequest request) throws Exception {
        try (HttpClient client = HttpClient.newHttpClient()) {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        }
    }
}
