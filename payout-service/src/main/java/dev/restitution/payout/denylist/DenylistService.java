package dev.restitution.payout.denylist;

import dev.restitution.contracts.events.DenylistChanged;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.chain.Eip55;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.messaging.Outbox;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.payout.denylist.domain.DenylistEntry;
import dev.restitution.payout.denylist.persistence.DenylistStore;
import dev.restitution.payout.instruction.Instructions;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.web3j.crypto.Keys;

/**
 * incident-admins keep the one denylist (payout-service signs, so it owns the list; they own attacker and
 * sanctions data, and a finance insider cannot unlist an address to pay it). An entry holds on one chain for
 * every incident or for one. Listing an address holds its pending instructions; unlisting releases those no
 * other entry still denies. Every change is in the audit log with the entry before and after, and leaves
 * through the outbox as DenylistChanged in the same transaction, for claims-service's copy.
 */
@ApplicationScoped
public class DenylistService {

    static final String SUBJECT = "DENYLIST";
    static final String SOURCE = "/payout-service";

    private final DenylistStore store;
    private final Instructions instructions;
    private final AuditLog audit;
    private final Outbox outbox;
    private final EventCodec codec;
    private final Clock clock;

    public DenylistService(DenylistStore store, Instructions instructions, AuditLog audit, Outbox outbox,
                           EventCodec codec, Clock clock) {
        this.store = store;
        this.instructions = instructions;
        this.audit = audit;
        this.outbox = outbox;
        this.codec = codec;
        this.clock = clock;
    }

    @Transactional
    public DenylistEntry add(long chainId, Optional<UUID> incidentId, String address, String reason, Actor actor) {
        Eip55.problemWith(address).ifPresent(problem ->
                { throw ProblemException.invalid(List.of(new FieldViolation("address", problem))); });
        DenylistEntry entry = new DenylistEntry(chainId, incidentId, address, reason, actor, clock.instant());
        if (!store.add(entry)) {
            throw ProblemException.conflict("already-denylisted", incidentId.isPresent()
                    ? "The address is already on the chain's denylist for this incident."
                    : "The address is already on the chain's denylist for every incident.");
        }
        audit.append(actor, "DENYLIST_ADDED", SUBJECT, subjectId(chainId, address), null, state(entry), reason);
        instructions.holdDenied(chainId, incidentId.map(IncidentId::new), address, actor, reason);
        publish(DenylistChanged.Change.ADDED, entry, reason, entry.addedAt());
        return entry;
    }

    @Transactional
    public void remove(long chainId, Optional<UUID> incidentId, String address, String reason, Actor actor) {
        DenylistEntry entry = store.lock(chainId, incidentId, address)
                .orElseThrow(() -> ProblemException.notFound("denylist entry " + subjectId(chainId, address)
                        + incidentId.map(incident -> " of incident " + incident).orElse(" of every incident")));
        store.remove(chainId, incidentId, address);
        audit.append(actor, "DENYLIST_REMOVED", SUBJECT, subjectId(chainId, address), state(entry), null, reason);
        instructions.releaseHeld(chainId, address, actor, reason);
        publish(DenylistChanged.Change.REMOVED, entry, reason, clock.instant());
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public DenylistStore.Page page(Optional<Long> chainId, Optional<UUID> incidentId, int offset, int limit) {
        return store.page(chainId, incidentId, offset, limit);
    }

    /** The audit subject and event key of a listed address: {@code chainId:address} with the address in lowercase. */
    public static String subjectId(long chainId, String address) {
        return chainId + ":" + address.toLowerCase(Locale.ROOT);
    }

    private void publish(DenylistChanged.Change change, DenylistEntry entry, String reason, Instant at) {
        DenylistChanged payload = new DenylistChanged()
                .withChange(change)
                .withChainId(entry.chainId())
                .withAddress(Keys.toChecksumAddress(entry.address()))
                .withIncidentId(entry.incidentId().orElse(null))
                .withReason(reason)
                .withChangedAt(at.atOffset(ZoneOffset.UTC));
        outbox.append(EventTypes.topicOf(EventTypes.DENYLIST_CHANGED), codec.wrap(UUID.randomUUID().toString(),
                EventTypes.DENYLIST_CHANGED, SOURCE, at, subjectId(entry.chainId(), entry.address()), payload), at);
    }

    private static String state(DenylistEntry entry) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("chainId", entry.chainId());
        state.put("address", Keys.toChecksumAddress(entry.address()));
        entry.incidentId().ifPresent(incident -> state.put("incidentId", incident.toString()));
        state.put("reason", entry.reason());
        state.put("addedBy", entry.addedBy().text());
        state.put("addedAt", entry.addedAt().toString());
        return AuditStates.json(state);
    }
}
