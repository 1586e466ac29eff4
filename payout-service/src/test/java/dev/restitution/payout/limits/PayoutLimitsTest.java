package dev.restitution.payout.limits;

import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
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
import org.junit.jupiter.api.Test;

@QuarkusTest
class PayoutLimitsTest {

    @Test
    void financeAndAuditorsReadTheBatchApprovalThresholds() {
        // Why: an approver must know before approving whether a batch needs a second approver and how large batches get.
        for (String user : new String[] {DemoUsers.FIONA, DemoUsers.FRANK, DemoUsers.AUDREY}) {
            given().auth().oauth2(tokenFor(user)).when().get("/limits").then().statusCode(200)
                    .body("secondApprovalAbove.asset", contains("BNB", "ETH", "USDC", "USDT"),
                            "secondApprovalAbove.find { it.asset == 'ETH' }.minorUnits", equalTo("10000000000000000000"),
                            "batchMaxItems", equalTo(200), "pageSizeMax", equalTo(200), "pageSizeDefault", equalTo(50),
                            "requestBodyMaxBytes", equalTo(10485760));
        }
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/limits").then().statusCode(403);
        given().when().get("/limits").then().statusCode(401);
    }

    @Test
    void aDeclaredBodyAboveTheLimitIsA413ProblemAndNothingIsWritten() throws Exception {
        // Why: every service answers an oversized body with a problem, not a reset connection.
        long batches = rows("payout_batch");
        RawHttp.Answer answer = RawHttp.exchange(RestAssured.port, String.join("\r\n",
                "POST /batches HTTP/1.1",
                "Host: 127.0.0.1",
                "Authorization: Bearer " + tokenFor(DemoUsers.FIONA),
                "Content-Type: application/json",
                "Content-Length: " + 20 * 1024 * 1024), "{\"incidentId\":".getBytes(StandardCharsets.UTF_8));
        assertEquals(413, answer.status());
        assertEquals("application/problem+json", answer.header("Content-Type"));
        JsonNode problem = new ObjectMapper().readTree(answer.body());
        assertEquals("/problems/body-too-large", problem.path("type").asText());
        assertTrue(problem.path("detail").asText().contains("10485760 bytes"), problem.toString());
        assertEquals(batches, rows("payout_batch"));
    }
}
