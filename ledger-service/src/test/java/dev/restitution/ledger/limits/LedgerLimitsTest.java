package dev.restitution.ledger.limits;

import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LedgerLimitsTest {

    @Test
    void staffReadTheLedgersConfiguredLimits() {
        // Why: operators plan uploads and rounds against these limits; they read them instead of guessing.
        for (String user : new String[] {DemoUsers.IAN, DemoUsers.FIONA, DemoUsers.FRANK, DemoUsers.SAM, DemoUsers.LENA,
                DemoUsers.AUDREY}) {
            given().auth().oauth2(tokenFor(user)).when().get("/limits").then().statusCode(200)
                    .body("snapshotMaxUploadBytes", equalTo(2147483648L), "snapshotMaxRows", equalTo(16000000),
                            "convenienceThresholds.asset", contains("SMALL"),
                            "convenienceThresholds[0].minorUnits", equalTo("100"),
                            "pageSizeMax", equalTo(200), "pageSizeDefault", equalTo(50),
                            "requestBodyMaxBytes", equalTo(2147483648L));
        }
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/limits").then().statusCode(403);
        given().when().get("/limits").then().statusCode(401);
    }

    @Test
    void aDeclaredBodyAboveTheLimitIsA413ProblemAndNothingIsWritten() throws Exception {
        // Why: an upload larger than the ledger takes is told so at once, as a problem, before a byte is stored.
        long imports = rows("snapshot_import");
        RawHttp.Answer answer = RawHttp.exchange(RestAssured.port, String.join("\r\n",
                "PUT /incidents/" + UUID.randomUUID() + "/snapshot/imports/" + UUID.randomUUID() + " HTTP/1.1",
                "Host: 127.0.0.1",
                "Authorization: Bearer " + tokenFor(DemoUsers.IAN),
                "Content-Type: text/csv",
                "Content-Length: " + (2147483648L + 1)), "account_id,asset,amount\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(413, answer.status());
        assertEquals("application/problem+json", answer.header("Content-Type"));
        JsonNode problem = new ObjectMapper().readTree(answer.body());
        assertEquals("/problems/body-too-large", problem.path("type").asText());
        assertTrue(problem.path("detail").asText().contains("2147483648 bytes"), problem.toString());
        assertEquals(imports, rows("snapshot_import"));
    }
}
