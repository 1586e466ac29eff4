package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.claim.ClaimSteps.as;
import static dev.restitution.claims.claim.ClaimSteps.attestKyc;
import static dev.restitution.claims.claim.ClaimSteps.nonce;
import static dev.restitution.claims.claim.ClaimSteps.open;
import static dev.restitution.claims.claim.ClaimSteps.outboxEvents;
import static dev.restitution.claims.claim.ClaimSteps.proveEthereumAddress;
import static dev.restitution.claims.claim.ClaimsFixture.BSC;
import static dev.restitution.claims.claim.ClaimsFixture.ETHEREUM;
import static dev.restitution.claims.claim.ClaimsFixture.checksummed;
import static dev.restitution.claims.claim.ClaimsFixture.proof;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.events.PayoutAddressChangeCancelled;
import dev.restitution.contracts.events.PayoutAddressChanged;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.DevStack;
import dev.restitution.devstack.Mailbox;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/** The cool-down of a replaced payout address (the test profile's cool-down is 6 seconds). */
@QuarkusTest
class PayoutAddressCoolDownTest {

    private static final String ALICE_ACCOUNT = DemoUsers.ALICE_ACCOUNT_ID;
    private static final Duration COOL_DOWN = Duration.ofSeconds(6);
    private static final String ALICE_MAIL = "alice@example.com";
    private final ClaimsFixture fixture = new ClaimsFixture();
    private final EventCodec codec = new EventCodec();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** An approved claim of Alice with one ETH line paid to the returned address, and the claim's id. */
    private record Approved(UUID incidentId, String claimId, String address) {
    }

    private Approved approvedClaim() throws Exception {
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "5000")));
        JsonPath claim = open(DemoUsers.ALICE, incidentId);
        String claimId = claim.getString("id");
        as(DemoUsers.ALICE).when().post("/claims/" + claimId + "/lines/" + claim.getString("lines[0].id") + "/accept")
                .then().statusCode(200);
        String address = proveEthereumAddress(DemoUsers.ALICE, ALICE_ACCOUNT, incidentId, claimId);
        attestKyc(ALICE_ACCOUNT, "VERIFIED");
        as(DemoUsers.ALICE).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/claims/" + claimId + "/submit").then().statusCode(200)
                .body("status", equalTo("APPROVED"));
        return new Approved(incidentId, claimId, address);
    }

    private static JsonPath replace(Approved claim, ECKeyPair key, int status) throws Exception {
        return as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(claim.incidentId(), ALICE_ACCOUNT, ETHEREUM,
                        checksummed(key), nonce(), Instant.now().getEpochSecond() + 600, key))
                .when().put("/claims/" + claim.claimId() + "/payout-addresses").then().statusCode(status)
                .extract().jsonPath();
    }

    private <T> List<T> events(String claimId, String type, Class<T> payload) {
        return outboxEvents(claimId).stream().filter(event -> type.equals(event.type()))
                .map(event -> codec.payload(event, payload)).toList();
    }

    @Test
    void replacingTheAddressOfAnApprovedClaimWaitsOutTheCoolDownThenTakesEffect() throws Exception {
        // Why: an account taken over must not redirect money at once; the old address stays in force until effectiveAt.
        Approved claim = approvedClaim();
        ECKeyPair newKey = Keys.createEcKeyPair();
        Instant before = Instant.now();
        JsonPath replaced = replace(claim, newKey, 200);
        assertEquals(claim.address(), replaced.getString("payoutAddresses[0].address"));
        assertEquals(checksummed(newKey), replaced.getString("pendingPayoutAddresses[0].address"));
        assertEquals(claim.address(), replaced.getString("pendingPayoutAddresses[0].previousAddress"));
        Instant effectiveAt = OffsetDateTime.parse(replaced.getString("pendingPayoutAddresses[0].effectiveAt")).toInstant();
        assertTrue(!effectiveAt.isBefore(before.plus(COOL_DOWN).minusMillis(1000)), "effective after the cool-down");
        PayoutAddressChanged published = events(claim.claimId(), EventTypes.PAYOUT_ADDRESS_CHANGED,
                PayoutAddressChanged.class).getFirst();
        assertEquals(claim.address(), published.getPreviousAddress());
        assertEquals(checksummed(newKey), published.getAddress());
        assertEquals(effectiveAt, published.getEffectiveAt().toInstant());
        assertEquals(ETHEREUM, published.getChainId());
        // Support sees it pending; a second change waits for the first to be cancelled.
        as(DemoUsers.SAM).queryParam("claimId", claim.claimId()).when().get("/payout-address-changes")
                .then().statusCode(200).body("total", equalTo(1)).body("items[0].state", equalTo("PENDING"))
                .body("items[0].address", equalTo(checksummed(newKey)));
        assertTrue(replace(claim, Keys.createEcKeyPair(), 409).getString("type").contains("payout-address-change-pending"));
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                as(DemoUsers.ALICE).when().get("/claims/" + claim.claimId()).then().statusCode(200).extract().jsonPath()
                        .getString("payoutAddresses[0].address").equals(checksummed(newKey)));
        assertTrue(Instant.now().isAfter(effectiveAt), "in force only after effectiveAt");
        as(DemoUsers.ALICE).when().get("/claims/" + claim.claimId()).then().body("pendingPayoutAddresses", empty());
        assertEquals(1, rows("audit_entry where chain_key = '" + claim.claimId()
                + "' and action = 'PAYOUT_ADDRESS_CHANGE_EFFECTIVE'"));
        // Too late to cancel: a clear refusal naming the address in force, nothing written.
        long auditEntries = rows("audit_entry where chain_key = '" + claim.claimId() + "'");
        as(DemoUsers.ALICE).when().delete("/claims/" + claim.claimId() + "/payout-addresses/" + ETHEREUM + "/pending")
                .then().statusCode(409).body("type", containsStringIgnoringCase("payout-address-change-in-force"))
                .body("detail", containsString(checksummed(newKey)));
        assertEquals(auditEntries, rows("audit_entry where chain_key = '" + claim.claimId() + "'"));
        as(DemoUsers.AUDREY).queryParam("claimId", claim.claimId()).queryParam("state", "EFFECTIVE")
                .when().get("/payout-address-changes").then().statusCode(200).body("items", hasSize(1));
    }

    @Test
    void theClaimantIsMailedAtOnceInTheirLanguageWithTheAddressesAndHowToCancel() throws Exception {
        // Why: a claimant whose account was taken over learns of the change while it can still be cancelled.
        as(DemoUsers.ALICE).contentType(ContentType.JSON)
                .body(Map.of("language", "zh-CN", "claimsOpen", true, "barDateReminder", true))
                .when().put("/me/notification-preferences").then().statusCode(200);
        Approved claim = approvedClaim();
        ECKeyPair newKey = Keys.createEcKeyPair();
        replace(claim, newKey, 200);
        Mailbox mailbox = DevStack.shared().mailbox();
        List<Mailbox.Message> mails = mailbox.await(ALICE_MAIL, messages -> messages.stream().anyMatch(message ->
                        message.text() != null && message.text().contains(checksummed(newKey))), Duration.ofSeconds(30))
                .stream().filter(message -> message.text() != null && message.text().contains(checksummed(newKey))).toList();
        assertEquals(1, mails.size(), "one mail per change");
        Mailbox.Message mail = mails.getFirst();
        assertEquals("您的收款地址已被更改", mail.subject());
        assertTrue(mail.text().contains(claim.claimId()) && mail.text().contains(claim.address()), mail.text());
        assertTrue(mail.text().contains("取消此更改"), "says how to cancel: " + mail.text());
        assertEquals("zh-CN", mail.headers().get("Content-Language"));
        // Cancelled so that nothing takes effect under other tests.
        as(DemoUsers.ALICE).when().delete("/claims/" + claim.claimId() + "/payout-addresses/" + ETHEREUM + "/pending")
                .then().statusCode(200);
    }

    @Test
    void aCancelledChangeNeverTakesEffectAndTheEarlierAddressStaysInForce() throws Exception {
        // Why: the claimant's way out of a change they did not make; the new address must never come into force.
        Approved claim = approvedClaim();
        ECKeyPair newKey = Keys.createEcKeyPair();
        replace(claim, newKey, 200);
        as(DemoUsers.ALICE).when().delete("/claims/" + claim.claimId() + "/payout-addresses/" + ETHEREUM + "/pending")
                .then().statusCode(200).body("payoutAddresses[0].address", equalTo(claim.address()))
                .body("pendingPayoutAddresses", empty());
        PayoutAddressChangeCancelled cancelled = events(claim.claimId(), EventTypes.PAYOUT_ADDRESS_CHANGE_CANCELLED,
                PayoutAddressChangeCancelled.class).getFirst();
        assertEquals(checksummed(newKey), cancelled.getCancelledAddress());
        assertEquals(claim.address(), cancelled.getAddress());
        Thread.sleep(COOL_DOWN.plusSeconds(3).toMillis());
        as(DemoUsers.ALICE).when().get("/claims/" + claim.claimId()).then().statusCode(200)
                .body("payoutAddresses[0].address", equalTo(claim.address()));
        assertEquals(0, rows("audit_entry where chain_key = '" + claim.claimId()
                + "' and action = 'PAYOUT_ADDRESS_CHANGE_EFFECTIVE'"));
        assertEquals(1, rows("audit_entry where chain_key = '" + claim.claimId()
                + "' and action = 'PAYOUT_ADDRESS_CHANGE_CANCELLED'"));
        as(DemoUsers.LENA).queryParam("claimId", claim.claimId()).queryParam("state", "CANCELLED")
                .when().get("/payout-address-changes").then().statusCode(200).body("items", hasSize(1))
                .body("items[0].cancelledAt", org.hamcrest.Matchers.notNullValue());
        // A new change may be requested after a cancel (cancelled again: nothing left to take effect later).
        replace(claim, Keys.createEcKeyPair(), 200);
        as(DemoUsers.ALICE).when().delete("/claims/" + claim.claimId() + "/payout-addresses/" + ETHEREUM + "/pending")
                .then().statusCode(200);
    }

    @Test
    void badCancelsAreRefusedAndWriteNothing() throws Exception {
        // Why: a cancel names a chain of the caller's own claim with a change pending; anything else changes nothing.
        Approved claim = approvedClaim();
        String path = "/claims/" + claim.claimId() + "/payout-addresses/";
        long auditEntries = rows("audit_entry where chain_key = '" + claim.claimId() + "'");
        long outbox = rows("outbox_event where message_key = '" + claim.claimId() + "'");
        as(DemoUsers.ALICE).when().delete(path + ETHEREUM + "/pending").then().statusCode(409)
                .body("type", containsStringIgnoringCase("no-pending-payout-address-change"));
        as(DemoUsers.ALICE).when().delete(path + BSC + "/pending").then().statusCode(400)
                .body("errors[0].field", equalTo("chainId"));
        replace(claim, Keys.createEcKeyPair(), 200);
        auditEntries++;
        outbox++;
        as(DemoUsers.BOB).when().delete(path + ETHEREUM + "/pending").then().statusCode(404);
        as(DemoUsers.SAM).when().delete(path + ETHEREUM + "/pending").then().statusCode(403);
        as(DemoUsers.ALICE).when().get("/claims/" + claim.claimId()).then().body("pendingPayoutAddresses", hasSize(1));
        assertEquals(auditEntries, rows("audit_entry where chain_key = '" + claim.claimId() + "'"));
        assertEquals(outbox, rows("outbox_event where message_key = '" + claim.claimId() + "'"));
        as(DemoUsers.ALICE).when().get("/payout-address-changes").then().statusCode(403);
        // Leave nothing to take effect while other tests count rows.
        as(DemoUsers.ALICE).when().delete(path + ETHEREUM + "/pending").then().statusCode(200);
    }

    @Test
    void theFirstAddressOfAChainIsInForceAtOnceAndTheLimitsShowTheCoolDown() throws Exception {
        // Why: the cool-down guards replacements only; a draft's first address must not hold the claim up.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "7")));
        String claimId = open(DemoUsers.ALICE, incidentId).getString("id");
        String address = proveEthereumAddress(DemoUsers.ALICE, ALICE_ACCOUNT, incidentId, claimId);
        as(DemoUsers.ALICE).when().get("/claims/" + claimId).then().statusCode(200)
                .body("payoutAddresses[0].address", equalTo(address)).body("pendingPayoutAddresses", empty());
        assertEquals(0, rows("payout_address_change where claim_id = '" + claimId + "'"));
        as(DemoUsers.ALICE).when().get("/limits").then().statusCode(200)
                .body("payoutAddressCoolDownSeconds", equalTo((int) COOL_DOWN.toSeconds()));
    }
}
