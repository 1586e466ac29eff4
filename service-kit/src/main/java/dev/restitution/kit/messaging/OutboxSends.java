package dev.restitution.kit.messaging;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * One relay batch on the wire: every row is handed to the producer first, oldest first, and only
 * then are the acknowledgements awaited, all within one timeout. A batch thus costs about one round
 * trip to Kafka instead of one per event.
 *
 * <p>Which rows may be marked sent: those Kafka acknowledged, except a row that follows an
 * unacknowledged row of the same topic and key. That row stays for the next pass with the one
 * before it, so a key's events are re-sent in their order (the producer is idempotent, so Kafka
 * does not reorder what it accepted; consumers drop the repeats by event id).
 */
final class OutboxSends {

    private OutboxSends() {
    }

    /** A row's place in the ordering that must be kept: its topic and key. */
    private record OrderingKey(String topic, String key) {
    }

    /**
     * Sends {@code rows} in order with {@code send} (which must return at once, completing when Kafka
     * acknowledged) and returns the rows that may be marked sent, in order.
     */
    static List<OutboxEventEntity> acknowledged(List<OutboxEventEntity> rows,
                                                Function<OutboxEventEntity, CompletionStage<Void>> send,
                                                Duration timeout) {
        List<CompletableFuture<Void>> acks = new ArrayList<>(rows.size());
        for (OutboxEventEntity row : rows) {
            acks.add(sendOne(row, send));
        }
        long deadlineNanos = System.nanoTime() + timeout.toNanos();
        Set<OrderingKey> unacknowledged = new HashSet<>();
        List<OutboxEventEntity> acknowledged = new ArrayList<>(rows.size());
        for (int index = 0; index < rows.size(); index++) {
            OutboxEventEntity row = rows.get(index);
            OrderingKey key = new OrderingKey(row.topic, row.messageKey);
            if (awaitAck(acks.get(index), deadlineNanos) && !unacknowledged.contains(key)) {
                acknowledged.add(row);
            } else {
                unacknowledged.add(key);
            }
        }
        return acknowledged;
    }

    private static CompletableFuture<Void> sendOne(OutboxEventEntity row,
                                                   Function<OutboxEventEntity, CompletionStage<Void>> send) {
        try {
            return send.apply(row).toCompletableFuture();
        } catch (RuntimeException refused) {
            return CompletableFuture.failedFuture(refused);
        }
    }

    /** True when the send completed without failure before the deadline. */
    private static boolean awaitAck(CompletableFuture<Void> ack, long deadlineNanos) {
        try {
            ack.get(Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
            return true;
        } catch (ExecutionException | TimeoutException notAcknowledged) {
            return false;
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
