package dev.restitution.ledger.snapshot;

import dev.restitution.ledger.snapshot.domain.LeafHashes;
import dev.restitution.ledger.snapshot.domain.SnapshotLeaves;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;

/**
 * Hashes rows into their Merkle leaves on worker threads while the reader goes on parsing and
 * copying: rows are handed over in batches, each row's leaf slot reserved in file order by the
 * reader, and at most {@link #BATCHES_IN_FLIGHT} batches wait at a time, so memory stays bounded.
 */
final class ParallelLeafHasher implements AutoCloseable {

    private static final int BATCH_ROWS = 8192;
    private static final int BATCHES_IN_FLIGHT = 4;

    private final LeafHashes leafHashes;
    private final ThreadLocal<SnapshotLeaves> leaves;
    private final ExecutorService workers;
    private final Semaphore slots = new Semaphore(BATCHES_IN_FLIGHT);
    private final Deque<Future<?>> submitted = new ArrayDeque<>();
    private Batch current = new Batch();

    ParallelLeafHasher(LeafHashes leafHashes, byte[] secret, int threads) {
        this.leafHashes = leafHashes;
        byte[] copy = secret.clone();
        this.leaves = ThreadLocal.withInitial(() -> new SnapshotLeaves(copy));
        this.workers = Executors.newFixedThreadPool(threads, Thread.ofPlatform().daemon().name("snapshot-hasher-", 0).factory());
    }

    /** Queues the row whose ordinal is the next leaf; returns that ordinal. */
    int add(String accountId, String asset, BigInteger amount) {
        int ordinal = leafHashes.reserve();
        current.add(ordinal, accountId, asset, amount, leafHashes.page(ordinal), leafHashes.offset(ordinal));
        leafHashes.commit();
        if (current.size == BATCH_ROWS) {
            submit();
        }
        return ordinal;
    }

    /** Waits until every queued row is hashed; a worker's failure is thrown here. */
    void finish() throws InterruptedException {
        if (current.size > 0) {
            submit();
        }
        while (!submitted.isEmpty()) {
            await(submitted.removeFirst());
        }
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }

    private void submit() {
        Batch batch = current;
        current = new Batch();
        try {
            slots.acquire();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while queueing rows for hashing", interrupted);
        }
        submitted.addLast(workers.submit(() -> {
            try {
                batch.hash(leaves.get());
            } finally {
                slots.release();
            }
        }));
        while (!submitted.isEmpty() && submitted.peekFirst().isDone()) {
            await(submitted.removeFirst());
        }
    }

    private static void await(Future<?> future) {
        try {
            future.get();
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while rows were hashed", interrupted);
        } catch (ExecutionException failed) {
            throw new IllegalStateException("hashing rows failed", failed.getCause());
        }
    }

    /** Consecutive rows waiting to be hashed, each with the page and offset its leaf goes to. */
    private static final class Batch {
        private final String[] accountIds = new String[BATCH_ROWS];
        private final String[] assets = new String[BATCH_ROWS];
        private final BigInteger[] amounts = new BigInteger[BATCH_ROWS];
        private final byte[][] pages = new byte[BATCH_ROWS][];
        private final int[] offsets = new int[BATCH_ROWS];
        private int firstOrdinal;
        private int size;

        void add(int ordinal, String accountId, String asset, BigInteger amount, byte[] page, int offset) {
            if (size == 0) {
                firstOrdinal = ordinal;
            } else if (ordinal != firstOrdinal + size) {
                throw new IllegalStateException("leaf " + ordinal + " does not follow leaf " + (firstOrdinal + size - 1));
            }
            accountIds[size] = accountId;
            assets[size] = asset;
            amounts[size] = amount;
            pages[size] = page;
            offsets[size] = offset;
            size++;
        }

        /** The salts of the batch come from one key-stream call, as its rows are consecutive. */
        void hash(SnapshotLeaves leaves) {
            byte[] salts = new byte[size * SnapshotLeaves.SALT_BYTES];
            leaves.salts(firstOrdinal, size, salts, 0);
            byte[] scratch = new byte[32];
            for (int index = 0; index < size; index++) {
                leaves.rowLeaf(salts, index * SnapshotLeaves.SALT_BYTES, accountIds[index], assets[index], amounts[index],
                        scratch, pages[index], offsets[index]);
            }
        }
    }
}
