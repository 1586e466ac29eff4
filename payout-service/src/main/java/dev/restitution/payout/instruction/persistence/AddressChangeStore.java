package dev.restitution.payout.instruction.persistence;

import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.persistence.SqlValues;
import dev.restitution.payout.instruction.domain.AddressChange;
import dev.restitution.payout.instruction.domain.AddressChangeState;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.persistence.Query;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Payout address changes learnt from claims-service (table payout_address_change). */
@ApplicationScoped
public class AddressChangeStore {

    private static final String COLUMNS = """
            event_id, claim_id, incident_id, chain_id, previous_address, address, effective_at, state""";

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    public void insert(AddressChange change, Instant receivedAt) {
        em().createNativeQuery("""
                        insert into payout_address_change (event_id, claim_id, incident_id, chain_id, previous_address,
                            address, effective_at, state, received_at)
                        values (:event, :claim, :incident, :chain, :previous, :address, :effective, :state, :at)""")
                .setParameter("event", change.eventId())
                .setParameter("claim", change.claimId().value())
                .setParameter("incident", change.incidentId().value())
                .setParameter("chain", change.chainId())
                .setParameter("previous", change.previousAddress())
                .setParameter("address", change.address())
                .setParameter("effective", change.effectiveAt())
                .setParameter("state", change.state().name())
                .setParameter("at", receivedAt)
                .executeUpdate();
    }

    /** The WAITING change of a claim's chain, locked, if any. */
    public Optional<AddressChange> lockWaiting(ClaimId claimId, long chainId) {
        return list(em().createNativeQuery("select " + COLUMNS + """
                         from payout_address_change where claim_id = :claim and chain_id = :chain and state = 'WAITING'
                        for update""").setParameter("claim", claimId.value()).setParameter("chain", chainId))
                .stream().findFirst();
    }

    /** The latest change of a claim's chain in {@code state}, if any. */
    public Optional<AddressChange> latest(ClaimId claimId, long chainId, AddressChangeState state) {
        return list(em().createNativeQuery("select " + COLUMNS + """
                         from payout_address_change where claim_id = :claim and chain_id = :chain and state = :state
                        order by received_at desc, event_id desc limit 1""")
                .setParameter("claim", claimId.value()).setParameter("chain", chainId)
                .setParameter("state", state.name())).stream().findFirst();
    }

    /** Claim and chain of WAITING changes whose effectiveAt lies at or before {@code appliedUpTo}, soonest first. */
    public List<AddressChange> waitingEffectiveBy(Instant appliedUpTo, int limit) {
        return list(em().createNativeQuery("select " + COLUMNS + """
                         from payout_address_change where state = 'WAITING' and effective_at <= :upTo
                        order by effective_at, event_id limit :limit""")
                .setParameter("upTo", appliedUpTo).setParameter("limit", limit));
    }

    /** Moves one change out of WAITING; false when it was no longer WAITING. */
    public boolean decide(UUID eventId, AddressChangeState to, Instant at) {
        return em().createNativeQuery("""
                        update payout_address_change set state = :to, decided_at = :at
                        where event_id = :event and state = 'WAITING'""")
                .setParameter("to", to.name()).setParameter("at", at).setParameter("event", eventId)
                .executeUpdate() == 1;
    }

    @SuppressWarnings("unchecked")
    private static List<AddressChange> list(Query query) {
        return ((List<Object[]>) query.getResultList()).stream().map(row -> new AddressChange(SqlValues.uuid(row[0]),
                new ClaimId(SqlValues.uuid(row[1])), new IncidentId(SqlValues.uuid(row[2])), SqlValues.count(row[3]),
                (String) row[4], (String) row[5], SqlValues.instant(row[6]),
                AddressChangeState.valueOf((String) row[7]))).toList();
    }
}
