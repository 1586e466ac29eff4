package dev.restitution.claims.claim.persistence;

import dev.restitution.claims.claim.domain.ClaimDetails;
import dev.restitution.claims.claim.domain.PayoutAddressChange;
import dev.restitution.claims.claim.domain.PayoutAddressChangeState;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;
import jakarta.persistence.Query;
import jakarta.transaction.Transactional;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * Payout address changes (table payout_address_change); the claim and account columns come from the claim. Changes of
 * one claim are written under the claim's lock; the worker that records effective changes takes them with skip locked.
 */
@ApplicationScoped
public class PayoutAddressChangeStore {

    private static final String COLUMNS = """
            c.id, c.claim_id, cl.incident_id, cl.account_id, c.chain_id, c.previous_address, c.address, c.state,
            c.requested_at, c.effective_at, c.decided_at""";

    /** Which changes a page lists: PENDING ones are those not yet effective by time, EFFECTIVE ones include the due. */
    public record Filter(PayoutAddressChangeState state, Optional<UUID> claimId) {
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void insert(PayoutAddressChange change) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into payout_address_change (id, claim_id, chain_id, previous_address, address, state,
                            requested_at, effective_at)
                        values (:id, :claim, :chain, :previous, :address, 'PENDING', :requested, :effective)""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("id", change.id())
                .setParameter("claim", change.claimId())
                .setParameter("chain", change.chainId())
                .setParameter("previous", change.previousAddress())
                .setParameter("address", change.address())
                .setParameter("requested", change.requestedAt())
                .setParameter("effective", change.effectiveAt())
                .executeUpdate();
    }

    /** The PENDING change of a claim's chain (recorded PENDING, whether due or not), if any. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<PayoutAddressChange> pending(UUID claimId, long chainId) {
        return rows(query("c.claim_id = :claim and c.chain_id = :chain and c.state = 'PENDING'", "")
                .setParameter("claim", claimId).setParameter("chain", chainId)).stream().findFirst();
    }

    /** The latest change of a claim's chain, if any. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<PayoutAddressChange> latest(UUID claimId, long chainId) {
        return rows(query("c.claim_id = :claim and c.chain_id = :chain",
                " order by c.requested_at desc, c.id desc limit 1")
                .setParameter("claim", claimId).setParameter("chain", chainId)).stream().findFirst();
    }

    /** The claim's changes recorded PENDING, by chain. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PayoutAddressChange> pendingOfClaim(UUID claimId) {
        return rows(query("c.claim_id = :claim and c.state = 'PENDING'", " order by c.chain_id")
                .setParameter("claim", claimId));
    }

    /** The claim's replacing addresses still waiting at {@code now}, as the claim view shows them. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ClaimDetails.PendingPayoutAddress> waitingOfClaim(UUID claimId, Instant now) {
        return pendingOfClaim(claimId).stream()
                .filter(change -> change.stateAt(now) == PayoutAddressChangeState.PENDING)
                .map(change -> new ClaimDetails.PendingPayoutAddress(change.chainId(), change.previousAddress(),
                        change.address(), change.requestedAt(), change.effectiveAt()))
                .toList();
    }

    /** Ids of PENDING changes due at {@code now}, soonest first, locked (skip locked: another worker takes others). */
    @Transactional(Transactional.TxType.MANDATORY)
    @SuppressWarnings("unchecked")
    public List<UUID> lockDue(Instant now, int limit) {
        return ((List<Object>) Panache.getEntityManager().createNativeQuery("""
                        select id from payout_address_change where state = 'PENDING' and effective_at <= :now
                        order by effective_at, id limit :limit for update skip locked""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("now", now).setParameter("limit", limit).getResultList())
                .stream().map(id -> (UUID) id).toList();
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<PayoutAddressChange> find(UUID id) {
        return rows(query("c.id = :id", "").setParameter("id", id)).stream().findFirst();
    }

    /** Moves one change from {@code from} to a final state; false when it was no longer in {@code from}. */
    @Transactional(Transactional.TxType.MANDATORY)
    public boolean move(UUID id, PayoutAddressChangeState from, PayoutAddressChangeState to, Instant at) {
        return Panache.getEntityManager().createNativeQuery("""
                        update payout_address_change set state = :to, decided_at = :at where id = :id and state = :from""")
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("to", to.name()).setParameter("at", at).setParameter("id", id)
                .setParameter("from", from.name()).executeUpdate() == 1;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<PayoutAddressChange> page(Filter filter, Instant now, int offset, int limit) {
        return rows(bind(query(where(filter), " order by c.effective_at, c.id offset :offset limit :limit"), filter, now)
                .setParameter("offset", offset).setParameter("limit", limit));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public long count(Filter filter, Instant now) {
        return ((Number) bind(Panache.getEntityManager().createNativeQuery(
                "select count(*) from payout_address_change c where " + where(filter))
                .setFlushMode(FlushModeType.COMMIT), filter, now).getSingleResult()).longValue();
    }

    private static String where(Filter filter) {
        String state = switch (filter.state()) {
            case PENDING -> "c.state = 'PENDING' and c.effective_at > :now";
            case EFFECTIVE -> "(c.state = 'EFFECTIVE' or (c.state = 'PENDING' and c.effective_at <= :now))";
            case CANCELLED -> "c.state = 'CANCELLED'";
        };
        return state + (filter.claimId().isPresent() ? " and c.claim_id = :claim" : "");
    }

    private static Query bind(Query query, Filter filter, Instant now) {
        if (filter.state() != PayoutAddressChangeState.CANCELLED) {
            query.setParameter("now", now);
        }
        filter.claimId().ifPresent(claim -> query.setParameter("claim", claim));
        return query;
    }

    private static Query query(String where, String tail) {
        return Panache.getEntityManager().createNativeQuery("select " + COLUMNS
                        + " from payout_address_change c join claim cl on cl.id = c.claim_id where " + where + tail)
                .setFlushMode(FlushModeType.COMMIT);
    }

    @SuppressWarnings("unchecked")
    private static List<PayoutAddressChange> rows(Query query) {
        return ((List<Object[]>) query.getResultList()).stream().map(PayoutAddressChangeStore::row).toList();
    }

    private static PayoutAddressChange row(Object[] row) {
        return new PayoutAddressChange((UUID) row[0], (UUID) row[1], (UUID) row[2], (String) row[3],
                ((Number) row[4]).longValue(), ((String) row[5]).trim(), ((String) row[6]).trim(),
                PayoutAddressChangeState.valueOf((String) row[7]), instant(row[8]), instant(row[9]),
                Optional.ofNullable(row[10]).map(PayoutAddressChangeStore::instant));
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case OffsetDateTime offset -> offset.toInstant();
            case Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp type " + value.getClass());
        };
    }
}
