package dev.restitution.devstack;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Stops a {@link DevStack}'s components in parallel, each failure logged, the whole bounded by a backstop. */
final class Stopping {

    private static final System.Logger LOG = System.getLogger(DevStack.class.getName());

    private Stopping() {
    }

    static void stopAll(List<AutoCloseable> components, Duration backstop) {
        try (ExecutorService stopper = Executors.newVirtualThreadPerTaskExecutor()) {
            List<CompletableFuture<Void>> stops = components.stream()
                    .map(component -> CompletableFuture.runAsync(() -> closeQuietly(component), stopper))
                    .toList();
            CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new))
                    .get(backstop.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException | TimeoutException e) {
            LOG.log(Level.WARNING, "devstack did not stop cleanly", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void closeQuietly(AutoCloseable component) {
        try {
            component.close();
        } catch (Exception e) {
            LOG.log(Level.WARNING, "cannot stop " + component.getClass().getSimpleName(), e);
        }
    }
}
