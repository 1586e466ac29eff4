package dev.restitution.claims.notification;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.claims.notification.domain.NotificationKind;
import dev.restitution.claims.notification.persistence.NotificationStore;
import dev.restitution.devstack.DevStack;
import dev.restitution.devstack.Mailbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * On demand only (the class name matches none of Surefire's default test patterns):
 * <pre>./mvnw -B -pl claims-service -am verify -Dtest=NotificationBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.mails=100000 -Drestitution.devstack.otlp.max-spans=10000</pre>
 * Queues {@code bench.mails} "claims are open" mails of one event (one per account, each with its address, as the
 * campaign expander queues them, {@value #QUEUE_PAGE} per transaction), then sends them all to the devstack's real SMTP
 * server through the service's own sender ({@link NotificationSender#sendDue}, {@code bench.threads} senders taking
 * {@value #SEND_BATCH} at a time, no rate limit) and checks that every one was sent once. A sampler reads the used heap
 * every 50 ms; printed beside their goals: mails per second queued and sent, the largest heap observed, and that heap
 * divided by the mails (a bounded sender holds one batch per thread, whatever the number of mails). The devstack's mail
 * server runs in this JVM and keeps what it receives: it is emptied every {@value #CLEAR_EVERY} mails, so its storage
 * stays out of the figure; so does the devstack's trace receiver, also in this JVM, when the command bounds the spans it
 * keeps (every mail sent leaves a few).
 */
@QuarkusTest
class NotificationBenchmark {

    private static final int MAILS = Integer.getInteger("bench.mails", 100_000);
    private static final int THREADS = Integer.getInteger("bench.threads", 4);
    private static final int QUEUE_PAGE = 1_000;
    private static final int SEND_BATCH = 200;
    private static final int CLEAR_EVERY = 1_000;
    /** The sampler measures the live heap (after a full collection) every 40th sample, about every two seconds. */
    private static final int LIVE_EVERY_SAMPLES = 40;
    /** The goal: the sender's heap does not grow with the number of mails; 256 MiB is the service's whole budget here. */
    private static final long HEAP_GOAL_BYTES = 256L << 20;

    @Inject
    NotificationStore store;

    @Inject
    NotificationSender sender;

    @Test
    void queueAndSendClaimsOpenMailsWithBoundedMemory() throws Exception {
        // Why: an incident may open claims for millions of accounts; queuing and sending must not hold them in memory.
        Mailbox mailbox = DevStack.shared().mailbox();
        mailbox.clear();
        UUID eventId = UUID.randomUUID();
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        System.gc();
        long baseline = memory.getHeapMemoryUsage().getUsed();
        AtomicLong maxHeap = new AtomicLong(baseline);
        AtomicLong maxLive = new AtomicLong(baseline);
        AtomicBoolean sampling = new AtomicBoolean(true);
        Thread sampler = Thread.ofPlatform().daemon().start(() -> {
            long samples = 0;
            while (sampling.get()) {
                maxHeap.accumulateAndGet(memory.getHeapMemoryUsage().getUsed(), Math::max);
                if (++samples % LIVE_EVERY_SAMPLES == 0) {
                    maxLive.accumulateAndGet(liveAfterFullCollection(memory), Math::max);
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });

        long queueStarted = System.nanoTime();
        Map<String, Object> incident = Map.of("incidentId", UUID.randomUUID().toString(), "incidentTitle", "Benchmark breach",
                "claimsDeadline", Instant.now().plusSeconds(86_400 * 30).toString());
        for (int first = 0; first < MAILS; first += QUEUE_PAGE) {
            int from = first;
            QuarkusTransaction.requiringNew().run(() -> {
                Instant now = Instant.now();
                for (int i = from; i < Math.min(from + QUEUE_PAGE, MAILS); i++) {
                    Map<String, Object> parameters = new java.util.HashMap<>(incident);
                    parameters.put("email", "holder-" + i + "@bench.example");
                    store.enqueue(eventId, "BENCH-" + eventId + "-" + i, NotificationKind.CLAIMS_OPEN, parameters, now);
                }
            });
        }
        double queueSeconds = (System.nanoTime() - queueStarted) / 1e9;
        long heapAfterQueue = maxHeap.get();

        long sendStarted = System.nanoTime();
        AtomicLong sent = new AtomicLong();
        AtomicLong lastClear = new AtomicLong();
        ExecutorService senders = Executors.newFixedThreadPool(THREADS);
        List<Future<?>> running = new ArrayList<>();
        for (int thread = 0; thread < THREADS; thread++) {
            running.add(senders.submit(() -> {
                int taken;
                while ((taken = sender.sendDue(SEND_BATCH)) > 0) {
                    long total = sent.addAndGet(taken);
                    long cleared = lastClear.get();
                    if (total - cleared >= CLEAR_EVERY && lastClear.compareAndSet(cleared, total)) {
                        mailbox.clear();
                    }
                }
                return null;
            }));
        }
        for (Future<?> thread : running) {
            thread.get();
        }
        senders.shutdown();
        double sendSeconds = (System.nanoTime() - sendStarted) / 1e9;
        sampling.set(false);
        sampler.join();

        NotificationStore.Progress progress = store.progress(eventId);
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        long peakAboveBaseline = maxLive.get() - baseline;
        System.out.printf("BENCH queued %,d claims-open mails in %.1f s: %,.0f per second (goal: above 5,000)%n", MAILS,
                queueSeconds, MAILS / queueSeconds);
        System.out.printf("BENCH sent %,d mails over SMTP in %.1f s with %d senders: %,.0f per second (goal: above 200; "
                + "production sends at the configured max-per-second)%n", progress.sent(), sendSeconds, THREADS,
                progress.sent() / sendSeconds);
        System.out.printf("BENCH max heap in use after a full collection (what the run holds) %,d MiB, baseline %,d MiB "
                + "(goal: under %,d MiB whatever the number of mails)%n", maxLive.get() >> 20, baseline >> 20,
                HEAP_GOAL_BYTES >> 20);
        System.out.printf("BENCH max heap observed %,d MiB, %,d MiB after queuing (no goal: garbage waiting for the "
                + "collector counts here)%n", maxHeap.get() >> 20, heapAfterQueue >> 20);
        System.out.printf("BENCH live heap above baseline per mail %,.0f bytes (goal: falls as mails grow: the sender holds "
                + "%d per thread, never all)%n", (double) peakAboveBaseline / MAILS, SEND_BATCH);
        System.out.printf("BENCH load average %s%n", load);
        assertEquals(MAILS, progress.sent(), "every mail sent once; " + progress);
        assertEquals(0, progress.pending() + progress.parked() + progress.skipped(), "nothing left behind; " + progress);
    }

    /**
     * The heap still in use after a full collection: what the sender and the queue really hold. (A pool's usage after
     * its last collection is no measure on G1: a young collection leaves the old generation's garbage in place.)
     */
    private static long liveAfterFullCollection(MemoryMXBean memory) {
        System.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }
}
