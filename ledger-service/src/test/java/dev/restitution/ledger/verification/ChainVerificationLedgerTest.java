package dev.restitution.ledger.verification;

import static dev.restitution.ledger.LedgerTestInfrastructure.realmUrl;
import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.recovery.LedgerFixtures.address;
import static dev.restitution.ledger.recovery.LedgerFixtures.balance;
import static dev.restitution.ledger.recovery.LedgerFixtures.txHash;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.KeycloakAdmin;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The ledger's side of on-chain verification with payout-service not running (its tests run alone; the system
 * tests run both against anvil): bookings are never lost or held back, items stay UNVERIFIED, retries are
 * bounded, and no balance ever moves because of a verification.
 */
@QuarkusTest
class ChainVerificationLedgerTest {

    private static final String TOKEN = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";

    private static UUID declare(String assets, String recoveryAddresses) {
        String id = given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body("""
                        {"exchange": "CoinEx", "title": "Verified %s", "cutoffAt": "%s", "assets": [%s],
                         "recoveryAddresses": [%s]}"""
                        .formatted(System.nanoTime(), Instant.now().minus(1, ChronoUnit.HOURS), assets, recoveryAddresses))
                .when().post("/incidents")
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    private static io.restassured.response.ValidatableResponse bookRecovery(UUID incident, String amount) {
        return given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("""
                        {"assetSymbol": "ETH", "kind": "RECOVERED_ON_CHAIN", "amount": "%s", "txHash": "%s",
                         "reason": "returned by the attacker"}""".formatted(amount, txHash()))
                .when().post("/incidents/" + incident + "/recoveries").then();
    }

    private static JsonPath reconciliation(UUID incident) {
        return given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).accept(ContentType.JSON)
                .when().get("/incidents/" + incident + "/reconciliation")
                .then().statusCode(200).extract().jsonPath();
    }

    @Test
    void aRecoveryIsBookedAtOnceAndStaysUnverifiedWhilePayoutServiceCannotBeAsked() {
        // Why: payout-service down must neither lose the booking nor count it as verified; retries are bounded.
        String recoveryAddress = address();
        UUID incident = declare("{\"symbol\": \"ETH\", \"chainId\": 31337, \"decimals\": 18}",
                "{\"chainId\": 31337, \"address\": \"" + recoveryAddress + "\"}");
        String transferId = bookRecovery(incident, "7000")
                .statusCode(201)
                .body("verification.status", equalTo("UNVERIFIED"), "verification.concluded", equalTo(false),
                        "verification.attempts", equalTo(0))
                .extract().path("id");
        // Money: the booking stands in full while unverified.
        assertEquals("7000", balance(incident, "ETH", "AVAILABLE"));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                given().auth().oauth2(tokenFor(DemoUsers.AUDREY))
                        .when().get("/incidents/" + incident + "/transfers/" + transferId)
                        .then().statusCode(200).extract().<Boolean>path("verification.concluded"));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/" + incident + "/transfers/" + transferId)
                .then().body("verification.status", equalTo("UNVERIFIED"), "verification.attempts", equalTo(3),
                        "verification.detail", containsString("gave up after 3 attempts"),
                        "verification.detail", containsString("payout-service"));

        JsonPath reconciled = reconciliation(incident);
        assertEquals(true, reconciled.getBoolean("consistent"), "unverified is listed, not a difference");
        assertEquals("UNVERIFIED", reconciled.getString("assets[0].recoveries[0].verification.status"));
        assertEquals(transferId, reconciled.getString("assets[0].recoveries[0].transferId"));
        assertEquals("eip155:31337", reconciled.getString("assets[0].recoveries[0].chainId"));
        String csv = given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).accept("text/csv")
                .when().get("/incidents/" + incident + "/reconciliation")
                .then().statusCode(200).extract().asString();
        assertTrue(csv.lines().findFirst().orElseThrow().endsWith(",token_verification,recoveries"), csv);
        assertTrue(csv.contains("UNVERIFIED (gave up after 3 attempts"), csv);
        // Money: nothing the verifier did moved a balance, and its final word is in the audit log.
        assertEquals("7000", balance(incident, "ETH", "AVAILABLE"));
        assertEquals("7000", balance(incident, "ETH", "RECOVERED"));
        assertEquals(1, rows("audit_entry where action = 'CHAIN_VERIFIED' and subject_id = '" + transferId + "'"));
    }

    @Test
    void theVerifiersWordIsRecordedAsLedgerServicesServiceAccount() {
        // Why: what the ledger records on its own must name a real realm identity, the one Keycloak gives its client.
        UUID incident = declare("{\"symbol\": \"ETH\", \"chainId\": 31337, \"decimals\": 18}",
                "{\"chainId\": 31337, \"address\": \"" + address() + "\"}");
        String transferId = bookRecovery(incident, "9").statusCode(201).extract().path("id");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() ->
                rows("audit_entry where action = 'CHAIN_VERIFIED' and subject_id = '" + transferId + "'") == 1);
        KeycloakAdmin.ServiceAccountUser serviceAccount = KeycloakAdmin.serviceAccountUser(realmUrl(), "ledger-service");
        assertEquals("service-account-ledger-service", serviceAccount.username());
        assertEquals(1, rows("audit_entry where action = 'CHAIN_VERIFIED' and subject_id = '" + transferId
                + "' and actor_subject_id = '" + serviceAccount.subjectId() + "' and actor_username = '"
                + serviceAccount.username() + "'"));
    }

    @Test
    void aRecoveryOnAChainWithoutARecoveryAddressIsUnverifiedForGoodAtOnce() {
        // Why: without a declared recovery address there is nothing to compare the transaction with; say so.
        UUID incident = declare("{\"symbol\": \"ETH\", \"chainId\": 31337, \"decimals\": 18}",
                "{\"chainId\": 1, \"address\": \"" + address() + "\"}");
        bookRecovery(incident, "5").statusCode(201)
                .body("verification.status", equalTo("UNVERIFIED"), "verification.concluded", equalTo(true),
                        "verification.detail", containsString("no recovery address on eip155:31337"));
        assertEquals("5", balance(incident, "ETH", "AVAILABLE"));
    }

    @Test
    void aDeclaredTokenIsListedUnverifiedUntilTheChainIsAsked() {
        // Why: an unchecked token contract must be visible as unchecked in the reconciliation, not assumed right.
        UUID incident = declare("{\"symbol\": \"ETH\", \"chainId\": 31337, \"decimals\": 18},"
                + "{\"symbol\": \"USDX\", \"chainId\": 31337, \"tokenContract\": \"" + TOKEN + "\", \"decimals\": 6}", "");
        JsonPath reconciled = reconciliation(incident);
        assertNull(reconciled.get("assets.find { it.assetSymbol == 'ETH' }.tokenVerification"), "a native coin has no contract");
        assertEquals("UNVERIFIED", reconciled.getString("assets.find { it.assetSymbol == 'USDX' }.tokenVerification.status"));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/" + incident)
                .then().statusCode(200).body("recoveryAddresses", empty());
    }

    @Test
    void recoveryAddressesAreDeclaredWithTheIncidentAndABadOneIsRefusedByField() {
        // Why: the incident-admin, not the operator booking a recovery, decides where recovered funds must arrive.
        String recoveryAddress = address();
        UUID incident = declare("{\"symbol\": \"ETH\", \"chainId\": 31337, \"decimals\": 18}",
                "{\"chainId\": 31337, \"address\": \"" + recoveryAddress + "\"}");
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).when().get("/incidents/" + incident)
                .then().statusCode(200).body("recoveryAddresses", hasSize(1),
                        "recoveryAddresses[0].chainId", equalTo(31337), "recoveryAddresses[0].address", equalTo(recoveryAddress));
        long incidents = rows("incident");
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body("""
                        {"exchange": "CoinEx", "title": "Bad recovery address", "cutoffAt": "%s",
                         "assets": [{"symbol": "ETH", "chainId": 31337, "decimals": 18}],
                         "recoveryAddresses": [{"chainId": 31337, "address": "%s"}]}"""
                        .formatted(Instant.now().minus(1, ChronoUnit.HOURS), recoveryAddress.toLowerCase()))
                .when().post("/incidents")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("recoveryAddresses[0].address"));
        assertEquals(incidents, rows("incident"), "a refused declaration writes nothing");
    }
}
