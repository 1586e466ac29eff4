package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.ClaimsTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.kit.money.Uint256;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.RawHttp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RequestLimitsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String ABOVE_UINT256 = Uint256.MAX.add(BigInteger.ONE).toString();

    @Test
    void everyoneClaimsServiceServesReadsItsConfiguredLimits() {
        // Why: the address-proof validity, the four-eyes values and the upload limits decide what people may do;
        // claimants and staff read them from the service instead of guessing.
        for (String user : new String[] {DemoUsers.ALICE, DemoUsers.SAM, DemoUsers.LENA, DemoUsers.AUDREY, DemoUsers.IAN}) {
            given().auth().oauth2(tokenFor(user)).when().get("/limits").then().statusCode(200)
                    .body("addressProofMaxValiditySeconds", equalTo(3600),
                            "evidenceMaxBytes", equalTo(5242880), "evidenceMaxFilesPerClaim", equalTo(20),
                            "fourEyesAbove.asset", contains("BNB", "BTC", "ETH", "USDC", "USDT"),
                            "fourEyesAbove.find { it.asset == 'ETH' }.minorUnits", equalTo("1000"),
                            "fourEyesAbove.find { it.asset == 'USDC' }.minorUnits", equalTo("10000000000"),
                            "reviewSlaHours", equalTo(72), "pageSizeMax", equalTo(200), "pageSizeDefault", equalTo(50),
                            "requestBodyMaxBytes", equalTo(10485760));
        }
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).when().get("/limits").then().statusCode(403);
        given().when().get("/limits").then().statusCode(401);
    }

    @Test
    void aDeclaredBodyAboveTheLimitIsA413ProblemBeforeAnythingIsRead() throws Exception {
        // Why: a 20 MB upload used to see its connection reset; the sender is told why, and nothing is written.
        long before = rows("claim_evidence");
        RawHttp.Answer answer = RawHttp.exchange(RestAssured.port, String.join("\r\n",
                "POST /claims/" + UUID.randomUUID() + "/evidence?fileName=big.pdf HTTP/1.1",
                "Host: 127.0.0.1",
                "Authorization: Bearer " + tokenFor(DemoUsers.ALICE),
                "Content-Type: application/pdf",
                "Content-Length: " + 20 * 1024 * 1024), "%PDF-1.4\n".getBytes(StandardCharsets.US_ASCII));
        assertEquals(413, answer.status());
        assertEquals("application/problem+json", answer.header("Content-Type"));
        JsonNode problem = JSON.readTree(answer.body());
        assertEquals("/problems/body-too-large", problem.path("type").asText());
        assertEquals(413, problem.path("status").asInt());
        assertTrue(problem.path("detail").asText().contains("10485760 bytes"), problem.toString());
        assertEquals(before, rows("claim_evidence"));
    }

    @Test
    void evidenceWithoutAContentTypeIsA415ProblemAndNothingIsStored() throws Exception {
        // Why: a file whose type nobody declared was stored as text/plain; its type must be stated, then checked.
        String claimId = openClaimUnderReview();
        byte[] text = "my bank statement says otherwise".getBytes(StandardCharsets.UTF_8);
        RawHttp.Answer answer = RawHttp.exchange(RestAssured.port, String.join("\r\n",
                "POST /claims/" + claimId + "/evidence?fileName=note.txt HTTP/1.1",
                "Host: 127.0.0.1",
                "Authorization: Bearer " + tokenFor(DemoUsers.ALICE),
                "Content-Length: " + text.length,
                "Connection: close"), text);
        assertEquals(415, answer.status(), answer.body());
        assertEquals("application/problem+json", answer.header("Content-Type"));
        assertEquals(415, JSON.readTree(answer.body()).path("status").asInt());
        assertEquals(0, rows("claim_evidence where claim_id = '" + claimId + "'"));
    }

    @Test
    void amountsAboveUint256AreRefusedNamingTheFieldAndNothingChanges() throws Exception {
        // Why: the documents' 78 digits admit 10^78-1; no chain holds more than 2^256-1, so no claim may ask for it.
        String claimId = openClaimUnderReview();
        String lineId = given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/claims/" + claimId)
                .then().statusCode(200).extract().path("lines[0].id");
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).contentType(ContentType.JSON)
                .body(Map.of("claimedAmount", ABOVE_UINT256, "explanation", "far more"))
                .when().post("/claims/" + claimId + "/lines/" + lineId + "/dispute")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("claimedAmount"), "errors[0].message", containsString("2^256-1"));
        given().auth().oauth2(tokenFor(DemoUsers.SAM)).queryParam("minClaimedAmount", ABOVE_UINT256)
                .when().get("/review-queue")
                .then().statusCode(400).body("errors.field", contains("minClaimedAmount"));
        given().auth().oauth2(tokenFor(DemoUsers.SAM)).queryParam("maxClaimedAmount", ABOVE_UINT256)
                .when().get("/review-queue")
                .then().statusCode(400).body("errors.field", contains("maxClaimedAmount"));
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/claims/" + claimId).then().statusCode(200)
                .body("lines[0].claimedAmount", equalTo("4200"));
    }

    /** A claim of alice's with its ETH line disputed (4200 claimed), waiting for review. */
    private String openClaimUnderReview() throws Exception {
        try (ClaimsFixture fixture = new ClaimsFixture()) {
            return ClaimSteps.underReview(fixture, DemoUsers.ALICE,
                    DemoUsers.ALICE_ACCOUNT_ID, "2100", "4200").getString("id");
        }
    }
}
