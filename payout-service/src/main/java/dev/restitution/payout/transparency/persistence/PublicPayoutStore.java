package dev.restitution.payout.transparency.persistence;

import dev.restitution.kit.persistence.SqlValues;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The settled payout transactions of an incident as the public may see them: one row per confirmed payment order
 * of a batch (one on-chain transaction), its count and total, never a recipient.
 */
@ApplicationScoped
public class PublicPayoutStore {

    /** One confirmed on-chain transaction of a batch; {@code tokenContract} is empty for the native coin. */
    public record SettledTransaction(UUID batchId, long chainId, String assetSymbol, Optional<String> tokenContract,
                                     int count, BigInteger total, String txHash, long blockNumber) {
    }

    /** The incident's confirmed payout transactions, oldest block first. */
    public List<SettledTransaction> page(UUID incidentId, int offset, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = Panache.getEntityManager().createNativeQuery("""
                        select o.batch_id, o.chain_id, b.asset_symbol, o.token_contract, o.item_count, o.total_minor_units,
                            o.confirmed_tx_hash, o.confirmed_block_number
                        from payment_order o join payout_batch b on b.id = o.batch_id
                        where b.incident_id = :incident and o.state = 'CONFIRMED'
                        order by o.confirmed_block_number, o.confirmed_tx_hash offset :offset limit :limit""")
                .setParameter("incident", incidentId)
                .setParameter("offset", offset)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(row -> new SettledTransaction(SqlValues.uuid(row[0]), SqlValues.count(row[1]),
                (String) row[2], Optional.ofNullable((String) row[3]), ((Number) row[4]).intValue(),
                SqlValues.amount(row[5]), ((String) row[6]).strip(), SqlValues.count(row[7]))).toList();
    }

    public long count(UUID incidentId) {
        return SqlValues.count(Panache.getEntityManager().createNativeQuery("""
                        select count(*) from payment_order o join payout_batch b on b.id = o.batch_id
                        where b.incident_id = :incident and o.state = 'CONFIRMED'""")
                .setParameter("incident", incidentId)
                .getSingleResult());
    }
}
