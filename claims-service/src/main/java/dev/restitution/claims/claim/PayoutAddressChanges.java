package dev.restitution.claims.claim;

import dev.restitution.claims.audit.ClaimAudit;
import dev.restitution.claims.claim.domain.ClaimDetails;
import dev.restitution.claims.claim.domain.PayoutAddressChange;
import dev.restitution.claims.claim.domain.PayoutAddressChangeLifecycle;
import dev.restitution.claims.claim.domain.PayoutAddressChangeState;
import dev.restitution.claims.claim.persistence.ClaimEntity;
import dev.restitution.claims.claim.persistence.ClaimLineEntity;
import dev.restitution.claims.claim.persistence.ClaimRepository;
import dev.restitution.claims.claim.persistence.PayoutAddressChangeStore;
import dev.restitution.claims.claim.persistence.PayoutAddressRow;
import dev.restitution.claims.security.Caller;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.OwnActor;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Replaced payout addresses and their cool-down. The first address of a chain is in force at once; a later one is a
 * PENDING change until effectiveAt (now + {@code restitution.payout-addresses.cool-down}): the earlier address stays in
 * force and payout-service pays nothing on the claim's chain meanwhile. The claimant may cancel it before effectiveAt;
 * from effectiveAt on it is in force (a worker records it, replacing the claim's address). Every step is audited on the
 * claim's chain; a change and a cancel are published through the outbox in their transaction.
 */
@ApplicationScoped
public class PayoutAddressChanges {

    private static final Logger LOG = Logger.getLogger(PayoutAddressChanges.class);
    /** Most due changes one worker pass records; the next pass takes the rest. */
    static final int DUE_PER_PASS = 100;

    /** What a cancel found: the claim after it, or the address that took effect instead. */
    private record CancelOutcome(Optional<ClaimDetails> cancelled, Optional<PayoutAddressChange> inForce) {
    }

    private final ClaimService claims;
    private final ClaimRepository repository;
    private final PayoutAddressChangeStore store;
    private final ClaimAudit audit;
    private final ClaimEvents events;
    private final OwnActor own;
    private final Clock clock;
    private final Duration coolDown;

    public PayoutAddressChanges(ClaimService claims, ClaimRepository repository, PayoutAddressChangeStore store,
                                ClaimAudit audit, ClaimEvents events, OwnActor own, Clock clock,
                                @ConfigProperty(name = "restitution.payout-addresses.cool-down", defaultValue = "PT48H")
                                Duration coolDown) {
        if (coolDown.isNegative()) {
            throw new IllegalStateException("restitution.payout-addresses.cool-down must not be negative: " + coolDown);
        }
        this.claims = claims;
        this.repository = repository;
        this.store = store;
        this.audit = audit;
        this.events = events;
        this.own = own;
        this.clock = clock;
        this.coolDown = coolDown;
    }

    public Duration coolDown() {
        return coolDown;
    }

    /** Refuses (409, nothing written) replacing the in-force address of {@code chainId} of this locked claim now. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void requireReplaceable(ClaimEntity claim, long chainId) {
        PayoutAddressChangeLifecycle.checkReplacement(claim.status(), paidInFull(claim, chainId),
                        store.pending(claim.id, chainId).isPresent())
                .ifPresent(refusal -> {
                    throw ProblemException.conflict(switch (refusal.kind()) {
                        case CHANGE_PENDING -> "payout-address-change-pending";
                        default -> "payout-address-change-refused";
                    }, "The payout address of chain " + chainId + " cannot be replaced: " + refusal.reason()
                            + ". Nothing was written.");
                });
    }

    /**
     * Records a replacement of {@code inForce} by {@code address} on the locked claim, effective after the cool-down;
     * audited and published (PayoutAddressChanged) in the caller's transaction.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public PayoutAddressChange request(ClaimEntity claim, PayoutAddressRow inForce, String address, Actor actor,
                                       Instant now) {
        requireReplaceable(claim, inForce.chainId);
        // PostgreSQL keeps microseconds: the event and the stored change name the same instants.
        Instant requestedAt = now.truncatedTo(ChronoUnit.MICROS);
        PayoutAddressChange change = new PayoutAddressChange(UUID.randomUUID(), claim.id, claim.incidentId,
                claim.accountId, inForce.chainId, inForce.address.trim(), address, PayoutAddressChangeState.PENDING,
                requestedAt, PayoutAddressChangeLifecycle.effectiveAt(requestedAt, coolDown), Optional.empty());
        store.insert(change);
        audit.append(claim.id, actor, now, "PAYOUT_ADDRESS_CHANGE_REQUESTED",
                Optional.of(Map.of("chainId", change.chainId(), "address", change.previousAddress())),
                Map.of("chainId", change.chainId(), "address", change.address(), "changeId", change.id().toString(),
                        "state", change.state().name(), "effectiveAt", change.effectiveAt().toString()));
        events.payoutAddressChanged(claim, change, now);
        return change;
    }

    /**
     * The claimant cancels the pending change of a chain: the earlier address stays in force. Refused, with nothing
     * written: a chain the claim has no line on (400), no change pending (409), a change already in force (409,
     * naming the new address; if that was not recorded yet, it is recorded now).
     */
    public ClaimDetails cancel(UUID claimId, long chainId, Caller caller) {
        CancelOutcome outcome = QuarkusTransaction.requiringNew().call(() -> cancelLocked(claimId, chainId, caller));
        return outcome.cancelled().orElseThrow(() -> {
            PayoutAddressChange inForce = outcome.inForce().orElseThrow();
            return ProblemException.conflict("payout-address-change-in-force", "The change of chain " + chainId
                    + " took effect at " + inForce.effectiveAt() + ": the new address " + inForce.address()
                    + " is in force and can no longer be cancelled. Nothing was cancelled.");
        });
    }

    private CancelOutcome cancelLocked(UUID claimId, long chainId, Caller caller) {
        ClaimEntity claim = claims.ownLocked(claimId, caller);
        if (claim.lines.stream().noneMatch(line -> line.chainId == chainId)) {
            throw ProblemException.invalid(List.of(new FieldViolation("chainId",
                    "no line of this claim is paid on chain " + chainId)));
        }
        Instant now = clock.instant();
        Optional<PayoutAddressChange> pending = store.pending(claimId, chainId);
        if (pending.isEmpty()) {
            Optional<PayoutAddressChange> latest = store.latest(claimId, chainId)
                    .filter(change -> change.state() == PayoutAddressChangeState.EFFECTIVE);
            if (latest.isPresent()) {
                return new CancelOutcome(Optional.empty(), latest);
            }
            throw ProblemException.conflict("no-pending-payout-address-change", "No change of the payout address of"
                    + " chain " + chainId + " is pending; nothing was cancelled.");
        }
        PayoutAddressChange change = pending.get();
        Optional<PayoutAddressChangeLifecycle.Refusal> refusal = PayoutAddressChangeLifecycle.checkMove(change.state(),
                PayoutAddressChangeState.CANCELLED, change.effectiveAt(), now);
        if (refusal.isPresent()) {
            if (refusal.get().kind() != PayoutAddressChangeLifecycle.Refusal.Kind.ALREADY_IN_FORCE) {
                throw ProblemException.conflict("payout-address-change-refused", refusal.get().reason());
            }
            takeEffect(claim, change, own.actor(), now);
            return new CancelOutcome(Optional.empty(), Optional.of(change));
        }
        if (!store.move(change.id(), PayoutAddressChangeState.PENDING, PayoutAddressChangeState.CANCELLED, now)) {
            throw new IllegalStateException("change " + change.id() + " left PENDING under its claim's lock");
        }
        audit.append(claim.id, caller.actor(), now, "PAYOUT_ADDRESS_CHANGE_CANCELLED",
                Optional.of(Map.of("chainId", chainId, "address", change.address(), "changeId", change.id().toString(),
                        "state", PayoutAddressChangeState.PENDING.name())),
                Map.of("chainId", chainId, "address", change.previousAddress(), "changeId", change.id().toString(),
                        "state", PayoutAddressChangeState.CANCELLED.name()));
        events.payoutAddressChangeCancelled(claim, change, now);
        return new CancelOutcome(Optional.of(claims.details(claim)), Optional.empty());
    }

    /** Records the changes whose effectiveAt has passed: their address replaces the claim's; audited. */
    @Scheduled(identity = "payout-address-changes-effective",
            every = "${restitution.payout-addresses.effective-check-interval:10s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void recordEffective() {
        Instant now = clock.instant();
        List<UUID> due = QuarkusTransaction.requiringNew().call(() -> store.lockDue(now, DUE_PER_PASS));
        for (UUID changeId : due) {
            QuarkusTransaction.requiringNew().run(() -> recordOne(changeId));
        }
    }

    /** One due change, under its claim's lock (the lock a cancel takes first, so the two never cross). */
    private void recordOne(UUID changeId) {
        Optional<PayoutAddressChange> found = store.find(changeId);
        if (found.isEmpty()) {
            return;
        }
        ClaimEntity claim = repository.lockedWithLines(found.get().claimId()).orElseThrow();
        Optional<PayoutAddressChange> change = store.find(changeId)
                .filter(still -> still.state() == PayoutAddressChangeState.PENDING);
        Instant now = clock.instant();
        if (change.isPresent() && change.get().stateAt(now) == PayoutAddressChangeState.EFFECTIVE) {
            takeEffect(claim, change.get(), own.actor(), now);
        }
    }

    private void takeEffect(ClaimEntity claim, PayoutAddressChange change, Actor actor, Instant now) {
        PayoutAddressChangeLifecycle.checkMove(change.state(), PayoutAddressChangeState.EFFECTIVE, change.effectiveAt(),
                now).ifPresent(refusal -> {
                    throw new IllegalStateException("change " + change.id() + ": " + refusal.reason());
                });
        if (!store.move(change.id(), PayoutAddressChangeState.PENDING, PayoutAddressChangeState.EFFECTIVE, now)) {
            throw new IllegalStateException("change " + change.id() + " left PENDING under its claim's lock");
        }
        claim.payoutAddresses.removeIf(address -> address.chainId == change.chainId());
        PayoutAddressRow row = new PayoutAddressRow();
        row.chainId = change.chainId();
        row.address = change.address();
        row.provenAt = change.requestedAt();
        claim.payoutAddresses.add(row);
        audit.append(claim.id, actor, now, "PAYOUT_ADDRESS_CHANGE_EFFECTIVE",
                Optional.of(Map.of("chainId", change.chainId(), "address", change.previousAddress())),
                Map.of("chainId", change.chainId(), "address", change.address(), "changeId", change.id().toString(),
                        "state", PayoutAddressChangeState.EFFECTIVE.name(), "effectiveAt", change.effectiveAt().toString()));
        LOG.infof("claim %s: payout address of chain %d is %s from %s", claim.id, change.chainId(), change.address(),
                change.effectiveAt());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PayoutAddressChange> page(PayoutAddressChangeStore.Filter filter, int offset, int limit) {
        return store.page(filter, clock.instant(), offset, limit);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(PayoutAddressChangeStore.Filter filter) {
        return store.count(filter, clock.instant());
    }

    /** Every line of the chain is decided and paid its approved amount (a line approved at 0 is owed nothing). */
    private static boolean paidInFull(ClaimEntity claim, long chainId) {
        List<ClaimLineEntity> lines = claim.lines.stream().filter(line -> line.chainId == chainId).toList();
        return !lines.isEmpty() && lines.stream().allMatch(line -> line.approvedAmount != null
                && line.payments.stream().map(payment -> payment.amount).reduce(BigInteger.ZERO, BigInteger::add)
                .compareTo(line.approvedAmount) >= 0);
    }
}
