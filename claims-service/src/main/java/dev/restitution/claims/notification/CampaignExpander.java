package dev.restitution.claims.notification;

import dev.restitution.claims.keycloak.RealmUsers;
import dev.restitution.claims.notification.keycloak.Recipients;
import dev.restitution.claims.notification.persistence.NotificationStore;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * Turns a campaign (claims open) into one queued mail per claimant account with a verified address, reading
 * Keycloak's users a page at a time outside any transaction, then queuing that page and moving the campaign past it
 * in one transaction. At most {@link #PAGES_PER_RUN} pages of {@link #PAGE_SIZE} a run: memory stays bounded whatever
 * the number of accounts, and sending (at its own bounded rate) starts with the first page.
 */
@ApplicationScoped
public class CampaignExpander {

    static final int PAGE_SIZE = 200;
    static final int PAGES_PER_RUN = 10;
    private static final Logger LOG = Logger.getLogger(CampaignExpander.class);

    private final NotificationStore store;
    private final Recipients recipients;
    private final Clock clock;

    public CampaignExpander(NotificationStore store, Recipients recipients, Clock clock) {
        this.store = store;
        this.recipients = recipients;
        this.clock = clock;
    }

    @Scheduled(every = "${restitution.claims.notifications.poll-interval:1s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void expand() {
        try {
            for (int page = 0; page < PAGES_PER_RUN && expandOnePage(); page++) {
                LOG.tracef("expanded a campaign page");
            }
        } catch (RealmUsers.Unreachable e) {
            LOG.warnf("campaign expansion waits for Keycloak: %s", e.getMessage());
        }
    }

    /** Queues the next page of the oldest open campaign; false when there is none. */
    public boolean expandOnePage() {
        Optional<NotificationStore.Campaign> campaign = store.nextCampaign();
        if (campaign.isEmpty()) {
            return false;
        }
        Recipients.Page page = recipients.verifiedPage(campaign.get().nextFirst(), PAGE_SIZE);
        store.queuePage(campaign.get(), page.users(), page.accounts().stream()
                .map(account -> new NotificationStore.CampaignRecipient(account.accountId(), account.email(), account.locale()))
                .toList(), page.users() < PAGE_SIZE, clock.instant());
        return true;
    }
}
