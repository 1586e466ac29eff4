package dev.restitution.kit.messaging;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class OutboxSendsTest {

    private static OutboxEventEntity row(String key, String payload) {
        OutboxEventEntity row = new OutboxEventEntity();
        row.id = UUID.randomUUID();
        row.topic = "restitution.test";
        row.messageKey = key;
        row.eventType = "Test";
        row.payload = payload;
        row.createdAt = Instant.now();
        return row;
    }

    private static List<String> payloads(List<OutboxEventEntity> rows) {
        return rows.stream().map(row -> row.payload).toList();
    }

    @Test
    void theWholeBatchIsSentBeforeAnyAcknowledgementIsAwaited() throws Exception {
        // Why: waiting for each ack before the next send made a relay pass cost one Kafka round trip per event.
        List<OutboxEventEntity> rows = List.of(row("k1", "a"), row("k2", "b"), row("k1", "c"), row("k3", "d"));
        List<String> sent = new ArrayList<>();
        List<CompletableFuture<Void>> acks = new ArrayList<>();
        CountDownLatch allSent = new CountDownLatch(rows.size());
        Function<OutboxEventEntity, CompletionStage<Void>> send = row -> {
            sent.add(row.payload);
            CompletableFuture<Void> ack = new CompletableFuture<>();
            acks.add(ack);
            allSent.countDown();
            return ack;
        };
        // Kafka "acknowledges" only once every event of the batch was handed over: a relay awaiting
        // each ack before sending the next one would time out here with nothing acknowledged.
        Thread broker = Thread.ofVirtual().start(() -> {
            try {
                if (allSent.await(5, TimeUnit.SECONDS)) {
                    acks.forEach(ack -> ack.complete(null));
                }
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });

        List<OutboxEventEntity> acknowledged = OutboxSends.acknowledged(rows, send, Duration.ofSeconds(5));
        broker.join();

        assertEquals(List.of("a", "b", "c", "d"), sent, "sent oldest first");
        assertEquals(List.of("a", "b", "c", "d"), payloads(acknowledged));
    }

    @Test
    void anUnacknowledgedEventStaysWithTheLaterEventsOfItsKeyWhileOtherKeysAreMarked() {
        // Why: marking a key's later event sent while an earlier one waits for a retry would deliver that key out of order.
        List<OutboxEventEntity> rows = List.of(row("k1", "a"), row("k2", "b"), row("k1", "c"), row("k2", "d"), row("k3", "e"));
        Function<OutboxEventEntity, CompletionStage<Void>> send = row -> row.payload.equals("a")
                ? CompletableFuture.failedFuture(new IllegalStateException("broker refused"))
                : CompletableFuture.completedFuture(null);

        List<OutboxEventEntity> acknowledged = OutboxSends.acknowledged(rows, send, Duration.ofSeconds(1));

        assertEquals(List.of("b", "d", "e"), payloads(acknowledged));
    }

    @Test
    void aSendRefusedAtOnceCountsAsUnacknowledged() {
        // Why: an emitter that throws (channel down, buffer full) must leave its row for the next pass, not end the batch.
        List<OutboxEventEntity> rows = List.of(row("k1", "a"), row("k2", "b"));
        Function<OutboxEventEntity, CompletionStage<Void>> send = row -> {
            if (row.payload.equals("b")) {
                throw new IllegalStateException("emitter not connected");
            }
            return CompletableFuture.completedFuture(null);
        };

        assertEquals(List.of("a"), payloads(OutboxSends.acknowledged(rows, send, Duration.ofSeconds(1))));
    }

    @Test
    void acknowledgementsAreAwaitedForOneTimeoutPerBatchNotPerEvent() {
        // Why: a broker that never answers must not hold the relay (and its row locks) for the batch size times the timeout.
        List<OutboxEventEntity> rows = new ArrayList<>();
        for (int index = 0; index < 20; index++) {
            rows.add(row("k" + index, "p" + index));
        }
        Function<OutboxEventEntity, CompletionStage<Void>> send = row -> row.payload.equals("p0")
                ? CompletableFuture.completedFuture(null) : new CompletableFuture<>();

        long started = System.nanoTime();
        List<OutboxEventEntity> acknowledged = OutboxSends.acknowledged(rows, send, Duration.ofMillis(200));
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertEquals(List.of("p0"), payloads(acknowledged));
        assertTrue(elapsedMillis < 2_000, "waited " + elapsedMillis + " ms");
    }
}
