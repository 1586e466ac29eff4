package dev.restitution.payout.denylist;

import dev.restitution.kit.chain.Eip55;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.payout.instruction.Instructions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.web3j.crypto.Keys;

/**
 * incident-admins keep the payout denylist (they own attacker and sanctions data, as in claims-service; a
 * finance insider cannot unlist an address to pay it). Listing an address holds its pending
 * instructions; unlisting releases them. Every change is in the audit log with the entry before and after.
 */
@ApplicationScoped
public class DenylistService {

    static final String SUBJECT = "DENYLIST";

    private final Denylist denylist;
    private final Instructions instructions;
    private final AuditLog audit;
    private final Clock clock;

    public DenylistService(Denylist denylist, Instructions instructions, AuditLog audit, Clock clock) {
        this.denylist = denylist;
        this.instructions = instructions;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public Denylist.Entry add(long chainId, String address, String reason, Actor actor) {
        Eip55.problemWith(address).ifPresent(problem ->
                { throw ProblemException.invalid(List.of(new FieldViolation("address", problem))); });
        Denylist.Entry entry = new Denylist.Entry(chainId, address, reason, actor, clock.instant());
        if (!denylist.add(entry)) {
            throw ProblemException.conflict("already-denylisted", "The address is already on the chain's denylist.");
        }
        audit.append(actor, "DENYLIST_ADDED", SUBJECT, subjectId(chainId, address), null, state(entry), reason);
        instructions.holdDenied(chainId, address, actor, reason);
        return entry;
    }

    @Transactional
    public void remove(long chainId, String address, String reason, Actor actor) {
        Denylist.Entry entry = denylist.lock(chainId, address)
                .orElseThrow(() -> ProblemException.notFound("denylist entry " + subjectId(chainId, address)));
        denylist.remove(chainId, address);
        audit.append(actor, "DENYLIST_REMOVED", SUBJECT, subjectId(chainId, address), state(entry), null, reason);
        instructions.releaseHeld(chainId, address, actor, reason);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Denylist.Page page(Optional<Long> chainId, int offset, int limit) {
        return denylist.page(chainId, offset, limit);
    }

    /** The audit subject of a listed address: {@code chainId:address} with the address in lowercase. */
    public static String subjectId(long chainId, String address) {
        return chainId + ":" + address.toLowerCase(Locale.ROOT);
    }

    private static String state(Denylist.Entry entry) {
        return AuditStates.json(Map.of("chainId", entry.chainId(), "address", Keys.toChecksumAddress(entry.address()),
                "reason", entry.reason(), "addedBy", entry.addedBy().text(), "addedAt", entry.addedAt().toString()));
    }
}
