package dev.restitution.claims.notification;

import dev.restitution.claims.config.ClaimsConfig;
import dev.restitution.claims.notification.domain.UnsubscribeTokens;
import dev.restitution.claims.notification.persistence.NotificationStore;
import dev.restitution.claims.notification.persistence.NotificationStore.Preferences;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Optional;

/** A claimant's mail preferences, set by the claimant or, for the reminders, by a signed unsubscribe link. */
@ApplicationScoped
public class NotificationPreferencesService {

    private final NotificationStore store;
    private final UnsubscribeTokens tokens;
    private final Clock clock;

    public NotificationPreferencesService(NotificationStore store, ClaimsConfig config, Clock clock) {
        this.store = store;
        this.tokens = new UnsubscribeTokens(config.notifications().unsubscribeSecret());
        this.clock = clock;
    }

    /** The account's preferences, or the defaults (no language chosen, every reminder on). */
    @Transactional
    public Preferences of(String accountId) {
        return store.preferences(accountId).orElse(new Preferences(accountId, Optional.empty(), true, true));
    }

    @Transactional
    public Preferences put(Preferences preferences) {
        store.putPreferences(preferences, clock.instant());
        return preferences;
    }

    /** Switches every reminder off for the account the token names; a token that does not verify is refused. */
    @Transactional
    public Preferences unsubscribe(String token) {
        String accountId = tokens.accountOf(token).orElseThrow(() -> ProblemException.invalid(
                List.of(new FieldViolation("token", "is not a valid unsubscribe token: malformed, or not signed by this service"))));
        Preferences current = of(accountId);
        Preferences unsubscribed = new Preferences(accountId, current.language(), false, false);
        store.putPreferences(unsubscribed, clock.instant());
        return unsubscribed;
    }
}
