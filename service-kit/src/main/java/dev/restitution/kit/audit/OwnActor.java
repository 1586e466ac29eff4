package dev.restitution.kit.audit;

import io.quarkus.oidc.client.OidcClient;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.time.Duration;
import org.jboss.logging.Logger;

/**
 * Who the service is when it acts on its own: its realm client's service account (subject id and
 * {@code service-account-<client id>}), learnt from its own client-credentials token: at start, off the start-up
 * thread, so that the first own action (an event consumed, a payment recorded) does not wait for Keycloak; should
 * Keycloak be away then, when first needed.
 */
@ApplicationScoped
public class OwnActor {

    private static final Logger LOG = Logger.getLogger(OwnActor.class);

    private static final int MAX_ATTEMPTS = 5;
    private static final Duration PAUSE = Duration.ofSeconds(1);
    private static final Duration TOKEN_TIMEOUT = Duration.ofSeconds(10);

    private final ServiceAccount account;

    public OwnActor(OidcClient client) {
        this.account = new ServiceAccount(() -> client.getTokens().await().atMost(TOKEN_TIMEOUT).getAccessToken(),
                MAX_ATTEMPTS, PAUSE);
    }

    void learnEarly(@Observes StartupEvent start) {
        Thread.ofVirtual().name("own-actor").start(() -> {
            try {
                LOG.infof("acting on its own as %s", account.actor().text());
            } catch (RuntimeException notYet) {
                LOG.warnf("service account not known at start, asked again when first needed: %s", notYet.getMessage());
            }
        });
    }

    public Actor actor() {
        return account.actor();
    }
}
