package dev.restitution.payout.instruction;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.audit.OwnActor;
import dev.restitution.kit.chain.Eip55;
import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.EntitlementId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.id.LineId;
import dev.restitution.kit.id.RoundId;
import dev.restitution.kit.messaging.ProcessedEvents;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.kit.tracing.TraceParent;
import dev.restitution.payout.denylist.persistence.DenylistStore;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.instruction.domain.Instruction;
import dev.restitution.payout.instruction.domain.InstructionLifecycle;
import dev.restitution.payout.instruction.domain.InstructionState;
import dev.restitution.payout.instruction.persistence.AddressChangeStore;
import dev.restitution.payout.instruction.persistence.InstructionStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Payout instructions: created from the ledger's entitlements exactly once, held while their address is
 * denylisted, moved by batches and settlements. Every state change is in the audit log.
 */
@ApplicationScoped
public class Instructions {

    private static final Logger LOG = Logger.getLogger(Instructions.class);
    static final String SUBJECT = "INSTRUCTION";

    /** An entitlement as the ledger issued it, with the claim's trace it carried (a W3C traceparent), if any. */
    public record Issued(EntitlementId entitlementId, RoundId roundId, IncidentId incidentId, ClaimId claimId, LineId lineId,
                         String assetSymbol, long chainId, Optional<String> tokenContract, BigInteger amount,
                         String payoutAddress, Optional<TraceParent> traceParent) {
    }

    public record Page(List<Instruction> items, long total) {
    }

    private final InstructionStore store;
    private final ProcessedEvents processedEvents;
    private final DenylistStore denylist;
    private final AuditLog audit;
    private final Clock clock;
    private final OwnActor own;
    private final InstructionAddresses addresses;

    public Instructions(InstructionStore store, ProcessedEvents processedEvents, DenylistStore denylist, AuditLog audit,
                        Clock clock, OwnActor own, AddressChangeStore addressChanges) {
        this.own = own;
        this.addresses = new InstructionAddresses(store, denylist, addressChanges, audit, clock, this);
        this.store = store;
        this.processedEvents = processedEvents;
        this.denylist = denylist;
        this.audit = audit;
        this.clock = clock;
    }

    /**
     * Turns the entitlements of one event (a page of EntitlementsIssued, or one EntitlementIssued) into
     * instructions, in one transaction with the event id: a redelivered event changes nothing, and an
     * entitlement that already has an instruction (a page overlapping an earlier one) is taken only once. A
     * denylisted payout address gives a HELD_DENIED instruction. A malformed entitlement (address not in
     * EIP-55 form) or one that contradicts an instruction already taken for the same entitlement throws:
     * nothing of the event is written and it goes to the dead-letter topic.
     */
    @Transactional
    public void issue(UUID eventId, String eventType, List<Issued> entitlements) {
        for (Issued issued : entitlements) {
            requireChecksummed("payoutAddress", issued.payoutAddress());
            issued.tokenContract().ifPresent(token -> requireChecksummed("tokenContract", token));
        }
        Instant now = clock.instant();
        if (!processedEvents.firstDelivery(eventId, eventType, now)) {
            LOG.debugf("event %s already processed, ignored", eventId);
            return;
        }
        for (Issued issued : entitlements) {
            issueOne(eventId, eventType, issued, now);
        }
    }

    private void issueOne(UUID eventId, String eventType, Issued issued, Instant now) {
        boolean waiting = addresses.changeWaits(issued.claimId(), issued.chainId());
        String address = addresses.inForce(issued);
        boolean denied = denylist.lists(issued.chainId(), issued.incidentId().value(), address);
        InstructionState state = waiting ? InstructionState.WAITING_ADDRESS
                : denied ? InstructionState.HELD_DENIED : InstructionState.PENDING;
        Instruction instruction = new Instruction(new InstructionId(UUID.randomUUID()), issued.entitlementId(), issued.roundId(),
                issued.incidentId(), issued.claimId(), issued.lineId(), issued.assetSymbol(), issued.chainId(),
                issued.tokenContract(), issued.amount(), address, state, Optional.empty(), Optional.empty(),
                Optional.empty(), Optional.empty(), now, now);
        Optional<Instruction> existing = store.findByEntitlement(issued.entitlementId());
        if (existing.isPresent()) {
            if (!existing.get().sameEntitlementAs(instruction) && !(existing.get().sameEntitlementApartFromAddressAs(
                    instruction) && addresses.readdressedByChange(existing.get()))) {
                throw new IllegalStateException("entitlement " + issued.entitlementId() + " arrived again (event "
                        + eventId + ") with other content than instruction " + existing.get().id() + " holds");
            }
            LOG.infof("entitlement %s already has instruction %s; event %s repeats it", issued.entitlementId(),
                    existing.get().id(), eventId);
            return;
        }
        store.insert(instruction, eventId, issued.traceParent().map(TraceParent::value));
        String action = switch (state) {
            case WAITING_ADDRESS -> "INSTRUCTION_WAITING_FOR_ADDRESS";
            case HELD_DENIED -> "INSTRUCTION_HELD_DENIED";
            default -> "INSTRUCTION_CREATED";
        };
        String why = switch (state) {
            case WAITING_ADDRESS -> "a change of the claim's payout address on this chain waits out its cool-down";
            case HELD_DENIED -> "payout address is denylisted";
            default -> "entitlement issued";
        };
        audit.append(own.actor(), action, SUBJECT, instruction.id().toString(), null, state(instruction),
                why + (address.equals(issued.payoutAddress()) ? "" : "; paid to " + address + ", the claimant's "
                        + "address in force, not the earlier " + issued.payoutAddress() + " the entitlement names")
                        + " (" + eventType + " event " + eventId + " from ledger-service)");
    }

    /**
     * Holds a claim's instructions of a chain while a change of its payout address waits: the PENDING and HELD_DENIED
     * ones become WAITING_ADDRESS (audited); answers the BATCHED ones, whose batches decide whether they wait too.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Instruction> holdForAddressChange(ClaimId claimId, long chainId, Actor actor, String reason) {
        return addresses.holdForAddressChange(claimId, chainId, actor, reason);
    }

    /**
     * A claim's instructions of a chain waiting for its payout address pay {@code address} now: PENDING, or
     * HELD_DENIED when the address is denylisted for their incident; audited one by one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void settleAddress(ClaimId claimId, long chainId, String address, Actor actor, String reason) {
        addresses.settleAddress(claimId, chainId, address, actor, reason);
    }

    /**
     * Holds the pending instructions paying a newly denylisted address, of {@code incidentId} or of every
     * incident when it is empty; audited one by one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void holdDenied(long chainId, Optional<IncidentId> incidentId, String address, Actor actor, String reason) {
        List<Instruction> pending = store.lockByAddress(chainId, address, InstructionState.PENDING).stream()
                .filter(instruction -> incidentId.map(instruction.incidentId()::equals).orElse(true)).toList();
        move(pending, InstructionState.HELD_DENIED, Optional.empty(), actor, "INSTRUCTION_HELD_DENIED", reason);
    }

    /**
     * Releases the instructions held for an address an entry was taken off for, those of them no remaining entry
     * still denies (an entry of their incident, or of every incident); audited one by one.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void releaseHeld(long chainId, String address, Actor actor, String reason) {
        List<Instruction> held = store.lockByAddress(chainId, address, InstructionState.HELD_DENIED).stream()
                .filter(instruction -> !denylist.lists(chainId, instruction.incidentId().value(), address)).toList();
        move(held, InstructionState.PENDING, Optional.empty(), actor, "INSTRUCTION_RELEASED", reason);
    }

    /**
     * Moves locked instructions, all in the same state, to {@code to} (with {@code batchId}, or none), and
     * audits each with its state before and after.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void move(List<Instruction> instructions, InstructionState to, Optional<BatchId> batchId, Actor actor,
                     String action, String reason) {
        if (instructions.isEmpty()) {
            return;
        }
        InstructionState from = instructions.getFirst().state();
        if (instructions.stream().anyMatch(instruction -> instruction.state() != from)) {
            throw new IllegalArgumentException("instructions to move together are in one state");
        }
        requireMove(from, to);
        Instant now = clock.instant();
        store.move(instructions.stream().map(Instruction::id).toList(), from, to, batchId, now);
        for (Instruction before : instructions) {
            Instruction after = withState(before, to, batchId, now);
            audit.append(actor, action, SUBJECT, before.id().toString(), state(before), state(after), reason);
        }
    }

    /**
     * Makes a FAILED instruction PENDING again, so a new batch pays it; audited with the reason. Refused (409,
     * nothing changed) for an instruction that is not FAILED, and while a payment order that was to pay it could
     * still be mined: paying it again then could pay it twice.
     */
    @Transactional
    public Instruction retry(InstructionId id, String reason, Actor actor) {
        Instruction before = store.lock(id).orElseThrow(() -> ProblemException.notFound("instruction " + id));
        if (before.state() != InstructionState.FAILED) {
            throw ProblemException.conflict("instruction-not-failed", "Instruction " + id + " is " + before.state()
                    + "; only a FAILED instruction can be retried. Nothing was changed.");
        }
        List<UUID> open = store.ordersThatMayStillPay(id);
        if (!open.isEmpty()) {
            throw ProblemException.conflict("payment-may-still-be-mined", "Payment orders " + open + " of instruction "
                    + id + " signed a transaction that could still be mined; retrying now could pay twice. "
                    + "Nothing was changed.");
        }
        store.retry(id, clock.instant());
        Instruction after = store.findAll(List.of(id)).getFirst();
        audit.append(actor, "INSTRUCTION_RETRIED", SUBJECT, id.toString(), state(before), state(after), reason);
        return after;
    }

    /** The claim traces stored with these instructions, by instruction; those without one are absent. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<InstructionId, TraceParent> traceParents(List<InstructionId> ids) {
        Map<InstructionId, TraceParent> traces = new LinkedHashMap<>();
        store.traceParents(ids).forEach((id, value) -> traces.put(id, new TraceParent(value)));
        return traces;
    }

    /** Marks the instructions an order paid as PAID with its transaction; audited one by one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markPaid(List<InstructionId> ids, String txHash, long blockNumber, Actor actor) {
        List<Instruction> before = store.findAll(ids);
        store.markPaid(ids, txHash, blockNumber, clock.instant());
        Map<InstructionId, Instruction> after = byId(store.findAll(ids));
        for (Instruction instruction : before) {
            audit.append(actor, "INSTRUCTION_PAID", SUBJECT, instruction.id().toString(), state(instruction),
                    state(after.get(instruction.id())), "payment confirmed in " + txHash);
        }
    }

    /** Marks the instructions a failed order was to pay as FAILED with the reason; audited one by one. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void markFailed(List<InstructionId> ids, String reason, Actor actor) {
        List<Instruction> before = store.findAll(ids);
        store.markFailed(ids, reason, clock.instant());
        Map<InstructionId, Instruction> after = byId(store.findAll(ids));
        for (Instruction instruction : before) {
            audit.append(actor, "INSTRUCTION_FAILED", SUBJECT, instruction.id().toString(), state(instruction),
                    state(after.get(instruction.id())), reason);
        }
    }

    /** The oldest pending instructions of one incident, chain and asset, locked; see {@link InstructionStore#lockPending}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public List<Instruction> lockPending(IncidentId incidentId, long chainId, String assetSymbol, int limit) {
        return store.lockPending(incidentId, chainId, assetSymbol, limit);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Instruction> findAll(List<InstructionId> ids) {
        return store.findAll(ids);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Page page(InstructionStore.Filter filter, int offset, int limit) {
        return new Page(store.page(filter, offset, limit), store.count(filter));
    }

    static void requireMove(InstructionState from, InstructionState to) {
        if (InstructionLifecycle.MOVES.stream().noneMatch(move -> move.from() == from && move.to() == to)) {
            throw new IllegalStateException("an instruction never moves from " + from + " to " + to);
        }
    }

    private static Map<InstructionId, Instruction> byId(List<Instruction> instructions) {
        Map<InstructionId, Instruction> byId = new LinkedHashMap<>();
        instructions.forEach(instruction -> byId.put(instruction.id(), instruction));
        return byId;
    }

    static Instruction withState(Instruction instruction, InstructionState state, Optional<BatchId> batchId,
                                         Instant now) {
        return new Instruction(instruction.id(), instruction.entitlementId(), instruction.roundId(),
                instruction.incidentId(), instruction.claimId(), instruction.lineId(), instruction.assetSymbol(),
                instruction.chainId(), instruction.tokenContract(), instruction.amount(), instruction.payoutAddress(),
                state, batchId, instruction.txHash(), instruction.blockNumber(), instruction.failureReason(),
                instruction.createdAt(), now);
    }

    static void requireChecksummed(String field, String address) {
        Eip55.problemWith(address).ifPresent(problem -> {
            throw new IllegalArgumentException("entitlement " + field + " " + address + ": " + problem);
        });
    }

    /** An instruction's audited state: what it pays, to whom, and where it stands. */
    static String state(Instruction instruction) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("entitlementId", instruction.entitlementId().toString());
        state.put("incidentId", instruction.incidentId().toString());
        state.put("assetSymbol", instruction.assetSymbol());
        state.put("chainId", instruction.chainId());
        state.put("amountMinorUnits", instruction.amount().toString());
        state.put("payoutAddress", instruction.payoutAddress());
        state.put("state", instruction.state().name());
        instruction.batchId().ifPresent(batch -> state.put("batchId", batch.toString()));
        instruction.txHash().ifPresent(tx -> state.put("txHash", tx));
        instruction.failureReason().ifPresent(reason -> state.put("failureReason", reason));
        return AuditStates.json(state);
    }
}
