package dev.restitution.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItems;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.demo.DemoWallets;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.DevStack;
import dev.restitution.devstack.Platform;
import dev.restitution.devstack.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The walking skeleton's thread on real infrastructure, with the services as the processes that
 * {@code ./restitution run} starts: an incident declared on the ledger reaches claimants through
 * the ledger's outbox, Kafka and claims-service's idempotent consumer.
 */
class IncidentThreadTest {

    private static DevStack stack;
    private static Platform platform;

    @BeforeAll
    static void startPlatform() {
        Path root = Path.of(System.getProperty("restitution.repository-root", "..")).toAbsolutePath().normalize();
        stack = DevStack.shared();
        platform = Platform.start(stack, Platform.Options.onFreePorts(root, Path.of("target", "platform-logs")));
    }

    @AfterAll
    static void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }

    private static String tokenFor(String username) {
        return Tokens.forDemoUser(stack.realmUrl(), username);
    }

    @Test
    void everyServiceIsReadyWithItsDependenciesChecked() {
        // Why: in a real deployment each service reports its database and Kafka, and payout its chain, on its management port.
        for (String service : Platform.SERVICES) {
            given().baseUri(platform.managementUrl(service)).when().get("/q/health/ready")
                    .then().statusCode(200)
                    .body("status", equalTo("UP"),
                            "checks.name", hasItems("Database connections health check", "Kafka connection health check"));
            given().baseUri(platform.serviceUrl(service)).when().get("/q/health/ready").then().statusCode(404);
        }
    }

    @Test
    void incidentDeclaredOnTheLedgerIsKnownToClaimsService() {
        // Why: this is the path every later event takes: outbox -> Kafka -> idempotent consumer -> API. Support reads
        // it (a claimant sees an incident only once it is open for claims and holds their account).
        String title = "Hot wallet breach " + System.nanoTime();
        String incidentId = given().baseUri(platform.serviceUrl("ledger"))
                .auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body("""
                        {"exchange": "CoinEx", "title": "%s", "cutoffAt": "%s",
                         "assets": [{"symbol": "ETH", "chainId": 31337, "decimals": 18}]}"""
                        .formatted(title, Instant.now().minus(2, ChronoUnit.HOURS)))
                .when().post("/incidents")
                .then().statusCode(201).extract().path("id");

        Map<String, Object> listed = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> incidentKnownToClaims(incidentId), Optional::isPresent).orElseThrow();
        assertEquals(title, listed.get("title"));
        assertEquals("CoinEx", listed.get("exchange"));
    }

    @Test
    void claimantCannotDeclareAnIncident() {
        // Why: maker rights are enforced by the service a claimant can reach directly, not by a front end.
        given().baseUri(platform.serviceUrl("ledger"))
                .auth().oauth2(tokenFor(DemoUsers.ALICE)).contentType(ContentType.JSON)
                .body("""
                        {"exchange": "CoinEx", "title": "Not allowed", "cutoffAt": "2026-01-01T00:00:00Z",
                         "assets": [{"symbol": "ETH", "chainId": 31337, "decimals": 18}]}""")
                .when().post("/incidents")
                .then().statusCode(403).contentType("application/problem+json");
    }

    @Test
    void claimantOpensAClaimPrefilledFromTheLedgersSealedSnapshotAndItsApprovalIsBooked() throws Exception {
        // Why: claims-service reads the claimant's sealed balances from the real ledger with the claimant's own
        // token, after learning the seal through Kafka; its ClaimApproved reaches the ledger as a liability.
        String ledger = platform.serviceUrl("ledger");
        String incidentId = given().baseUri(ledger).auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body("""
                        {"exchange": "CoinEx", "title": "Sealed breach %d", "cutoffAt": "%s",
                         "assets": [{"symbol": "ETH", "chainId": 31337, "decimals": 18}]}"""
                        .formatted(System.nanoTime(), Instant.now().minus(2, ChronoUnit.HOURS)))
                .when().post("/incidents")
                .then().statusCode(201).extract().path("id");
        String importId = java.util.UUID.randomUUID().toString();
        given().baseUri(ledger).auth().oauth2(tokenFor(DemoUsers.IAN)).contentType("text/csv")
                .body("account_id,asset,amount\n" + DemoUsers.ALICE_ACCOUNT_ID + ",ETH,2500000000000000000\n"
                        + DemoUsers.BOB_ACCOUNT_ID + ",ETH,1\n")
                .when().put("/incidents/" + incidentId + "/snapshot/imports/" + importId)
                .then().statusCode(201);
        given().baseUri(ledger).auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body(Map.of("importId", importId))
                .when().post("/incidents/" + incidentId + "/snapshot/seal")
                .then().statusCode(200);
        // Claims open with a bar date; claims-service learns it from IncidentStateChanged.
        given().baseUri(ledger).auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body(Map.of("to", "CLAIMS_OPEN", "reason", "claims window opens",
                        "claimsDeadline", Instant.now().plus(30, ChronoUnit.DAYS).toString()))
                .when().post("/incidents/" + incidentId + "/transitions")
                .then().statusCode(200);

        String aliceToken = tokenFor(DemoUsers.ALICE);
        String key = "open-" + java.util.UUID.randomUUID();
        JsonPath claim = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250)).until(() ->
                given().baseUri(platform.serviceUrl("claims")).auth().oauth2(aliceToken)
                        .header("Idempotency-Key", key)
                        .when().post("/incidents/" + incidentId + "/claims").then().extract(),
                response -> response.statusCode() == 201).jsonPath();
        assertEquals(DemoUsers.ALICE_ACCOUNT_ID, claim.getString("accountId"));
        assertEquals("ETH", claim.getString("lines[0].asset"));
        assertEquals("2500000000000000000", claim.getString("lines[0].snapshotAmount"));
        assertEquals(1, claim.getList("lines").size());

        // Accept, prove an address on the incident's chain, KYC, submit: approved, and the ledger books it.
        String claims = platform.serviceUrl("claims");
        String claimId = claim.getString("id");
        given().baseUri(claims).auth().oauth2(aliceToken)
                .when().post("/claims/" + claimId + "/lines/" + claim.getString("lines[0].id") + "/accept")
                .then().statusCode(200);
        given().baseUri(claims).auth().oauth2(aliceToken).contentType(ContentType.JSON)
                .body(DemoWallets.signedProof(incidentId, DemoUsers.ALICE_ACCOUNT_ID, 31337,
                        org.web3j.crypto.Credentials.create(org.web3j.crypto.Keys.createEcKeyPair())))
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(200);
        given().baseUri(claims).auth().oauth2(Tokens.forClient(stack.realmUrl(), "kyc-provider", "kyc-provider-dev-secret"))
                .contentType(ContentType.JSON).body(Map.of("status", "VERIFIED", "reference", "system-test"))
                .when().put("/accounts/" + DemoUsers.ALICE_ACCOUNT_ID + "/kyc").then().statusCode(200);
        given().baseUri(claims).auth().oauth2(aliceToken).header("Idempotency-Key", "submit-" + claimId)
                .when().post("/claims/" + claimId + "/submit")
                .then().statusCode(200).body("status", equalTo("APPROVED"));
        String auditorToken = tokenFor(DemoUsers.AUDREY);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                given().baseUri(ledger).auth().oauth2(auditorToken)
                        .when().get("/incidents/" + incidentId + "/reconciliation")
                        .then().statusCode(200).extract().jsonPath()
                        .getString("assets.find { it.assetSymbol == 'ETH' }.approved"),
                equalTo("2500000000000000000"));
    }

    private static Optional<Map<String, Object>> incidentKnownToClaims(String incidentId) {
        JsonPath page = given().baseUri(platform.serviceUrl("claims"))
                .auth().oauth2(tokenFor(DemoUsers.SAM)).queryParam("limit", 200)
                .when().get("/incidents")
                .then().statusCode(200).extract().jsonPath();
        return page.<Map<String, Object>>getList("items").stream()
                .filter(item -> incidentId.equals(item.get("id"))).findFirst();
    }
}
