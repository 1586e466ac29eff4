package dev.restitution.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/**
 * Runs one task per item with at most {@code concurrency} of them at a time: the demo's claimants act in parallel,
 * as many people at once would, without opening more connections than the services' pools and two cores serve well.
 * The first failure stops the caller (the tasks not started yet are cancelled).
 */
final class BoundedPool {

    /** More would only queue at the services' connection pools (16 database connections each). */
    static final int MAX_CONCURRENCY = 64;

    private BoundedPool() {
    }

    /** The task's answer for each item, in the items' order. */
    static <T, R> List<R> map(List<T> items, int concurrency, Function<T, R> task) {
        Objects.requireNonNull(task, "task");
        if (concurrency < 1 || concurrency > MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency between 1 and " + MAX_CONCURRENCY + ", not " + concurrency);
        }
        ExecutorService pool = Executors.newFixedThreadPool(concurrency, Thread.ofVirtual().name("demo-", 0).factory());
        try {
            List<Future<R>> answers = new ArrayList<>(items.size());
            for (T item : items) {
                answers.add(pool.submit(() -> task.apply(item)));
            }
            List<R> results = new ArrayList<>(items.size());
            for (Future<R> answer : answers) {
                results.add(answer.get());
            }
            return results;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the demo's claimants were acting", e);
        } finally {
            pool.shutdownNow();
        }
    }
}
