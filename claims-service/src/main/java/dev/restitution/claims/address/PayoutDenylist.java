package dev.restitution.claims.address;

import dev.restitution.claims.address.persistence.DenylistCopyStore;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.messaging.ProcessedEvents;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The denylist as claims-service sees it: payout-service owns it (it signs) and publishes every change; this
 * copy answers whether a payout address may be named for a claim of an incident on a chain. Each change is
 * applied once, in one transaction with its event id.
 */
@ApplicationScoped
public class PayoutDenylist {

    private static final Logger LOG = Logger.getLogger(PayoutDenylist.class);

    /** One change of payout-service's list, as its DenylistChanged event carries it. */
    public record Change(boolean added, long chainId, Optional<UUID> incidentId, String address, String reason,
                         Instant at) {
    }

    private final DenylistCopyStore copy;
    private final ProcessedEvents processedEvents;
    private final Clock clock;

    public PayoutDenylist(DenylistCopyStore copy, ProcessedEvents processedEvents, Clock clock) {
        this.copy = copy;
        this.processedEvents = processedEvents;
        this.clock = clock;
    }

    /** Whether {@code address} may not be named as a payout address on {@code chainId} for a claim of {@code incidentId}. */
    public boolean lists(UUID incidentId, long chainId, String address) {
        return copy.lists(incidentId, chainId, address);
    }

    /** Records a refused attempt to name a listed address; the caller commits it although it refuses the request. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void recordAttempt(UUID incidentId, UUID claimId, String accountId, String address, Actor attemptedBy,
                              Instant at) {
        copy.recordAttempt(incidentId, claimId, accountId, address, attemptedBy, at);
    }

    @Transactional
    public void learn(UUID eventId, String eventType, Change change) {
        if (!processedEvents.firstDelivery(eventId, eventType, clock.instant())) {
            LOG.debugf("event %s already processed, ignored", eventId);
            return;
        }
        if (change.added()) {
            copy.listed(change.chainId(), change.incidentId(), change.address(), change.reason(), change.at());
        } else if (!copy.unlisted(change.chainId(), change.incidentId(), change.address())) {
            LOG.warnf("denylist removal %s of %d:%s names no entry of the copy", eventId, change.chainId(),
                    change.address());
        }
    }
}
