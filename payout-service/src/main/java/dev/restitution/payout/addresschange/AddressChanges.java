package dev.restitution.payout.addresschange;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.audit.OwnActor;
import dev.restitution.kit.chain.Eip55;
import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.messaging.ProcessedEvents;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.batch.BatchCancellations;
import dev.restitution.payout.batch.BatchService;
import dev.restitution.payout.batch.domain.Batch;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.instruction.Instructions;
import dev.restitution.payout.instruction.domain.AddressChange;
import dev.restitution.payout.instruction.domain.AddressChangeLifecycle;
import dev.restitution.payout.instruction.domain.AddressChangeState;
import dev.restitution.payout.instruction.domain.Instruction;
import dev.restitution.payout.instruction.domain.InstructionState;
import dev.restitution.payout.instruction.persistence.AddressChangeStore;
import dev.restitution.payout.instruction.persistence.InstructionStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * A claimant's payout address change, as claims-service publishes it, applied to what payout-service pays. From
 * PayoutAddressChanged until effectiveAt (plus a grace) nothing is paid on the claim's chain: its instructions wait
 * (WAITING_ADDRESS), and a PROPOSED batch, or an APPROVED one none of whose orders was signed, holding one of them is
 * cancelled (approvals void) and its other instructions proposed again in a new batch. A batch already being paid is
 * not touched: it pays the address it holds, and the change applies to everything after it. Then the waiting
 * instructions pay the new address (checked against the denylist again). A cancel puts them back on the earlier
 * address. Each event once (inbox), in one transaction with its effect; every move audited.
 */
@ApplicationScoped
public class AddressChanges {

    private static final Logger LOG = Logger.getLogger(AddressChanges.class);
    static final String SUBJECT = "PAYOUT_ADDRESS_CHANGE";
    /** Most due changes one pass of the worker applies; the next pass takes the rest. */
    static final int DUE_PER_PASS = 100;

    public record Changed(UUID eventId, String eventType, ClaimId claimId, IncidentId incidentId, long chainId,
                          String previousAddress, String address, Instant effectiveAt) {
    }

    public record Cancelled(UUID eventId, String eventType, ClaimId claimId, IncidentId incidentId, long chainId,
                            String cancelledAddress, String address) {
    }

    /** A batch cancelled for a change whose other instructions are to be proposed again (after the commit). */
    public record Reproposal(BatchId cancelledBatch, IncidentId incidentId, long chainId, String assetSymbol,
                             String idempotencyKey) {
    }

    private final AddressChangeStore store;
    private final Instructions instructions;
    private final InstructionStore instructionStore;
    private final BatchService batches;
    private final BatchCancellations cancellations;
    private final ProcessedEvents processedEvents;
    private final AuditLog audit;
    private final OwnActor own;
    private final Clock clock;
    private final Duration grace;

    public AddressChanges(AddressChangeStore store, Instructions instructions, InstructionStore instructionStore,
                          BatchService batches, BatchCancellations cancellations, ProcessedEvents processedEvents, AuditLog audit, OwnActor own,
                          Clock clock, PayoutConfig config) {
        Duration grace = config.payoutAddresses().applyGrace();
        if (grace.isNegative()) {
            throw new IllegalStateException("restitution.payout-addresses.apply-grace must not be negative: " + grace);
        }
        this.store = store;
        this.instructions = instructions;
        this.instructionStore = instructionStore;
        this.batches = batches;
        this.cancellations = cancellations;
        this.processedEvents = processedEvents;
        this.audit = audit;
        this.own = own;
        this.clock = clock;
        this.grace = grace;
    }

    /**
     * Records the change and holds what would pay the earlier address on the claim's chain; answers the batches it
     * cancelled whose other instructions the caller proposes again after this transaction committed.
     */
    @Transactional
    public List<Reproposal> changed(Changed event) {
        requireChecksummed(event.previousAddress());
        requireChecksummed(event.address());
        Instant now = clock.instant();
        if (!processedEvents.firstDelivery(event.eventId(), event.eventType(), now)) {
            return List.of();
        }
        Actor actor = own.actor();
        // claims-service accepts a new change only once the earlier one took effect: apply that one first.
        store.lockWaiting(event.claimId(), event.chainId()).ifPresent(earlier -> apply(earlier, actor, now,
                "a later change of the same chain arrived, so this one took effect"));
        AddressChange change = new AddressChange(event.eventId(), event.claimId(), event.incidentId(), event.chainId(),
                event.previousAddress(), event.address(), event.effectiveAt(), AddressChangeState.WAITING);
        store.insert(change, now);
        audit.append(actor, "PAYOUT_ADDRESS_CHANGE_WAITING", SUBJECT, change.eventId().toString(), null, state(change),
                "PayoutAddressChanged event " + event.eventId() + " from claims-service");
        String reason = "claim " + event.claimId() + " changes its payout address on chain " + event.chainId() + " to "
                + event.address() + " from " + event.effectiveAt();
        return holdChain(change, actor, reason);
    }

    /** The claimant cancelled the change: the earlier address (event.address) pays again. */
    @Transactional
    public List<Reproposal> cancelled(Cancelled event) {
        requireChecksummed(event.cancelledAddress());
        requireChecksummed(event.address());
        Instant now = clock.instant();
        if (!processedEvents.firstDelivery(event.eventId(), event.eventType(), now)) {
            return List.of();
        }
        Actor actor = own.actor();
        String reason = "claim " + event.claimId() + " cancelled its payout address change on chain " + event.chainId()
                + "; " + event.address() + " pays again";
        Optional<AddressChange> waiting = store.lockWaiting(event.claimId(), event.chainId())
                .filter(change -> change.address().equals(event.cancelledAddress()));
        if (waiting.isPresent()) {
            decide(waiting.get(), AddressChangeState.CANCELLED, actor, now, reason);
            instructions.settleAddress(event.claimId(), event.chainId(), event.address(), actor, reason);
            return List.of();
        }
        AddressChange applied = store.latest(event.claimId(), event.chainId(), AddressChangeState.APPLIED)
                .filter(change -> change.address().equals(event.cancelledAddress()))
                .orElseThrow(() -> new IllegalStateException("PayoutAddressChangeCancelled " + event.eventId()
                        + " cancels a change of claim " + event.claimId() + " on chain " + event.chainId()
                        + " to " + event.cancelledAddress() + " payout-service never learnt"));
        // Later than the grace: what was not yet on its way to the chain goes back to the earlier address.
        LOG.warnf("cancel %s of claim %s arrived after its change applied; unpaid instructions go back to %s",
                event.eventId(), event.claimId(), event.address());
        audit.append(actor, "PAYOUT_ADDRESS_CHANGE_CANCELLED_LATE", SUBJECT, applied.eventId().toString(),
                state(applied), state(applied), reason + " (arrived after the change applied)");
        List<Reproposal> reproposals = holdChain(applied, actor, reason);
        instructions.settleAddress(event.claimId(), event.chainId(), event.address(), actor, reason);
        return reproposals;
    }

    /** Proposes a batch of what a cancelled batch left pending; a refusal leaves them PENDING for the next proposal. */
    public void repropose(Reproposal reproposal) {
        try {
            BatchService.Proposal proposal = batches.propose(reproposal.incidentId(), reproposal.chainId(),
                    reproposal.assetSymbol(), reproposal.idempotencyKey(), own.actor());
            LOG.infof("batch %s re-proposed as %s after a payout address change", reproposal.cancelledBatch(),
                    proposal.batch().id());
        } catch (ProblemException nothing) {
            LOG.infof("batch %s not re-proposed (%s); its instructions stay PENDING for the next proposal",
                    reproposal.cancelledBatch(), nothing.getMessage());
        }
    }

    /** Applies the changes whose effectiveAt and grace have passed. */
    @Scheduled(identity = "payout-address-changes-apply",
            every = "${restitution.payout-addresses.check-interval:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void applyDue() {
        Instant now = clock.instant();
        List<AddressChange> due = QuarkusTransaction.requiringNew().call(() ->
                store.waitingEffectiveBy(now.minus(grace), DUE_PER_PASS));
        for (AddressChange change : due) {
            QuarkusTransaction.requiringNew().run(() -> applyIfDue(change.claimId(), change.chainId(), change.eventId()));
        }
    }

    private void applyIfDue(ClaimId claimId, long chainId, UUID eventId) {
        Instant now = clock.instant();
        store.lockWaiting(claimId, chainId).filter(change -> change.eventId().equals(eventId))
                .filter(change -> AddressChangeLifecycle.check(change, AddressChangeState.APPLIED, now, grace).isEmpty())
                .ifPresent(change -> apply(change, own.actor(), now, "the cool-down ended at " + change.effectiveAt()));
    }

    private void apply(AddressChange change, Actor actor, Instant now, String why) {
        String reason = "claim " + change.claimId() + " pays " + change.address() + " on chain " + change.chainId()
                + ": " + why;
        decide(change, AddressChangeState.APPLIED, actor, now, reason);
        instructions.settleAddress(change.claimId(), change.chainId(), change.address(), actor, reason);
    }

    private void decide(AddressChange change, AddressChangeState to, Actor actor, Instant now, String reason) {
        if (to != AddressChangeState.APPLIED) {
            AddressChangeLifecycle.check(change, to, now, grace).ifPresent(refusal -> {
                throw new IllegalStateException("change " + change.eventId() + ": " + refusal.reason());
            });
        }
        if (!store.decide(change.eventId(), to, now)) {
            throw new IllegalStateException("change " + change.eventId() + " left WAITING under its lock");
        }
        AddressChange after = new AddressChange(change.eventId(), change.claimId(), change.incidentId(),
                change.chainId(), change.previousAddress(), change.address(), change.effectiveAt(), to);
        audit.append(actor, to == AddressChangeState.APPLIED ? "PAYOUT_ADDRESS_CHANGE_APPLIED"
                : "PAYOUT_ADDRESS_CHANGE_CANCELLED", SUBJECT, change.eventId().toString(), state(change), state(after),
                reason);
    }

    /**
     * Every unpaid instruction of the claim's chain waits: the PENDING and HELD ones at once, the BATCHED ones once
     * their batch is cancelled; a batch already being paid keeps them (it pays the address it holds).
     */
    private List<Reproposal> holdChain(AddressChange change, Actor actor, String reason) {
        List<Instruction> batched = instructions.holdForAddressChange(change.claimId(), change.chainId(), actor, reason);
        List<Reproposal> reproposals = new ArrayList<>();
        for (Batch batch : cancellations.openBatchesHolding(batched.stream().map(Instruction::id).toList())) {
            cancellations.cancelForAddressChange(batch.id(), reason, actor).ifPresent(cancelled -> reproposals.add(
                    new Reproposal(cancelled.id(), cancelled.incidentId(), cancelled.chainId(), cancelled.assetSymbol(),
                            "address-change-" + change.eventId() + "-" + cancelled.id())));
        }
        if (!reproposals.isEmpty()) {
            // The cancelled batches' instructions of this claim are PENDING again: they wait too.
            instructions.holdForAddressChange(change.claimId(), change.chainId(), actor, reason);
        }
        long stillBatched = instructionStore.lockOfClaimChain(change.claimId(), change.chainId()).stream()
                .filter(instruction -> instruction.state() == InstructionState.BATCHED).count();
        if (stillBatched > 0) {
            LOG.infof("claim %s chain %d: %d instructions are in batches already being paid; they pay the address "
                    + "they hold", change.claimId(), change.chainId(), stillBatched);
        }
        return reproposals;
    }

    private static void requireChecksummed(String address) {
        Eip55.problemWith(address).ifPresent(problem -> {
            throw new IllegalArgumentException("payout address " + address + ": " + problem);
        });
    }

    private static String state(AddressChange change) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("claimId", change.claimId().toString());
        state.put("incidentId", change.incidentId().toString());
        state.put("chainId", change.chainId());
        state.put("previousAddress", change.previousAddress());
        state.put("address", change.address());
        state.put("effectiveAt", change.effectiveAt().toString());
        state.put("state", change.state().name());
        return AuditStates.json(state);
    }
}
