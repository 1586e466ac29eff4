package dev.restitution.payout.metrics.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The figures payout-service's gauges report, each one grouped query whose result has at most one row per chain,
 * asset, rail or sender (never one row per instruction or order).
 */
@ApplicationScoped
public class PayoutFigures {

    /** Halted senders read at most; far beyond the number of keys a service ever signs with. */
    static final int HALT_LIMIT = 1000;

    /** An asset on a chain: null token contract for the chain's native coin. */
    public record ChainAsset(long chainId, Optional<String> tokenContract) {
    }

    /**
     * Instructions not yet paid, failed or denied, by the payment method of the batch item that holds them
     * ({@code BATCH_CONTRACT}, {@code PLAIN_TRANSFER}), or {@code UNASSIGNED} while no batch holds them.
     */
    public Map<String, Long> waitingInstructionsByMethod() {
        Map<String, Long> counts = new HashMap<>();
        for (Object[] row : rows("""
                select coalesce(item.method, 'UNASSIGNED'), count(*)
                from payout_instruction instruction
                left join payout_batch_item item
                       on item.batch_id = instruction.batch_id and item.instruction_id = instruction.id
                where instruction.state in ('PENDING', 'BATCHED')
                group by 1""")) {
            counts.put((String) row[0], ((Number) row[1]).longValue());
        }
        return counts;
    }

    /** Per chain, when the oldest transaction signed and not yet confirmed (a payment order's or a commitment's) was signed. */
    public Map<Long, Instant> oldestUnconfirmedSignedAt() {
        Map<Long, Instant> oldest = new HashMap<>();
        for (Object[] row : rows("""
                select chain_id, min(signed_at) from (
                    select chain_id, signed_at from payment_order where state = 'PENDING'
                    union all
                    select chain_id, signed_at from commitment_call where state = 'PENDING') unconfirmed
                group by chain_id""")) {
            oldest.put(((Number) row[0]).longValue(), instant(row[1]));
        }
        return oldest;
    }

    /** The halted sending addresses per chain, lower case. */
    public Map<Long, List<String>> haltedSenders() {
        Map<Long, List<String>> halted = new HashMap<>();
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager()
                .createNativeQuery("select chain_id, lower(sender) from sender_halt order by chain_id, sender limit :limit")
                .setParameter("limit", HALT_LIMIT)
                .getResultList();
        for (Object[] row : rows) {
            halted.computeIfAbsent(((Number) row[0]).longValue(), chain -> new ArrayList<>()).add((String) row[1]);
        }
        return halted;
    }

    /** Payment orders whose execution holds (signed, then refused a replacement or found its nonce taken). */
    public long heldOrders() {
        return ((Number) Panache.getEntityManager().createNativeQuery(
                "select count(*) from payment_order where state = 'PENDING' and held_at is not null")
                .getSingleResult()).longValue();
    }

    /** What payment orders queued or sent and not yet confirmed still pay, per chain and asset, in minor units. */
    public Map<ChainAsset, BigInteger> queuedNeed() {
        Map<ChainAsset, BigInteger> need = new HashMap<>();
        for (Object[] row : rows("""
                select chain_id, lower(token_contract), sum(total_minor_units) from payment_order
                where state in ('QUEUED', 'PENDING')
                group by chain_id, lower(token_contract)""")) {
            need.put(new ChainAsset(((Number) row[0]).longValue(), Optional.ofNullable((String) row[1])),
                    new BigDecimal(row[2].toString()).toBigIntegerExact());
        }
        return need;
    }

    @SuppressWarnings("unchecked")
    private static List<Object[]> rows(String sql) {
        return Panache.getEntityManager().createNativeQuery(sql).getResultList();
    }

    private static Instant instant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case Timestamp timestamp -> timestamp.toInstant();
            case OffsetDateTime offset -> offset.toInstant();
            default -> throw new IllegalStateException("unexpected timestamp type " + value.getClass());
        };
    }
}
