package dev.restitution.ledger.round.messaging;

import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
import static dev.restitution.ledger.recovery.LedgerFixtures.approveRound;
import static dev.restitution.ledger.recovery.LedgerFixtures.awaitProcessed;
import static dev.restitution.ledger.recovery.LedgerFixtures.balance;
import static dev.restitution.ledger.recovery.LedgerFixtures.book;
import static dev.restitution.ledger.recovery.LedgerFixtures.declareIncident;
import static dev.restitution.ledger.recovery.LedgerFixtures.entitlements;
import static dev.restitution.ledger.recovery.LedgerFixtures.proposeRound;
import static dev.restitution.ledger.recovery.LedgerFixtures.startDistributing;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.kit.events.Topics;
import dev.restitution.ledger.recovery.LedgerFixtures;
import dev.restitution.ledger.recovery.LedgerFixtures.Line;
import io.quarkus.test.junit.QuarkusTest;
import java.math.BigInteger;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PayoutEventsTest {

    private final LedgerFixtures fixtures = new LedgerFixtures();

    @AfterEach
    void close() {
        fixtures.close();
    }

    private record Entitled(UUID incident, UUID first, UUID second) {
    }

    /** Two ETH lines of 600 and 400, fully funded and entitled by an approved round. */
    private Entitled entitledRound() {
        UUID incident = declareIncident("ETH");
        Line first = Line.of("ETH", 600);
        Line second = Line.of("ETH", 400);
        awaitProcessed(fixtures.approveClaim(incident, first, second));
        book(incident, "ETH", "TREASURY_CONTRIBUTION", 1_000);
        startDistributing(incident);
        Map<UUID, Map<String, Object>> issued = entitlements(approveRound(proposeRound(incident)).getString("id"));
        return new Entitled(incident, UUID.fromString((String) issued.get(first.lineId()).get("id")),
                UUID.fromString((String) issued.get(second.lineId()).get("id")));
    }

    @Test
    void aSettledPayoutIsBookedAsPaidExactlyOnce() {
        // Why: a settlement redelivered by Kafka must not pay the ledger twice.
        Entitled entitled = entitledRound();
        UUID batchId = UUID.randomUUID();
        UUID eventId = UUID.randomUUID();
        Map<UUID, BigInteger> items = new LinkedHashMap<>();
        items.put(entitled.first(), BigInteger.valueOf(600));
        items.put(entitled.second(), BigInteger.valueOf(150));
        fixtures.publishPayoutSettled(eventId, batchId, entitled.incident(), 1000, items);
        fixtures.publishPayoutSettled(eventId, batchId, entitled.incident(), 1000, items);
        UUID marker = UUID.randomUUID();
        // Another batch on the same partition key: processed after both deliveries above.
        fixtures.publishPayoutSettled(marker, UUID.randomUUID(), entitled.incident(), 1000,
                Map.of(entitled.second(), BigInteger.valueOf(250)), batchId.toString());
        awaitProcessed(marker);
        assertEquals("1000", balance(entitled.incident(), "ETH", "PAID"));
        assertEquals("0", balance(entitled.incident(), "ETH", "ENTITLEMENTS"));
        assertEquals(1, rows("processed_event where event_id = '" + eventId + "'"));
        assertEquals(1, rows("entitlement where id = '" + entitled.second() + "' and paid = 400"));
        assertEquals(2, rows("claim_line where incident_id = '" + entitled.incident() + "' and paid = approved"));
    }

    @Test
    void payingMoreThanAnEntitlementIsParkedAndBooksNothing() {
        // Why: paid <= entitled is checked on each entitlement; a settlement breaking it stops loudly.
        Entitled entitled = entitledRound();
        UUID eventId = UUID.randomUUID();
        fixtures.publishPayoutSettled(eventId, UUID.randomUUID(), entitled.incident(), 1000,
                Map.of(entitled.first(), BigInteger.valueOf(300), entitled.second(), BigInteger.valueOf(401)));
        try (var dlq = fixtures.kafka().consumeStrings().fromTopics(Topics.PAYOUT_PAYOUTS + ".ledger-dlq")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> dlq.getRecords().stream()
                    .anyMatch(record -> record.value().contains(eventId.toString())));
        }
        assertEquals(0, rows("processed_event where event_id = '" + eventId + "'"));
        assertEquals("0", balance(entitled.incident(), "ETH", "PAID"));
        assertEquals(0, rows("entitlement where incident_id = '" + entitled.incident() + "' and paid > 0"));
    }

    @Test
    void aBatchSettledInTwoTransactionsIsBookedOncePerTransactionAndRedeliveriesChangeNothing() {
        // Why: payout-service reports each on-chain transaction of a batch on its own; each pays once, none twice.
        Entitled entitled = entitledRound();
        UUID batchId = UUID.randomUUID();
        String key = batchId.toString();
        String firstTx = LedgerFixtures.txHash();
        String secondTx = LedgerFixtures.txHash();
        UUID firstEvent = UUID.randomUUID();
        UUID secondEvent = UUID.randomUUID();
        Map<UUID, BigInteger> firstItems = new LinkedHashMap<>();
        firstItems.put(entitled.first(), BigInteger.valueOf(600));
        firstItems.put(entitled.second(), BigInteger.valueOf(150));
        Map<UUID, BigInteger> secondItems = Map.of(entitled.second(), BigInteger.valueOf(250));
        fixtures.publishPayoutSettled(firstEvent, batchId, entitled.incident(), 1000, firstItems, key, firstTx);
        fixtures.publishPayoutSettled(secondEvent, batchId, entitled.incident(), 1000, secondItems, key, secondTx);
        // Redeliveries of either, and the first transaction reported again under a new event id.
        fixtures.publishPayoutSettled(secondEvent, batchId, entitled.incident(), 1000, secondItems, key, secondTx);
        fixtures.publishPayoutSettled(firstEvent, batchId, entitled.incident(), 1000, firstItems, key, firstTx);
        UUID repeated = UUID.randomUUID();
        fixtures.publishPayoutSettled(repeated, batchId, entitled.incident(), 1000, firstItems, key, firstTx);
        awaitProcessed(repeated);

        assertEquals("1000", balance(entitled.incident(), "ETH", "PAID"));
        assertEquals("0", balance(entitled.incident(), "ETH", "ENTITLEMENTS"));
        assertEquals(1, rows("entitlement where id = '" + entitled.first() + "' and paid = 600"));
        assertEquals(1, rows("entitlement where id = '" + entitled.second() + "' and paid = 400"));
        assertEquals(2, rows("claim_line where incident_id = '" + entitled.incident() + "' and paid = approved"));
        assertEquals(1, rows("ledger_transfer where reference_id = '" + batchId + "' and tx_hash = '" + firstTx
                + "' and amount = 750"));
        assertEquals(1, rows("ledger_transfer where reference_id = '" + batchId + "' and tx_hash = '" + secondTx
                + "' and amount = 250"));
        assertEquals(2, rows("ledger_transfer where reference_id = '" + batchId + "'"));

        // A third transaction of the batch paying beyond an entitlement's amount is parked and books nothing.
        UUID beyond = UUID.randomUUID();
        fixtures.publishPayoutSettled(beyond, batchId, entitled.incident(), 1000,
                Map.of(entitled.second(), BigInteger.ONE), key, LedgerFixtures.txHash());
        try (var dlq = fixtures.kafka().consumeStrings().fromTopics(Topics.PAYOUT_PAYOUTS + ".ledger-dlq")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> dlq.getRecords().stream()
                    .anyMatch(record -> record.value().contains(beyond.toString())));
        }
        assertEquals("1000", balance(entitled.incident(), "ETH", "PAID"));
        assertEquals(1, rows("entitlement where id = '" + entitled.second() + "' and paid = 400"));
        assertEquals(2, rows("ledger_transfer where reference_id = '" + batchId + "'"));
    }
}
