package dev.restitution.payout.instruction;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.id.ClaimId;
import dev.restitution.payout.denylist.persistence.DenylistStore;
import dev.restitution.payout.instruction.domain.AddressChange;
import dev.restitution.payout.instruction.domain.AddressChangeState;
import dev.restitution.payout.instruction.domain.Instruction;
import dev.restitution.payout.instruction.domain.InstructionState;
import dev.restitution.payout.instruction.persistence.AddressChangeStore;
import dev.restitution.payout.instruction.persistence.InstructionStore;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where an instruction's money goes when its claim's payout address changes: instructions wait (WAITING_ADDRESS)
 * while a change waits out its cool-down, then pay the address in force. Part of {@link Instructions}, which holds it.
 */
final class InstructionAddresses {

    private final InstructionStore store;
    private final DenylistStore denylist;
    private final AddressChangeStore addressChanges;
    private final AuditLog audit;
    private final Clock clock;
    private final Instructions instructions;

    InstructionAddresses(InstructionStore store, DenylistStore denylist, AddressChangeStore addressChanges,
                         AuditLog audit, Clock clock, Instructions instructions) {
        this.store = store;
        this.denylist = denylist;
        this.addressChanges = addressChanges;
        this.audit = audit;
        this.clock = clock;
        this.instructions = instructions;
    }

    /** Whether a change of the claim's payout address on the chain waits out its cool-down (locked until the end). */
    boolean changeWaits(ClaimId claimId, long chainId) {
        return addressChanges.lockWaiting(claimId, chainId).isPresent();
    }

    /**
     * The address an entitlement is paid to: the one it names, unless a change of the claim's address on the chain
     * took effect from exactly that address (the ledger issued it before it knew): then the new one.
     */
    String inForce(Instructions.Issued issued) {
        return addressChanges.latest(issued.claimId(), issued.chainId(), AddressChangeState.APPLIED)
                .filter(change -> change.previousAddress().equalsIgnoreCase(issued.payoutAddress()))
                .map(AddressChange::address)
                .orElse(issued.payoutAddress());
    }

    /** Whether an instruction's address differs from its entitlement's because a change took effect. */
    boolean readdressedByChange(Instruction existing) {
        return addressChanges.latest(existing.claimId(), existing.chainId(), AddressChangeState.APPLIED)
                .filter(change -> change.address().equalsIgnoreCase(existing.payoutAddress())).isPresent();
    }

    /**
     * Holds a claim's instructions of a chain while a change of its payout address waits: the PENDING and HELD_DENIED
     * ones become WAITING_ADDRESS (audited); answers the BATCHED ones, whose batches decide whether they wait too.
     */
    List<Instruction> holdForAddressChange(ClaimId claimId, long chainId, Actor actor, String reason) {
        List<Instruction> all = store.lockOfClaimChain(claimId, chainId);
        for (InstructionState from : List.of(InstructionState.PENDING, InstructionState.HELD_DENIED)) {
            instructions.move(all.stream().filter(instruction -> instruction.state() == from).toList(),
                    InstructionState.WAITING_ADDRESS, Optional.empty(), actor, "INSTRUCTION_WAITING_FOR_ADDRESS", reason);
        }
        return all.stream().filter(instruction -> instruction.state() == InstructionState.BATCHED).toList();
    }

    /**
     * A claim's instructions of a chain waiting for its payout address pay {@code address} now: PENDING, or
     * HELD_DENIED when the address is denylisted for their incident; audited one by one.
     */
    void settleAddress(ClaimId claimId, long chainId, String address, Actor actor, String reason) {
        Instructions.requireChecksummed("payoutAddress", address);
        List<Instruction> waiting = store.lockOfClaimChain(claimId, chainId).stream()
                .filter(instruction -> instruction.state() == InstructionState.WAITING_ADDRESS).toList();
        Instant now = clock.instant();
        for (boolean denied : List.of(false, true)) {
            List<Instruction> group = waiting.stream().filter(instruction ->
                    denylist.lists(chainId, instruction.incidentId().value(), address) == denied).toList();
            InstructionState to = denied ? InstructionState.HELD_DENIED : InstructionState.PENDING;
            Instructions.requireMove(InstructionState.WAITING_ADDRESS, to);
            store.readdress(group.stream().map(Instruction::id).toList(), InstructionState.WAITING_ADDRESS, to, address,
                    now);
            for (Instruction before : group) {
                Instruction after = withAddress(Instructions.withState(before, to, Optional.empty(), now), address);
                audit.append(actor, denied ? "INSTRUCTION_HELD_DENIED" : "INSTRUCTION_ADDRESS_SETTLED", Instructions.SUBJECT,
                        before.id().toString(), Instructions.state(before), Instructions.state(after), reason);
            }
        }
    }

    private static Instruction withAddress(Instruction instruction, String address) {
        return new Instruction(instruction.id(), instruction.entitlementId(), instruction.roundId(),
                instruction.incidentId(), instruction.claimId(), instruction.lineId(), instruction.assetSymbol(),
                instruction.chainId(), instruction.tokenContract(), instruction.amount(), address, instruction.state(),
                instruction.batchId(), instruction.txHash(), instruction.blockNumber(), instruction.failureReason(),
                instruction.createdAt(), instruction.updatedAt());
    }
}
