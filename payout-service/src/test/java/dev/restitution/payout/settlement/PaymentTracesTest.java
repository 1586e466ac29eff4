package dev.restitution.payout.settlement;

import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.restitution.contracts.events.EntitlementsIssued;
import dev.restitution.contracts.events.IssuedEntitlement;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.Traces;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.payout.execution.PaymentBroadcast;
import dev.restitution.payout.execution.PaymentConfirmed;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.instruction.PayoutFixture;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A payment recorded in the trace of the claim it pays: the trace parent the entitlement carried. */
@QuarkusTest
class PaymentTracesTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Event<PaymentBroadcast> broadcasts;

    @Inject
    Event<PaymentConfirmed> confirmations;

    private final PayoutFixture fixture = new PayoutFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** A traced payment: the trace it was issued in, its instruction, batch and transaction. */
    private record Paid(String traceId, String bookingSpan, String instructionId, BatchId batchId, String txHash) {
    }

    @Test
    void theBroadcastAndTheConfirmationOfAPaymentAreSpansOfThePaidClaimsTrace() {
        // Why: "where is my money" is answered by the claim's trace only if the payment's broadcast and confirmation,
        // with the transaction hash, land in it, under the ledger's booking the entitlement came from.
        Paid paid = payTracedInstruction();

        Traces traces = Traces.ofSharedStack();
        for (String name : List.of("payout broadcast", "payout confirmed")) {
            List<Traces.Span> spans = traces.awaitSpans("payout-service", name,
                    Map.of("restitution.tx_hash", paid.txHash()), Duration.ofSeconds(30));
            assertEquals(1, spans.size(), "one " + name + " for the one traced instruction");
            Traces.Span span = spans.getFirst();
            assertEquals(paid.traceId(), span.traceId(), name + " is in the claim's trace");
            assertEquals(paid.bookingSpan(), span.parentSpanId(), name + " is a child of the booking");
            assertEquals(Optional.of("eip155:" + PayoutFixture.CHAIN), span.attribute("restitution.chain_id"));
            assertEquals(Optional.of(paid.batchId().value().toString()), span.attribute("restitution.batch_id"));
            assertEquals(Optional.of(paid.instructionId()), span.attribute("restitution.instruction_id"));
        }
        assertEquals(1, rows("outbox_event where message_key = '" + paid.batchId().value() + "' and event_type = '"
                + EventTypes.PAYOUT_SETTLED + "'"));
    }

    @Test
    void aPaymentOfAnInstructionWithoutATraceRecordsNoSpanAndStillSettles() {
        // Why: instructions taken before tracing, or from untraced lines, are paid as before, in no claim's trace.
        UUID incident = UUID.randomUUID();
        UUID entitlementId = publishEntitlement(incident, Optional.empty());
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("payout_instruction where entitlement_id = '"
                + entitlementId + "' and trace_parent is null") == 1);
        JsonPath approved = approvedBatchOf(incident);
        BatchId batchId = new BatchId(UUID.fromString(approved.getString("batch.id")));
        UUID orderId = UUID.fromString(approved.getString("items[0].orderId"));
        String untracedHash = "0x" + hex(32);

        QuarkusTransaction.requiringNew().run(() ->
                confirmations.fire(new PaymentConfirmed(orderId, batchId, untracedHash, 78, Instant.now())));

        assertEquals(1, rows("payout_instruction where entitlement_id = '" + entitlementId + "' and state = 'PAID'"));
        // Spans are exported in the order they end: once a later traced payment's span is there, this one would be.
        Paid later = payTracedInstruction();
        Traces traces = Traces.ofSharedStack();
        traces.awaitSpans("payout-service", "payout confirmed", Map.of("restitution.tx_hash", later.txHash()),
                Duration.ofSeconds(30));
        assertEquals(List.of(), traces.spans("payout-service", null, Map.of("restitution.tx_hash", untracedHash), 10));
    }

    /** An instruction issued in a fresh trace, batched, approved, broadcast and confirmed. */
    private Paid payTracedInstruction() {
        String traceId = hex(16);
        String bookingSpan = hex(8);
        UUID incident = UUID.randomUUID();
        UUID entitlementId = publishEntitlement(incident, Optional.of("00-" + traceId + "-" + bookingSpan + "-01"));
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("payout_instruction where entitlement_id = '"
                + entitlementId + "' and trace_parent = '00-" + traceId + "-" + bookingSpan + "-01'") == 1);
        JsonPath approved = approvedBatchOf(incident);
        BatchId batchId = new BatchId(UUID.fromString(approved.getString("batch.id")));
        UUID orderId = UUID.fromString(approved.getString("items[0].orderId"));
        String txHash = "0x" + hex(32);
        QuarkusTransaction.requiringNew().run(() ->
                broadcasts.fire(new PaymentBroadcast(orderId, batchId, PayoutFixture.CHAIN, txHash, Instant.now())));
        QuarkusTransaction.requiringNew().run(() ->
                confirmations.fire(new PaymentConfirmed(orderId, batchId, txHash, 77, Instant.now())));
        return new Paid(traceId, bookingSpan, approved.getString("items[0].instructionId"), batchId, txHash);
    }

    @Test
    void anEntitlementWithAMalformedTraceParentIsParkedAndCreatesNoInstruction() {
        // Why: the event schema fixes the traceparent's form; a malformed one is a broken event, refused like others
        // and never stored as a trace parent that would fail every later span.
        ConsumerTask<String, String> parked = fixture.kafka.consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.LEDGER_ENTITLEMENTS + ".payout-dlq");
        // The codec refuses to write such an event: the record is tampered with after encoding.
        String valid = "00-" + "ab".repeat(16) + "-" + hex(8) + "-01";
        UUID entitlementId = publishEntitlement(UUID.randomUUID(), Optional.of(valid),
                json -> json.replace(valid, valid.toUpperCase(Locale.ROOT)));
        await().atMost(Duration.ofSeconds(60)).until(() -> parked.getRecords().stream()
                .anyMatch(record -> record.value().contains(entitlementId.toString())));
        parked.close();
        assertEquals(0, rows("payout_instruction where entitlement_id = '" + entitlementId + "'"));
    }

    /** Publishes one native ETH entitlement to a fresh address as a page, its round committed; answers its id. */
    private UUID publishEntitlement(UUID incidentId, Optional<String> traceParent) {
        return publishEntitlement(incidentId, traceParent, UnaryOperator.identity());
    }

    /** As above, the encoded record changed by {@code tamper} before it is sent. */
    private UUID publishEntitlement(UUID incidentId, Optional<String> traceParent, UnaryOperator<String> tamper) {
        UUID roundId = UUID.randomUUID();
        UUID entitlementId = UUID.randomUUID();
        PayoutFixture.recordRoundCommitted(incidentId, roundId);
        EntitlementsIssued page = new EntitlementsIssued().withRoundId(roundId).withIncidentId(incidentId)
                .withEntitlementRoot("0x" + hex(32)).withLeafFormat(1).withPage(1).withPageCount(1)
                .withEntitlements(List.of(new IssuedEntitlement().withEntitlementId(entitlementId)
                        .withClaimId(UUID.randomUUID()).withLineId(UUID.randomUUID()).withAccountCommitment("0x" + hex(32))
                        .withAssetSymbol("ETH").withAssetId("eip155:" + PayoutFixture.CHAIN + "/slip44:60")
                        .withChainId(PayoutFixture.CHAIN).withAmount("100").withCumulativeAmount("100")
                        .withPayoutAddress(PayoutFixture.freshAddress()).withTraceParent(traceParent.orElse(null))));
        fixture.publishRaw(roundId.toString(), tamper.apply(fixture.codec.encode(fixture.codec.wrap(
                UUID.randomUUID().toString(), EventTypes.ENTITLEMENTS_ISSUED, "/ledger-service", Instant.now(),
                roundId.toString(), page))));
        return entitlementId;
    }

    /** fiona proposes the incident's ETH batch and frank approves it. */
    private static JsonPath approvedBatchOf(UUID incident) {
        JsonPath proposed = given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("incidentId", incident.toString(), "chainId", PayoutFixture.CHAIN, "assetSymbol", "ETH"))
                .when().post("/batches").then().statusCode(201).extract().jsonPath();
        JsonPath approved = given().auth().oauth2(tokenFor(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body(Map.of("itemsHash", proposed.getString("batch.itemsHash")))
                .when().post("/batches/" + proposed.getString("batch.id") + "/approvals")
                .then().statusCode(200).extract().jsonPath();
        assertFalse(approved.getString("items[0].orderId").isEmpty(), "the approval queued the payment order");
        return approved;
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
