package dev.restitution.claims.incident.ledger;

import dev.restitution.claims.claim.ledger.LedgerSnapshots.LedgerUnavailable;
import dev.restitution.claims.incident.domain.IncidentState;
import dev.restitution.contracts.ledger.client.ApiException;
import dev.restitution.contracts.ledger.client.ApiExceptionMapper;
import dev.restitution.contracts.ledger.client.IncidentsApi;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.oidc.client.Tokens;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;
import jakarta.ws.rs.core.HttpHeaders;
import java.net.URI;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.faulttolerance.Retry;
import org.eclipse.microprofile.faulttolerance.Timeout;
import org.eclipse.microprofile.faulttolerance.exceptions.TimeoutException;

/**
 * Where an incident stands at ledger-service, the system of record, asked through the generated
 * client with claims-service's own service-account token (client credentials): used only when
 * claims-service does not know an incident yet, or knows it in an earlier state, to tell a hand-off
 * still in flight (the ledger's event has not arrived) from an incident that does not exist.
 * Bounded like {@link dev.restitution.claims.claim.ledger.LedgerSnapshots}: per-attempt timeouts and
 * a few retries, then {@link LedgerUnavailable} (503).
 */
@ApplicationScoped
public class LedgerIncidents {

    private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(2);

    private final IncidentsApi incidents;

    public LedgerIncidents(OidcClient serviceAccount, @ConfigProperty(name = "quarkus.rest-client.ledger.url") URI ledger,
                           @ConfigProperty(name = "quarkus.rest-client.ledger.connect-timeout") long connectTimeoutMillis,
                           @ConfigProperty(name = "quarkus.rest-client.ledger.read-timeout") long readTimeoutMillis) {
        this.incidents = QuarkusRestClientBuilder.newBuilder()
                .baseUri(ledger)
                .connectTimeout(connectTimeoutMillis, TimeUnit.MILLISECONDS)
                .readTimeout(readTimeoutMillis, TimeUnit.MILLISECONDS)
                .register(new ApiExceptionMapper())
                .register(new ServiceAccountToken(serviceAccount))
                .build(IncidentsApi.class);
    }

    /** The incident's state at the ledger, or empty when the ledger has no such incident. */
    @Timeout(value = 4, unit = ChronoUnit.SECONDS)
    @Retry(maxRetries = 2, delay = 200, jitter = 100, retryOn = {LedgerUnavailable.class, TimeoutException.class})
    public Optional<IncidentState> stateAtLedger(UUID incidentId) {
        try {
            return Optional.of(IncidentState.valueOf(incidents.getIncident(incidentId).getState().name()));
        } catch (ProcessingException unreachable) {
            throw new LedgerUnavailable("ledger-service unreachable: " + unreachable.getMessage());
        } catch (ApiException refused) {
            int status = refused.getResponse().getStatus();
            if (status == 404) {
                return Optional.empty();
            }
            if (status >= 500) {
                throw new LedgerUnavailable("ledger-service answered " + status);
            }
            // 400/401/403: claims-service's own call or its service account is wrong; a defect, not the user's error.
            throw new IllegalStateException("ledger-service refused claims-service's incident look-up with " + status);
        }
    }

    /** Puts claims-service's service-account access token on each call, after any other authentication filter. */
    @Priority(Priorities.AUTHENTICATION + 10)
    static final class ServiceAccountToken implements ClientRequestFilter {
        private final OidcClient serviceAccount;
        // Kept until it expires: a burst of look-ups (claims opening for everyone at once) costs Keycloak one call.
        private final AtomicReference<Tokens> current = new AtomicReference<>();

        ServiceAccountToken(OidcClient serviceAccount) {
            this.serviceAccount = serviceAccount;
        }

        @Override
        public void filter(ClientRequestContext request) {
            Tokens tokens = current.get();
            if (tokens == null || tokens.isAccessTokenExpired()) {
                try {
                    tokens = serviceAccount.getTokens().await().atMost(TOKEN_TIMEOUT);
                } catch (RuntimeException noToken) {
                    throw new LedgerUnavailable("no service-account token for the ledger: " + noToken.getMessage());
                }
                current.set(tokens);
            }
            request.getHeaders().putSingle(HttpHeaders.AUTHORIZATION, "Bearer " + tokens.getAccessToken());
        }
    }
}
