package dev.restitution.claims.claim.ledger;

import dev.restitution.contracts.ledger.client.ApiException;
import dev.restitution.contracts.ledger.client.SnapshotApi;
import dev.restitution.contracts.ledger.model.AccountSnapshot;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ProcessingException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The caller's own sealed balances, read from ledger-service through the generated client with the
 * caller's token (propagated, see quarkus.rest-client.ledger.providers). The ledger is the system of
 * record; claims-service keeps no copy it could drift from. Each attempt is bounded by the client's
 * connect/read timeouts and {@link Timeout}; a refused connection, a timeout or a 5xx is retried a
 * bounded number of times, then answered as a 503 problem.
 */
@ApplicationScoped
public class LedgerSnapshots {

    static final int MAX_RETRIES = 2;
    /** Most incidents one question to the ledger names (the ledger's bound). */
    public static final int MAX_INCIDENTS_ASKED = 200;

    private final SnapshotApi snapshots;

    public LedgerSnapshots(@RestClient SnapshotApi snapshots) {
        this.snapshots = snapshots;
    }

    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = MAX_RETRIES, delay = 200, jitter = 100,
            retryOn = {LedgerUnavailable.class, TimeoutException.class})
    public AccountSnapshot callersRows(UUID incidentId) {
        return sealedRowsOfCaller(incidentId).orElseThrow(() -> new ProblemException(ProblemDetails.of(
                "snapshot-not-available", "Snapshot not available", 409,
                "The ledger holds no sealed snapshot for incident " + incidentId + " yet.")));
    }

    /**
     * Of {@code incidentIds} (at most {@link #MAX_INCIDENTS_ASKED}), those whose sealed snapshot holds rows of the
     * caller's account, in one call; none asked, none answered. One attempt, bounded by {@link Timeout}.
     */
    @Timeout(value = 2, unit = ChronoUnit.SECONDS)
    public Set<UUID> incidentsWhereCallerHoldsRows(List<UUID> incidentIds) {
        if (incidentIds.isEmpty()) {
            return Set.of();
        }
        if (incidentIds.size() > MAX_INCIDENTS_ASKED) {
            throw new IllegalArgumentException("at most " + MAX_INCIDENTS_ASKED + " incidents per question, not "
                    + incidentIds.size());
        }
        try {
            return Set.copyOf(snapshots.getMyIncidentsWithRows(incidentIds).getIncidentIds());
        } catch (ProcessingException unreachable) {
            throw new LedgerUnavailable("ledger-service unreachable: " + unreachable.getMessage());
        } catch (ApiException refused) {
            int status = refused.getResponse().getStatus();
            if (status >= 500) {
                throw new LedgerUnavailable("ledger-service answered " + status);
            }
            throw new IllegalStateException("ledger-service refused the incidents-with-rows request with " + status);
        }
    }

    /** The caller's rows, or empty when the ledger holds no sealed snapshot of the incident (404). */
    private Optional<AccountSnapshot> sealedRowsOfCaller(UUID incidentId) {
        try {
            return Optional.of(snapshots.getMySnapshotEntries(incidentId));
        } catch (ProcessingException unreachable) {
            throw new LedgerUnavailable("ledger-service unreachable: " + unreachable.getMessage());
        } catch (ApiException refused) {
            int status = refused.getResponse().getStatus();
            if (status >= 500) {
                throw new LedgerUnavailable("ledger-service answered " + status);
            }
            if (status == 404) {
                return Optional.empty();
            }
            // 400/401/403: claims-service called the ledger wrongly; that is a defect, not the user's error.
            throw new IllegalStateException("ledger-service refused the snapshot request with " + status);
        }
    }

    /** The ledger did not answer usefully; retried, then mapped to 503 by {@link LedgerUnavailableMapper}. */
    public static final class LedgerUnavailable extends RuntimeException {
        public LedgerUnavailable(String message) {
            super(message);
        }
    }
}
