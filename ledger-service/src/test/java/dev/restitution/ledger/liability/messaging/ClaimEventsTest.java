package dev.restitution.ledger.liability.messaging;

import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
import static dev.restitution.ledger.recovery.LedgerFixtures.awaitProcessed;
import static dev.restitution.ledger.recovery.LedgerFixtures.balance;
import static dev.restitution.ledger.recovery.LedgerFixtures.declareIncident;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.contracts.events.ClaimApproved;
import dev.restitution.contracts.events.ClaimApprovedLine;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.ledger.recovery.LedgerFixtures.Line;
import dev.restitution.ledger.recovery.LedgerFixtures;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClaimEventsTest {

    private final LedgerFixtures fixtures = new LedgerFixtures();

    @AfterEach
    void close() {
        fixtures.close();
    }

    @Test
    void anApprovedClaimIsBookedAsLiabilitiesPerAsset() {
        // Why: every approved line is a liability of its asset: LOSS / CLAIM_LIABILITIES, and a claim line to distribute to.
        UUID incident = declareIncident("ETH", "USDT");
        Line eth = Line.of("ETH", 1_500);
        Line usdt = Line.of("USDT", 2_000_000);
        UUID eventId = fixtures.approveClaim(incident, eth, usdt);
        awaitProcessed(eventId);
        assertEquals("1500", balance(incident, "ETH", "CLAIM_LIABILITIES"));
        assertEquals("1500", balance(incident, "ETH", "LOSS"));
        assertEquals("2000000", balance(incident, "USDT", "CLAIM_LIABILITIES"));
        assertEquals(2, rows("claim_line where incident_id = '" + incident + "'"));
        assertEquals(1, rows("audit_entry where action = 'CLAIM_LIABILITIES_BOOKED' and after_state like '%"
                + eth.lineId() + "%'"));
    }

    @Test
    void aRedeliveredClaimApprovedChangesNothing() {
        // Why: Kafka delivers at least once; the same event id twice must book once.
        UUID incident = declareIncident("ETH");
        UUID claimId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        Line line = Line.of("ETH", 700);
        fixtures.publishClaimApproved(eventId, claimId, incident, List.of(line));
        fixtures.publishClaimApproved(eventId, claimId, incident, List.of(line));
        // A later event of the same claim (same key, same partition) is processed after both deliveries.
        UUID marker = UUID.randomUUID();
        fixtures.publishClaimApproved(marker, claimId, incident, List.of(Line.of("ETH", 1)));
        awaitProcessed(marker);
        assertEquals("701", balance(incident, "ETH", "CLAIM_LIABILITIES"));
        assertEquals(1, rows("processed_event where event_id = '" + eventId + "'"));
        assertEquals(1, rows("ledger_transfer where idempotency_key = 'claim-line:" + line.lineId() + "'"));
    }

    @Test
    void aClaimThatCannotBeBookedIsParkedAndBooksNothing() {
        // Why: a line for an asset the incident does not have must stop loudly, not half-book the claim.
        UUID incident = declareIncident("ETH");
        UUID eventId = fixtures.approveClaim(incident, Line.of("ETH", 10), Line.of("DOGE", 10));
        try (var dlq = fixtures.kafka().consumeStrings().fromTopics(Topics.CLAIMS_CLAIMS + ".ledger-dlq")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> dlq.getRecords().stream()
                    .anyMatch(record -> record.value().contains(eventId.toString())));
        }
        assertEquals(0, rows("processed_event where event_id = '" + eventId + "'"));
        assertEquals(0, rows("claim_line where incident_id = '" + incident + "'"));
        assertEquals("0", balance(incident, "ETH", "CLAIM_LIABILITIES"));
    }

    @Test
    void aLineWhoseAssetIdIsNotTheIncidentsAssetOfThatSymbolIsParkedAndBooksNothing() {
        // Why: a symbol is only a display name; a line naming another chain's or contract's asset must not become a liability.
        UUID incident = declareIncident("ETH");
        UUID wrong = approveWithAssetId(incident, "eip155:1/slip44:60");
        try (var dlq = fixtures.kafka().consumeStrings().fromTopics(Topics.CLAIMS_CLAIMS + ".ledger-dlq")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> dlq.getRecords().stream()
                    .anyMatch(record -> record.value().contains(wrong.toString())));
        }
        assertEquals(0, rows("processed_event where event_id = '" + wrong + "'"));
        assertEquals(0, rows("claim_line where incident_id = '" + incident + "'"));
        // The incident's asset is native ETH on the test chain 1000: that id books.
        awaitProcessed(approveWithAssetId(incident, "eip155:1000/slip44:60"));
        assertEquals(1, rows("claim_line where incident_id = '" + incident + "'"));
    }

    private UUID approveWithAssetId(UUID incident, String assetId) {
        UUID eventId = UUID.randomUUID();
        UUID claimId = UUID.randomUUID();
        Line line = Line.of("ETH", 10);
        ClaimApproved payload = new ClaimApproved().withClaimId(claimId).withIncidentId(incident)
                .withAccountId("ACC-" + claimId.toString().substring(0, 8))
                .withLines(List.of(new ClaimApprovedLine().withLineId(line.lineId()).withAssetSymbol("ETH")
                        .withAssetId(assetId).withApprovedAmount("10").withPayoutAddress(line.payoutAddress())));
        fixtures.publish(Topics.CLAIMS_CLAIMS, new EventCodec().wrap(eventId.toString(), EventTypes.CLAIM_APPROVED,
                "/claims-service", Instant.now(), claimId.toString(), payload));
        return eventId;
    }
}
