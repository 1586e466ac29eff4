package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.realmUrl;
import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.ClaimsTestInfrastructure.tokenFor;
import static dev.restitution.claims.claim.ClaimsFixture.BSC;
import static dev.restitution.claims.claim.ClaimsFixture.ETHEREUM;
import static dev.restitution.claims.claim.ClaimsFixture.checksummed;
import static dev.restitution.claims.claim.ClaimsFixture.proof;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.claims.settlement.messaging.SettlementEventsConsumer;
import dev.restitution.contracts.events.EntitlementsIssued;
import dev.restitution.contracts.events.IssuedEntitlement;
import dev.restitution.contracts.events.PayoutSettled;
import dev.restitution.contracts.events.PayoutSettledItem;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.Tokens;
import dev.restitution.kit.chain.AssetId;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

@QuarkusTest
class ClaimPaymentsTest {

    private static final String ALICE_ACCOUNT = DemoUsers.ALICE_ACCOUNT_ID;
    private static final String ETH_AMOUNT = "1000000000000000000000";
    private static final String BNB_AMOUNT = "25";
    private final ClaimsFixture fixture = new ClaimsFixture();
    /** The round of the last page published. */
    private UUID roundOfPages;

    @Inject
    MeterRegistry meters;

    @AfterEach
    void close() {
        fixture.close();
    }

    private static RequestSpecification asAlice() {
        return given().auth().oauth2(tokenFor(DemoUsers.ALICE));
    }

    private static String nonce() {
        return UUID.randomUUID().toString().replace("-", "").chars()
                .mapToObj(character -> String.valueOf(character % 10)).reduce("1", String::concat);
    }

    /** Alice's claim on a new incident, approved on the fast path for ETH and BNB. */
    private JsonPath approvedClaim() throws Exception {
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", ETH_AMOUNT, "BNB", BNB_AMOUNT)));
        given().auth().oauth2(Tokens.forClient(realmUrl(), "kyc-provider", "kyc-provider-dev-secret"))
                .contentType(ContentType.JSON)
                .body(Map.of("status", "VERIFIED", "reference", "provider-check-" + UUID.randomUUID()))
                .when().put("/accounts/" + ALICE_ACCOUNT + "/kyc").then().statusCode(200);
        JsonPath claim = asAlice().header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/incidents/" + incidentId + "/claims").then().statusCode(201).extract().jsonPath();
        String claimId = claim.getString("id");
        for (String lineId : claim.getList("lines.id", String.class)) {
            asAlice().when().post("/claims/" + claimId + "/lines/" + lineId + "/accept").then().statusCode(200);
        }
        for (long chainId : List.of(ETHEREUM, BSC)) {
            ECKeyPair key = Keys.createEcKeyPair();
            asAlice().contentType(ContentType.JSON).body(proof(incidentId, ALICE_ACCOUNT, chainId, checksummed(key),
                            nonce(), Instant.now().getEpochSecond() + 600, key))
                    .when().put("/claims/" + claimId + "/payout-addresses").then().statusCode(200);
        }
        return asAlice().header("Idempotency-Key", "submit-" + UUID.randomUUID())
                .when().post("/claims/" + claimId + "/submit")
                .then().statusCode(200).body("status", equalTo("APPROVED")).extract().jsonPath();
    }

    private static String lineOf(JsonPath claim, String asset) {
        return claim.getString("lines.find { it.asset == '" + asset + "' }.id");
    }

    /** Publishes exactly as an outbox relay does: structured CloudEvent, content-type header, keyed by claim. */
    private void publish(String topic, String eventId, String type, String source, String key, Object payload) {
        EventEnvelope event = fixture.codec.wrap(eventId, type, source, Instant.now(), key, payload);
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, fixture.codec.encode(event));
        record.headers().add("content-type", EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        fixture.kafka.produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(10));
    }

    /** Publishes a page with a line's entitlement and waits until claims-service has learnt it. */
    private UUID entitled(JsonPath claim, String asset, long chainId, String amount) {
        UUID entitlementId = UUID.randomUUID();
        publishEntitlement(claim, entitlementId, asset, chainId, amount);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rows("line_entitlement where id = '" + entitlementId + "'") == 1);
        return entitlementId;
    }

    private void publishEntitlement(JsonPath claim, UUID entitlementId, String asset, long chainId, String amount) {
        publishPage(claim, UUID.randomUUID().toString(), List.of(issuedEntitlement(claim, entitlementId, asset, chainId,
                amount)));
    }

    /** One claim line's entitlement as an EntitlementsIssued page carries it. */
    private static IssuedEntitlement issuedEntitlement(JsonPath claim, UUID entitlementId, String asset, long chainId,
                                                       String amount) {
        return new IssuedEntitlement()
                .withEntitlementId(entitlementId).withClaimId(UUID.fromString(claim.getString("id")))
                .withLineId(UUID.fromString(lineOf(claim, asset)))
                .withAccountCommitment("0x" + "ab".repeat(32)).withAssetSymbol(asset)
                .withAssetId(AssetId.nativeCoin(chainId).toString()).withChainId(chainId).withAmount(amount)
                .withCumulativeAmount(amount)
                .withPayoutAddress(claim.getString("payoutAddresses.find { it.chainId == " + chainId + " }.address"));
    }

    /** Publishes {@code entitlements} as one EntitlementsIssued page under {@code eventId}, as the ledger does. */
    private void publishPage(JsonPath claim, String eventId, List<IssuedEntitlement> entitlements) {
        UUID round = UUID.randomUUID();
        roundOfPages = round;
        publish(Topics.LEDGER_ENTITLEMENTS, eventId, EventTypes.ENTITLEMENTS_ISSUED, "/ledger-service", round.toString(),
                new EntitlementsIssued().withRoundId(round)
                        .withIncidentId(UUID.fromString(claim.getString("incidentId")))
                        .withEntitlementRoot("0x" + "cd".repeat(32)).withLeafFormat(1).withPage(1).withPageCount(1)
                        .withEntitlements(entitlements));
    }

    private static PayoutSettled settled(JsonPath claim, long chainId, String txHash, List<PayoutSettledItem> items) {
        return new PayoutSettled().withBatchId(UUID.randomUUID())
                .withIncidentId(UUID.fromString(claim.getString("incidentId"))).withChainId(chainId)
                .withTxHash(txHash).withBlockNumber(19_000_000L).withItems(items);
    }

    private static PayoutSettledItem item(UUID entitlementId, String amount) {
        return new PayoutSettledItem().withEntitlementId(entitlementId).withAmount(amount);
    }

    private static String txHash() {
        return "0x" + (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    private static JsonPath claimSeenByAlice(String claimId) {
        return asAlice().when().get("/claims/" + claimId).then().statusCode(200).extract().jsonPath();
    }

    @Test
    void settledPayoutShowsOnTheClaimantsLineWithItsTransaction() throws Exception {
        // Why: the claimant must see that and how their line was paid: amount, transaction hash, block, and for
        // their proof file which round entitled it, to which address, and which batch paid which entitlement.
        JsonPath claim = approvedClaim();
        String claimId = claim.getString("id");
        UUID entitlement = entitled(claim, "ETH", ETHEREUM, ETH_AMOUNT);
        String tx = txHash();
        PayoutSettled settlement = settled(claim, ETHEREUM, tx, List.of(item(entitlement, ETH_AMOUNT)));
        publish(Topics.PAYOUT_PAYOUTS, UUID.randomUUID().toString(), EventTypes.PAYOUT_SETTLED, "/payout-service",
                claimId, settlement);
        String eth = "lines.find { it.asset == 'ETH' }";
        JsonPath seen = await().atMost(Duration.ofSeconds(30)).until(() -> claimSeenByAlice(claimId),
                found -> ETH_AMOUNT.equals(found.getString(eth + ".paidMinorUnits")));
        assertEquals(entitlement.toString(), seen.getString(eth + ".entitlements[0].entitlementId"));
        assertEquals(roundOfPages.toString(), seen.getString(eth + ".entitlements[0].roundId"));
        assertEquals(ETH_AMOUNT, seen.getString(eth + ".entitlements[0].amount"));
        assertEquals(AssetId.nativeCoin(ETHEREUM).toString(), seen.getString(eth + ".entitlements[0].assetId"));
        assertEquals(claim.getString("payoutAddresses.find { it.chainId == " + ETHEREUM + " }.address"),
                seen.getString(eth + ".entitlements[0].payoutAddress"));
        assertEquals(settlement.getBatchId().toString(), seen.getString(eth + ".payments[0].batchId"));
        assertEquals(entitlement.toString(), seen.getString(eth + ".payments[0].entitlementId"));
        assertEquals(tx, seen.getString(eth + ".payments[0].txHash"));
        assertEquals(19_000_000L, seen.getLong(eth + ".payments[0].blockNumber"));
        assertEquals(ETH_AMOUNT, seen.getString(eth + ".payments[0].amount"));
        assertEquals("0", seen.getString("lines.find { it.asset == 'BNB' }.paidMinorUnits"));
        assertEquals(1, rows("audit_entry where chain_key = '" + claimId + "' and action = 'LINE_PAID'"));
        asAlice().when().get("/claims/" + claimId + "/audit").then().statusCode(200).body("intact", equalTo(true))
                .body("entries.find { it.action == 'LINE_PAID' }", notNullValue());
    }

    @Test
    void aSettlementConsumedBeforeItsEntitlementPaysTheLineOnceTheEntitlementArrives() throws Exception {
        // Why: entitlements and settlements travel on two topics with no order between them; a settlement
        // read first must wait for its entitlement, not be parked, or the claimant never sees the payment.
        JsonPath claim = approvedClaim();
        String claimId = claim.getString("id");
        UUID entitlement = UUID.randomUUID();
        double retriesBefore = settlementRetries();
        ConsumerTask<String, String> parked = fixture.kafka.consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.PAYOUT_PAYOUTS + ".claims-dlq");
        String eventId = UUID.randomUUID().toString();
        String tx = txHash();
        publish(Topics.PAYOUT_PAYOUTS, eventId, EventTypes.PAYOUT_SETTLED, "/payout-service", claimId,
                settled(claim, ETHEREUM, tx, List.of(item(entitlement, ETH_AMOUNT))));
        await().atMost(Duration.ofSeconds(30)).until(() -> settlementRetries() > retriesBefore);
        // While it waits, nothing is paid and the event is not recorded as processed.
        assertEquals(0, rows("line_payment where entitlement_id = '" + entitlement + "'"));
        assertEquals(0, rows("processed_event where event_id = '" + eventId + "'"));

        publishEntitlement(claim, entitlement, "ETH", ETHEREUM, ETH_AMOUNT);
        String eth = "lines.find { it.asset == 'ETH' }";
        JsonPath seen = await().atMost(Duration.ofSeconds(30)).until(() -> claimSeenByAlice(claimId),
                found -> ETH_AMOUNT.equals(found.getString(eth + ".paidMinorUnits")));
        assertEquals(tx, seen.getString(eth + ".payments[0].txHash"));
        assertEquals(1, rows("line_payment where entitlement_id = '" + entitlement + "'"));
        assertEquals(1, rows("processed_event where event_id = '" + eventId + "'"));
        assertTrue(parked.getRecords().stream().noneMatch(record -> record.value().contains(eventId)),
                "the settlement was parked instead of waiting for its entitlement");
        parked.close();
    }

    /** How often the payout consumer has retried a settlement, as SmallRye Fault Tolerance counts it. */
    private double settlementRetries() {
        return meters.find("ft.retry.retries.total")
                .tag("method", SettlementEventsConsumer.class.getName() + ".consumePayout")
                .counters().stream().mapToDouble(Counter::count).sum();
    }

    @Test
    void aRedeliveredPageAndAPageOverlappingItLearnEachEntitlementOnce() throws Exception {
        // Why: a round's entitlements arrive in pages; a page delivered twice or re-cut to overlap must learn nothing twice.
        JsonPath claim = approvedClaim();
        IssuedEntitlement eth = issuedEntitlement(claim, UUID.randomUUID(), "ETH", ETHEREUM, ETH_AMOUNT);
        IssuedEntitlement bnb = issuedEntitlement(claim, UUID.randomUUID(), "BNB", BSC, BNB_AMOUNT);
        String page = UUID.randomUUID().toString();
        publishPage(claim, page, List.of(eth));
        publishPage(claim, page, List.of(eth));
        String overlapping = UUID.randomUUID().toString();
        publishPage(claim, overlapping, List.of(eth, bnb));
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("processed_event where event_id in ('" + page + "', '"
                + overlapping + "')") == 2);
        assertEquals(1, rows("line_entitlement where id = '" + eth.getEntitlementId() + "'"));
        assertEquals(1, rows("line_entitlement where id = '" + bnb.getEntitlementId() + "'"));
        assertEquals(1, rows("processed_event where event_id = '" + page + "'"));
    }

    @Test
    void redeliveredSettlementChangesNothing() throws Exception {
        // Why: Kafka delivers at least once; a settlement delivered twice must not pay the line twice.
        JsonPath claim = approvedClaim();
        String claimId = claim.getString("id");
        UUID ethEntitlement = entitled(claim, "ETH", ETHEREUM, ETH_AMOUNT);
        UUID bnbEntitlement = entitled(claim, "BNB", BSC, BNB_AMOUNT);
        String eventId = UUID.randomUUID().toString();
        PayoutSettled settlement = settled(claim, ETHEREUM, txHash(), List.of(item(ethEntitlement, ETH_AMOUNT)));
        publish(Topics.PAYOUT_PAYOUTS, eventId, EventTypes.PAYOUT_SETTLED, "/payout-service", claimId, settlement);
        publish(Topics.PAYOUT_PAYOUTS, eventId, EventTypes.PAYOUT_SETTLED, "/payout-service", claimId, settlement);
        // Same key, same partition: once the BNB payment shows, both deliveries before it were consumed.
        publish(Topics.PAYOUT_PAYOUTS, UUID.randomUUID().toString(), EventTypes.PAYOUT_SETTLED, "/payout-service",
                claimId, settled(claim, BSC, txHash(), List.of(item(bnbEntitlement, BNB_AMOUNT))));
        JsonPath seen = await().atMost(Duration.ofSeconds(30)).until(() -> claimSeenByAlice(claimId),
                found -> BNB_AMOUNT.equals(found.getString("lines.find { it.asset == 'BNB' }.paidMinorUnits")));
        assertEquals(ETH_AMOUNT, seen.getString("lines.find { it.asset == 'ETH' }.paidMinorUnits"));
        assertEquals(1, seen.getList("lines.find { it.asset == 'ETH' }.payments").size());
        assertEquals(1, rows("line_payment where entitlement_id = '" + ethEntitlement + "'"));
        assertEquals(1, rows("processed_event where event_id = '" + eventId + "'"));
        assertEquals(2, rows("audit_entry where chain_key = '" + claimId + "' and action = 'LINE_PAID'"));
    }

    @Test
    void overpaymentIsRefusedWithNothingWritten() throws Exception {
        // Why: a line is never paid above its approved amount; the whole batch event is parked, not half applied.
        JsonPath claim = approvedClaim();
        String claimId = claim.getString("id");
        UUID ethEntitlement = entitled(claim, "ETH", ETHEREUM, ETH_AMOUNT);
        UUID bnbEntitlement = entitled(claim, "BNB", BSC, BNB_AMOUNT);
        ConsumerTask<String, String> parked = fixture.kafka.consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.PAYOUT_PAYOUTS + ".claims-dlq");
        String eventId = UUID.randomUUID().toString();
        publish(Topics.PAYOUT_PAYOUTS, eventId, EventTypes.PAYOUT_SETTLED, "/payout-service", claimId,
                settled(claim, ETHEREUM, txHash(), List.of(item(bnbEntitlement, BNB_AMOUNT),
                        item(ethEntitlement, ETH_AMOUNT + "1"))));
        await().atMost(Duration.ofSeconds(60)).until(() -> parked.getRecords().stream()
                .anyMatch(record -> claimId.equals(record.key()) && record.value().contains(eventId)));
        parked.close();
        JsonPath seen = claimSeenByAlice(claimId);
        assertEquals("0", seen.getString("lines.find { it.asset == 'ETH' }.paidMinorUnits"));
        assertEquals("0", seen.getString("lines.find { it.asset == 'BNB' }.paidMinorUnits"));
        assertEquals(0, rows("line_payment where claim_line_id in ('" + lineOf(claim, "ETH") + "', '"
                + lineOf(claim, "BNB") + "')"));
        assertEquals(0, rows("processed_event where event_id = '" + eventId + "'"));
        assertEquals(0, rows("audit_entry where chain_key = '" + claimId + "' and action = 'LINE_PAID'"));
    }
}
