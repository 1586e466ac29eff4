package dev.restitution.ledger.liability.messaging;

import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
import static dev.restitution.ledger.recovery.LedgerFixtures.awaitProcessed;
import static dev.restitution.ledger.recovery.LedgerFixtures.declareIncident;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.contracts.events.ClaimApproved;
import dev.restitution.contracts.events.ClaimApprovedLine;
import dev.restitution.devstack.Traces;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.ledger.recovery.LedgerFixtures;
import dev.restitution.ledger.recovery.LedgerFixtures.Line;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ledger's booking of an approved claim continues the claim's trace, and its lines keep it for the payout. */
@QuarkusTest
class ClaimTraceBookingTest {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final LedgerFixtures fixtures = new LedgerFixtures();
    private final EventCodec codec = new EventCodec();

    @AfterEach
    void close() {
        fixtures.close();
    }

    @Test
    void aClaimApprovedIsBookedInASpanOfTheClaimsTraceThatItsLinesKeep() {
        // Why: the entitlements of a line carry the trace it was booked in to payout-service; booked outside the
        // claim's trace, the payment would land in a trace nobody following the claim finds.
        String traceId = HexFormat.of().formatHex(randomBytes(16));
        String claimSpan = HexFormat.of().formatHex(randomBytes(8));
        UUID incident = declareIncident("ETH");
        UUID claimId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        Line line = Line.of("ETH", 900);
        publishTraced(eventId, claimId, incident, line, "00-" + traceId + "-" + claimSpan + "-01");
        awaitProcessed(eventId);

        Traces.Span booking = Traces.ofSharedStack().awaitSpans("ledger-service", "ledger book claim",
                Map.of("restitution.claim_id", claimId.toString()), Duration.ofSeconds(30)).getFirst();
        assertEquals(traceId, booking.traceId(), "the booking is a span of the claim's trace");
        assertEquals(Optional.of(incident.toString()), booking.attribute("restitution.incident_id"));
        assertEquals(1, rows("claim_line where line_id = '" + line.lineId() + "' and trace_parent = '00-" + traceId + "-"
                + booking.spanId() + "-01'"), "the line keeps the booking span as its trace parent");
    }

    private void publishTraced(UUID eventId, UUID claimId, UUID incidentId, Line line, String traceParent) {
        ClaimApproved payload = new ClaimApproved().withClaimId(claimId).withIncidentId(incidentId)
                .withAccountId("ACC-" + claimId.toString().substring(0, 8))
                .withLines(List.of(new ClaimApprovedLine().withLineId(line.lineId()).withAssetSymbol(line.asset())
                        .withApprovedAmount(line.amount().toString()).withPayoutAddress(line.payoutAddress())));
        EventEnvelope event = codec.wrap(eventId.toString(), EventTypes.CLAIM_APPROVED, "/claims-service", Instant.now(),
                claimId.toString(), payload);
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.CLAIMS_CLAIMS, event.subject(),
                codec.encode(event));
        record.headers().add("content-type", EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        record.headers().add("traceparent", traceParent.getBytes(StandardCharsets.US_ASCII));
        fixtures.kafka().produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(10));
    }

    private static byte[] randomBytes(int length) {
        byte[] bytes = new byte[length];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
