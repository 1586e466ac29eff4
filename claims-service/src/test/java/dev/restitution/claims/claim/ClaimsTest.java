package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.realmUrl;
import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.ClaimsTestInfrastructure.tokenFor;
import static dev.restitution.claims.claim.ClaimsFixture.BSC;
import static dev.restitution.claims.claim.ClaimsFixture.ETHEREUM;
import static dev.restitution.claims.claim.ClaimsFixture.checksummed;
import static dev.restitution.claims.claim.ClaimsFixture.proof;
import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.restitution.contracts.events.ClaimApproved;
import dev.restitution.contracts.events.DenylistChanged;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.Tokens;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

@QuarkusTest
class ClaimsTest {

    private static final String ALICE_ACCOUNT = DemoUsers.ALICE_ACCOUNT_ID;
    private static final String BOB_ACCOUNT = DemoUsers.BOB_ACCOUNT_ID;
    private final ClaimsFixture fixture = new ClaimsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static RequestSpecification as(String user) {
        return given().auth().oauth2(tokenFor(user));
    }

    private static RequestSpecification asKycProvider() {
        return given().auth().oauth2(Tokens.forClient(realmUrl(), "kyc-provider", "kyc-provider-dev-secret"));
    }

    private static JsonPath open(String user, UUID incidentId, int status) {
        return as(user).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/incidents/" + incidentId + "/claims")
                .then().statusCode(status).extract().jsonPath();
    }

    private static void attestKyc(String accountId, String status) {
        asKycProvider().contentType(ContentType.JSON)
                .body(Map.of("status", status, "reference", "provider-check-" + UUID.randomUUID()))
                .when().put("/accounts/" + accountId + "/kyc")
                .then().statusCode(200).body("status", equalTo(status));
    }

    private static long nowSeconds() {
        return Instant.now().getEpochSecond();
    }

    private static String nonce() {
        return UUID.randomUUID().toString().replace("-", "").chars()
                .mapToObj(character -> String.valueOf(character % 10)).reduce("1", String::concat);
    }

    @Test
    void claimantOpensOneClaimPrefilledWithSealedBalances() {
        // Why: the claim starts from what the sealed snapshot holds for the caller's account, once per account.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "1500000000000000000", "BNB", "0")));
        String key = "open-" + UUID.randomUUID();
        JsonPath opened = as(DemoUsers.ALICE).header("Idempotency-Key", key)
                .when().post("/incidents/" + incidentId + "/claims")
                .then().statusCode(201).body("status", equalTo("DRAFT")).body("accountId", equalTo(ALICE_ACCOUNT))
                .body("lines", hasSize(1)).body("lines[0].asset", equalTo("ETH"))
                .body("lines[0].snapshotAmount", equalTo("1500000000000000000"))
                .body("lines[0].status", equalTo("PENDING")).extract().jsonPath();
        String claimId = opened.getString("id");
        // The same key answers the same claim and writes nothing.
        as(DemoUsers.ALICE).header("Idempotency-Key", key).when().post("/incidents/" + incidentId + "/claims")
                .then().statusCode(200).body("id", equalTo(claimId));
        // Another key cannot open a second claim for the account.
        open(DemoUsers.ALICE, incidentId, 409);
        as(DemoUsers.ALICE).when().get("/incidents/" + incidentId + "/claims/mine")
                .then().statusCode(200).body("id", equalTo(claimId));
        as(DemoUsers.BOB).when().get("/incidents/" + incidentId + "/claims/mine").then().statusCode(404);
        as(DemoUsers.SAM).when().get("/incidents/" + incidentId + "/claims/mine").then().statusCode(403);
        assertEquals(1, rows("claim where incident_id = '" + incidentId + "'"));
        assertEquals(1, rows("audit_entry where chain_key = '" + claimId + "' and action = 'OPENED'"));
    }

    @Test
    void claimsOpenOnlyForKnownIncidentsWithSealedSnapshot() {
        // Why: before the seal the balances may still change; an unknown incident has nothing to claim.
        UUID declaredOnly = fixture.declared();
        as(DemoUsers.ALICE).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/incidents/" + declaredOnly + "/claims")
                .then().statusCode(409).contentType("application/problem+json")
                .body("type", containsStringIgnoringCase("snapshot-not-sealed"));
        open(DemoUsers.ALICE, UUID.randomUUID(), 404);
        as(DemoUsers.ALICE).filter(invalidRequestOnPurpose()).header("Idempotency-Key", "bad key!")
                .when().post("/incidents/" + declaredOnly + "/claims")
                .then().statusCode(400);
        assertEquals(0, rows("claim where incident_id = '" + declaredOnly + "'"));
    }

    @Test
    void ledgerDownIsAServiceUnavailableProblemAfterBoundedRetries() {
        // Why: when the ledger fails the claimant gets a clear 503 and nothing is half-written; retries stay bounded.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "5")));
        fixture.standIn(incidentId, UUID.randomUUID(), Map.of(), true);
        as(DemoUsers.ALICE).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/incidents/" + incidentId + "/claims")
                .then().statusCode(503).contentType("application/problem+json")
                .body("type", containsStringIgnoringCase("ledger-unavailable"));
        assertEquals(3, fixture.ledgerCalls(incidentId));
        assertEquals(0, rows("claim where incident_id = '" + incidentId + "'"));
    }

    @Test
    void claimantNeverReachesAnotherAccountsClaim() {
        // Why: a claimant sees and changes only their own account's claim; staff read, other roles are refused.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "7")));
        JsonPath claim = open(DemoUsers.ALICE, incidentId, 201);
        String claimId = claim.getString("id");
        String lineId = claim.getString("lines[0].id");
        as(DemoUsers.BOB).when().get("/claims/" + claimId).then().statusCode(404);
        as(DemoUsers.BOB).when().post("/claims/" + claimId + "/lines/" + lineId + "/accept").then().statusCode(404);
        as(DemoUsers.BOB).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/claims/" + claimId + "/submit").then().statusCode(404);
        as(DemoUsers.SAM).when().get("/claims/" + claimId).then().statusCode(200).body("id", equalTo(claimId));
        as(DemoUsers.AUDREY).when().get("/claims/" + claimId).then().statusCode(200);
        as(DemoUsers.FIONA).when().get("/claims/" + claimId).then().statusCode(403);
        as(DemoUsers.SAM).when().post("/claims/" + claimId + "/lines/" + lineId + "/accept").then().statusCode(403);
        given().when().get("/claims/" + claimId).then().statusCode(401);
        as(DemoUsers.ALICE).when().get("/claims/" + claimId).then().statusCode(200).body("lines[0].status", equalTo("PENDING"));
    }

    @Test
    void acceptedClaimWithProvenAddressAndKycIsApprovedAndPublished() throws Exception {
        // Why: the fast path: all lines accepted, KYC verified, an address proven per chain -> approved for the
        // snapshot amounts, and ClaimApproved leaves through the outbox.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "1000000000000000000000",
                "BNB", "25")));
        attestKyc(ALICE_ACCOUNT, "VERIFIED");
        JsonPath claim = open(DemoUsers.ALICE, incidentId, 201);
        String claimId = claim.getString("id");
        for (String lineId : claim.getList("lines.id", String.class)) {
            as(DemoUsers.ALICE).when().post("/claims/" + claimId + "/lines/" + lineId + "/accept")
                    .then().statusCode(200);
        }
        ECKeyPair ethKey = Keys.createEcKeyPair();
        ECKeyPair bscKey = Keys.createEcKeyPair();
        String submitKey = "submit-" + UUID.randomUUID();
        // Without an address per chain the claim cannot be submitted.
        as(DemoUsers.ALICE).header("Idempotency-Key", submitKey).when().post("/claims/" + claimId + "/submit")
                .then().statusCode(409).body("type", containsStringIgnoringCase("payout-address-missing"));
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, ALICE_ACCOUNT, ETHEREUM,
                        checksummed(ethKey), nonce(), nowSeconds() + 600, ethKey))
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(200);
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, ALICE_ACCOUNT, BSC,
                        checksummed(bscKey), nonce(), nowSeconds() + 600, bscKey))
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(200)
                .body("payoutAddresses", hasSize(2));
        ConsumerTask<String, String> published = fixture.kafka.consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.CLAIMS_CLAIMS);
        as(DemoUsers.ALICE).header("Idempotency-Key", submitKey).when().post("/claims/" + claimId + "/submit")
                .then().statusCode(200).body("status", equalTo("APPROVED"))
                .body("lines.find { it.asset == 'ETH' }.approvedAmount", equalTo("1000000000000000000000"));
        // The same key again: the same answer, nothing new.
        as(DemoUsers.ALICE).header("Idempotency-Key", submitKey).when().post("/claims/" + claimId + "/submit")
                .then().statusCode(200).body("status", equalTo("APPROVED"));
        assertEquals(1, rows("outbox_event where message_key = '" + claimId + "'"));
        EventEnvelope event = await().atMost(Duration.ofSeconds(30)).until(() -> published.getRecords().stream()
                .filter(record -> claimId.equals(record.key())).findFirst()
                .map(record -> fixture.codec.decode(record.value())), Optional::isPresent).orElseThrow();
        published.close();
        assertEquals(EventTypes.CLAIM_APPROVED, event.type());
        ClaimApproved approved = fixture.codec.payload(event, ClaimApproved.class);
        assertEquals(ALICE_ACCOUNT, approved.getAccountId());
        assertEquals(2, approved.getLines().size());
        approved.getLines().forEach(line -> assertEquals("ETH".equals(line.getAssetSymbol())
                ? checksummed(ethKey) : checksummed(bscKey), line.getPayoutAddress()));
        // Each line names its asset by CAIP-19 id too (the fixture's incident: ETH and BNB, each its chain's native coin).
        approved.getLines().forEach(line -> assertEquals("ETH".equals(line.getAssetSymbol())
                ? "eip155:1/slip44:60" : "eip155:56/slip44:714", line.getAssetId()));
        assertEquals(1, rows("audit_entry where chain_key = '" + claimId + "' and action = 'APPROVED'"));
        assertEquals(7, rows("audit_entry where chain_key = '" + claimId + "'"));
        as(DemoUsers.AUDREY).when().get("/claims/" + claimId + "/audit").then().statusCode(200)
                .body("intact", equalTo(true)).body("entries", hasSize(7))
                .body("entries.action", org.hamcrest.Matchers.contains("OPENED", "LINE_ACCEPTED", "LINE_ACCEPTED",
                        "PAYOUT_ADDRESS_PROVEN", "PAYOUT_ADDRESS_PROVEN", "SUBMITTED", "APPROVED"))
                .body("entries[6].previousHash", equalTo(
                        as(DemoUsers.ALICE).when().get("/claims/" + claimId + "/audit").then().statusCode(200)
                                .extract().jsonPath().getString("entries[5].hash")));
        as(DemoUsers.BOB).when().get("/claims/" + claimId + "/audit").then().statusCode(404);
    }

    @Test
    void submittedClaimWaitsForKycAndIsApprovedByTheAttestation() throws Exception {
        // Why: no claim is approved without KYC; the attestation arriving later completes the verification.
        UUID incidentId = fixture.sealed(Map.of(BOB_ACCOUNT, Map.of("ETH", "42")));
        attestKyc(BOB_ACCOUNT, "REJECTED");
        JsonPath claim = open(DemoUsers.BOB, incidentId, 201);
        String claimId = claim.getString("id");
        as(DemoUsers.BOB).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/claims/" + claimId + "/submit")
                .then().statusCode(409).body("type", containsStringIgnoringCase("lines-undecided"));
        as(DemoUsers.BOB).when().post("/claims/" + claimId + "/lines/" + claim.getString("lines[0].id") + "/accept")
                .then().statusCode(200).body("lines[0].status", equalTo("ACCEPTED"));
        ECKeyPair key = Keys.createEcKeyPair();
        as(DemoUsers.BOB).contentType(ContentType.JSON).body(proof(incidentId, BOB_ACCOUNT, ETHEREUM,
                        checksummed(key), nonce(), nowSeconds() + 600, key))
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(200);
        as(DemoUsers.BOB).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/claims/" + claimId + "/submit")
                .then().statusCode(200).body("status", equalTo("SUBMITTED")).body("kycVerified", equalTo(false));
        assertEquals(0, rows("outbox_event where message_key = '" + claimId + "'"));
        as(DemoUsers.BOB).contentType(ContentType.JSON).body(Map.of("status", "VERIFIED", "reference", "self"))
                .when().put("/accounts/" + BOB_ACCOUNT + "/kyc").then().statusCode(403);
        attestKyc(BOB_ACCOUNT, "VERIFIED");
        as(DemoUsers.BOB).when().get("/claims/" + claimId).then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("lines[0].approvedAmount", equalTo("42"));
        assertEquals(1, rows("outbox_event where message_key = '" + claimId + "'"));
    }

    @Test
    void badAddressProofsAreRefusedAndWriteNothing() throws Exception {
        // Why: only a fresh, unexpired signature by the address's own key over this claim's proof proves control.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "9")));
        String claimId = open(DemoUsers.ALICE, incidentId, 201).getString("id");
        String path = "/claims/" + claimId + "/payout-addresses";
        ECKeyPair owner = Keys.createEcKeyPair();
        ECKeyPair stranger = Keys.createEcKeyPair();
        String address = checksummed(owner);
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, ALICE_ACCOUNT, ETHEREUM, address,
                        nonce(), nowSeconds() + 600, stranger))
                .when().put(path).then().statusCode(400).body("type", containsStringIgnoringCase("signature-mismatch"));
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, BOB_ACCOUNT, ETHEREUM, address,
                        nonce(), nowSeconds() + 600, owner))
                .when().put(path).then().statusCode(400).body("type", containsStringIgnoringCase("signature-mismatch"));
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, ALICE_ACCOUNT, ETHEREUM, address,
                        nonce(), nowSeconds() - 1, owner))
                .when().put(path).then().statusCode(400).body("type", containsStringIgnoringCase("proof-expired"));
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, ALICE_ACCOUNT, ETHEREUM,
                        address.toLowerCase(), nonce(), nowSeconds() + 600, owner))
                .when().put(path).then().statusCode(400).body("errors[0].field", equalTo("address"));
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, ALICE_ACCOUNT, BSC, address,
                        nonce(), nowSeconds() + 600, owner))
                .when().put(path).then().statusCode(400).body("errors[0].field", equalTo("chainId"));
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, ALICE_ACCOUNT, ETHEREUM, address,
                        nonce(), nowSeconds() + 2 * 86_400, owner))
                .when().put(path).then().statusCode(400).body("errors[0].field", equalTo("expiry"));
        assertEquals(0, rows("payout_address where claim_id = '" + claimId + "'"));
        assertEquals(0, rows("address_proof where claim_id = '" + claimId + "'"));
        String usedNonce = nonce();
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, ALICE_ACCOUNT, ETHEREUM, address,
                        usedNonce, nowSeconds() + 600, owner))
                .when().put(path).then().statusCode(200).body("payoutAddresses[0].address", equalTo(address));
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, ALICE_ACCOUNT, ETHEREUM, address,
                        usedNonce, nowSeconds() + 600, owner))
                .when().put(path).then().statusCode(409).body("type", containsStringIgnoringCase("nonce-used"));
        assertEquals(1, rows("address_proof where claim_id = '" + claimId + "'"));
    }

    @Test
    void denylistedAddressIsRefusedNeutrallyAndTheAttemptRecorded() throws Exception {
        // Why: attacker and sanctioned addresses are never accepted, the claimant is not told why, staff can see it.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "11")));
        ECKeyPair attacker = Keys.createEcKeyPair();
        String address = checksummed(attacker);
        fixture.denylistChanged(DenylistChanged.Change.ADDED, ETHEREUM, Optional.of(incidentId), address);
        String claimId = open(DemoUsers.ALICE, incidentId, 201).getString("id");
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, ALICE_ACCOUNT, ETHEREUM, address,
                        nonce(), nowSeconds() + 600, attacker))
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(400)
                .body("type", containsStringIgnoringCase("address-not-accepted"))
                .body("detail", not(containsStringIgnoringCase("deny")));
        assertEquals(0, rows("payout_address where claim_id = '" + claimId + "'"));
        assertEquals(1, rows("denylist_hit where claim_id = '" + claimId + "'"));
        assertEquals(1, rows("audit_entry where chain_key = '" + claimId + "' and action = 'PAYOUT_ADDRESS_REFUSED'"));
    }

    @Test
    void auditEntriesCannotBeChanged() {
        // Why: the audit log is append-only; the database itself refuses updates and deletes.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "3")));
        String claimId = open(DemoUsers.ALICE, incidentId, 201).getString("id");
        assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager()
                .createNativeQuery("update audit_entry set actor_username = 'mallory' where chain_key = '" + claimId + "'")
                .executeUpdate()));
        assertThrows(RuntimeException.class, () -> QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager()
                .createNativeQuery("delete from audit_entry where chain_key = '" + claimId + "'").executeUpdate()));
        assertEquals(1, rows("audit_entry where chain_key = '" + claimId + "'"));
    }

    @Test
    void concurrentOpeningsWithOneKeyMakeOneClaim() throws Exception {
        // Why: a portal retrying under load sends the same key several times at once; one claim results.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "13")));
        String key = "rush-" + UUID.randomUUID();
        String token = tokenFor(DemoUsers.ALICE);
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(4);
        try {
            List<java.util.concurrent.Future<io.restassured.response.Response>> answers = pool.invokeAll(
                    java.util.Collections.nCopies(4, () -> given().auth().oauth2(token).header("Idempotency-Key", key)
                            .when().post("/incidents/" + incidentId + "/claims")));
            java.util.Set<String> ids = new java.util.HashSet<>();
            for (java.util.concurrent.Future<io.restassured.response.Response> answer : answers) {
                io.restassured.response.Response response = answer.get();
                org.junit.jupiter.api.Assertions.assertTrue(response.statusCode() == 201 || response.statusCode() == 200,
                        () -> "unexpected " + response.statusCode() + " " + response.asString());
                ids.add(response.jsonPath().getString("id"));
            }
            assertEquals(1, ids.size());
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, rows("claim where incident_id = '" + incidentId + "'"));
    }

    @Test
    void proofWithUnknownOrMalformedFieldsIsABadRequest() throws Exception {
        // Why: bad input is a 400 problem naming the field, and nothing is written.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "17")));
        String claimId = open(DemoUsers.ALICE, incidentId, 201).getString("id");
        ECKeyPair key = Keys.createEcKeyPair();
        Map<String, Object> valid = proof(incidentId, ALICE_ACCOUNT, ETHEREUM, checksummed(key), nonce(),
                nowSeconds() + 600, key);
        Map<String, Object> unknownField = new java.util.HashMap<>(valid);
        unknownField.put("verifyingContract", "0x0000000000000000000000000000000000000000");
        as(DemoUsers.ALICE).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON).body(unknownField)
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(400);
        Map<String, Object> negativeNonce = new java.util.HashMap<>(valid);
        negativeNonce.put("nonce", "-1");
        as(DemoUsers.ALICE).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON).body(negativeNonce)
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(400)
                .body("errors[0].field", containsStringIgnoringCase("nonce"));
        assertEquals(0, rows("address_proof where claim_id = '" + claimId + "'"));
    }

    @Test
    void redeliveredSealChangesNothing() {
        // Why: Kafka delivers at least once; the same SnapshotSealed twice takes effect once, and claims still open.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "19")));
        fixture.redeliverLastSeal(incidentId);
        assertEquals(1, rows("sealed_snapshot where incident_id = '" + incidentId + "'"));
        open(DemoUsers.ALICE, incidentId, 201);
    }

    @Test
    void addressDenylistedAfterItsProofStopsTheSubmission() throws Exception {
        // Why: the denylist grows while claims are open; an address listed after it was proven is never paid.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "23")));
        JsonPath claim = open(DemoUsers.ALICE, incidentId, 201);
        String claimId = claim.getString("id");
        as(DemoUsers.ALICE).when().post("/claims/" + claimId + "/lines/" + claim.getString("lines[0].id") + "/accept")
                .then().statusCode(200);
        ECKeyPair key = Keys.createEcKeyPair();
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, ALICE_ACCOUNT, ETHEREUM,
                        checksummed(key), nonce(), nowSeconds() + 600, key))
                .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(200);
        fixture.denylistChanged(DenylistChanged.Change.ADDED, ETHEREUM, Optional.empty(), checksummed(key));
        as(DemoUsers.ALICE).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/claims/" + claimId + "/submit").then().statusCode(400)
                .body("type", containsStringIgnoringCase("address-not-accepted"));
        as(DemoUsers.ALICE).when().get("/claims/" + claimId).then().statusCode(200).body("status", equalTo("DRAFT"));
    }
}
