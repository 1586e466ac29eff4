package dev.restitution.portal;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Sets the scene through the services' own APIs, as an exchange's staff and users would (never into
 * tables): an incident with a sealed snapshot, claims, KYC, recoveries. Each test makes its own incident.
 */
final class Services {

    static final long CHAIN_ID = 31337;
    static final String ALICE_ETH = "2500000000000000000";
    static final String BOB_ETH = "1000000000000000000";
    private static final Duration EVENTUAL = Duration.ofSeconds(60);

    private Services() {
    }

    static String url(String service) {
        return ConfigProvider.getConfig().getValue("quarkus.rest-client." + service + ".url", String.class);
    }

    static String realmUrl() {
        return ConfigProvider.getConfig().getValue("quarkus.oidc.auth-server-url", String.class);
    }

    static String token(String username) {
        return Tokens.forDemoUser(realmUrl(), username);
    }

    /** An incident with ETH on the local chain, alice's and bob's balances sealed, open for claims in claims-service. */
    static String sealedIncident() {
        Map<String, String> ethByAccount = new java.util.LinkedHashMap<>();
        ethByAccount.put(DemoUsers.ALICE_ACCOUNT_ID, ALICE_ETH);
        ethByAccount.put(DemoUsers.BOB_ACCOUNT_ID, BOB_ETH);
        return sealedIncident(ethByAccount);
    }

    /** An incident whose sealed snapshot holds these ETH balances (account to wei), open for claims in claims-service. */
    static String sealedIncident(Map<String, String> ethByAccount) {
        String ian = token(DemoUsers.IAN);
        String incidentId = declaredIncident();
        String importId = UUID.randomUUID().toString();
        StringBuilder csv = new StringBuilder("account_id,asset,amount\n");
        ethByAccount.forEach((account, wei) -> csv.append(account).append(",ETH,").append(wei).append('\n'));
        given().baseUri(url("ledger")).auth().oauth2(ian).contentType("text/csv").body(csv.toString())
                .when().put("/incidents/" + incidentId + "/snapshot/imports/" + importId).then().statusCode(201);
        given().baseUri(url("ledger")).auth().oauth2(ian).contentType(ContentType.JSON).body(Map.of("importId", importId))
                .when().post("/incidents/" + incidentId + "/snapshot/seal").then().statusCode(200);
        // Claims open with a bar date; claims-service learns it from IncidentStateChanged (support reads every incident).
        transition(ian, incidentId, "CLAIMS_OPEN");
        String sam = token(DemoUsers.SAM);
        await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(250)).until(() -> {
            JsonPath listed = given().baseUri(url("claims")).auth().oauth2(sam).queryParam("limit", 200)
                    .when().get("/incidents").then().statusCode(200).extract().jsonPath();
            return "CLAIMS_OPEN".equals(listed.getString("items.find { it.id == '" + incidentId + "' }.state"));
        });
        return incidentId;
    }

    /** An incident with ETH on the local chain, only declared on the ledger: no snapshot, not open for claims. */
    static String declaredIncident() {
        return given().baseUri(url("ledger")).auth().oauth2(token(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body("""
                        {"exchange": "CoinEx", "title": "Hot wallet breach %d", "cutoffAt": "%s",
                         "assets": [{"symbol": "ETH", "chainId": %d, "decimals": 18}]}"""
                        .formatted(System.nanoTime(), Instant.now().minus(2, ChronoUnit.HOURS), CHAIN_ID))
                .when().post("/incidents").then().statusCode(201).extract().path("id");
    }

    /** The KYC provider (a service account, client credentials) attests the account's identity check. */
    static void verifyKyc(String accountId) {
        given().baseUri(url("claims")).auth().oauth2(Tokens.forClient(realmUrl(), "kyc-provider", "kyc-provider-dev-secret"))
                .contentType(ContentType.JSON).body(Map.of("status", "VERIFIED", "reference", "portal-test"))
                .when().put("/accounts/" + accountId + "/kyc").then().statusCode(200);
    }

    /** The incident moves on to distribution (claims closed), as the incident-admin does it. */
    static void startDistributing(String incidentId) {
        String ian = token(DemoUsers.IAN);
        transition(ian, incidentId, "CLAIMS_CLOSED");
        transition(ian, incidentId, "DISTRIBUTING");
    }

    private static void transition(String adminToken, String incidentId, String state) {
        Map<String, Object> body = new java.util.HashMap<>(Map.of("to", state, "reason", "portal test moves on to " + state));
        if (state.equals("CLAIMS_OPEN")) {
            body.put("claimsDeadline", Instant.now().plus(30, ChronoUnit.DAYS).toString());
        }
        given().baseUri(url("ledger")).auth().oauth2(adminToken).contentType(ContentType.JSON).body(body)
                .when().post("/incidents/" + incidentId + "/transitions").then().statusCode(200);
    }

    /** Opens the user's claim (the snapshot seal reaches claims-service through Kafka, so retried until it has). */
    static JsonPath openClaim(String username, String incidentId) {
        String userToken = token(username);
        String key = "test-open-" + UUID.randomUUID();
        return await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(250)).until(() ->
                given().baseUri(url("claims")).auth().oauth2(userToken).header("Idempotency-Key", key)
                        .when().post("/incidents/" + incidentId + "/claims").then().extract(),
                response -> response.statusCode() == 201 || response.statusCode() == 200).jsonPath();
    }

    static JsonPath claim(String username, String claimId) {
        return given().baseUri(url("claims")).auth().oauth2(token(username)).when().get("/claims/" + claimId)
                .then().statusCode(200).extract().jsonPath();
    }

    /** The claimant proves a fresh payout address on the local chain for their claim (EIP-712, as a wallet signs it). */
    static void proveAddress(String username, String accountId, String incidentId, String claimId) throws Exception {
        Signer signer = Signer.fresh();
        String nonce = String.valueOf(System.nanoTime());
        long expiry = Instant.now().plus(10, ChronoUnit.MINUTES).getEpochSecond();
        String typedData = Signer.typedData(incidentId, accountId, CHAIN_ID, signer.address(), nonce, expiry);
        given().baseUri(url("claims")).auth().oauth2(token(username)).contentType(ContentType.JSON)
                .body(Map.of("chainId", CHAIN_ID, "address", signer.address(), "nonce", nonce, "expiry", expiry,
                        "signature", signer.sign(typedData)))
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(200);
    }

    /** alice's claim accepted, address proven, KYC verified, submitted and approved; the ledger has booked it. */
    static String approvedClaim(String incidentId) throws Exception {
        JsonPath opened = openClaim(DemoUsers.ALICE, incidentId);
        String claimId = opened.getString("id");
        String alice = token(DemoUsers.ALICE);
        given().baseUri(url("claims")).auth().oauth2(alice)
                .when().post("/claims/" + claimId + "/lines/" + opened.getString("lines[0].id") + "/accept").then().statusCode(200);
        Signer signer = Signer.fresh();
        String nonce = String.valueOf(System.nanoTime());
        long expiry = Instant.now().plus(10, ChronoUnit.MINUTES).getEpochSecond();
        String typedData = Signer.typedData(incidentId, DemoUsers.ALICE_ACCOUNT_ID, CHAIN_ID, signer.address(), nonce, expiry);
        given().baseUri(url("claims")).auth().oauth2(alice).contentType(ContentType.JSON)
                .body(Map.of("chainId", CHAIN_ID, "address", signer.address(), "nonce", nonce, "expiry", expiry,
                        "signature", signer.sign(typedData)))
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(200);
        verifyKyc(DemoUsers.ALICE_ACCOUNT_ID);
        given().baseUri(url("claims")).auth().oauth2(alice).header("Idempotency-Key", "submit-" + claimId)
                .when().post("/claims/" + claimId + "/submit").then().statusCode(200);
        String auditor = token(DemoUsers.AUDREY);
        await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(500)).until(() -> {
            String approved = given().baseUri(url("ledger")).auth().oauth2(auditor)
                    .when().get("/incidents/" + incidentId + "/reconciliation").then().statusCode(200).extract().jsonPath()
                    .getString("assets.find { it.assetSymbol == 'ETH' }.approved");
            return approved != null && new BigInteger(approved).signum() > 0;
        });
        return claimId;
    }
}
