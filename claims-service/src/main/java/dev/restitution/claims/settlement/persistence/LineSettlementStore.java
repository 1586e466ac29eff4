package dev.restitution.claims.settlement.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The entitlements learnt for claim lines and the payments settled on them (tables line_entitlement, line_payment). */
@ApplicationScoped
public class LineSettlementStore {

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    /** Whether line {@code lineId} exists and belongs to claim {@code claimId}. */
    public boolean lineOfClaimExists(UUID lineId, UUID claimId) {
        return !em().createNativeQuery("select 1 from claim_line where id = :line and claim_id = :claim")
                .setParameter("line", lineId).setParameter("claim", claimId).getResultList().isEmpty();
    }

    /** An entitlement of a claim line: its round, amount, CAIP-19 asset (absent in old events) and payout address. */
    public record Entitlement(UUID entitlementId, UUID lineId, UUID roundId, BigInteger amount, Optional<String> assetId,
                              String payoutAddress) {
    }

    public void insertEntitlement(Entitlement entitlement, Instant learnedAt) {
        em().createNativeQuery("""
                        insert into line_entitlement (id, claim_line_id, amount, learned_at, round_id, asset_id, payout_address)
                        values (:id, :line, :amount, :at, :round, :asset, :address)""")
                .setParameter("id", entitlement.entitlementId()).setParameter("line", entitlement.lineId())
                .setParameter("amount", entitlement.amount()).setParameter("at", learnedAt)
                .setParameter("round", entitlement.roundId()).setParameter("asset", entitlement.assetId().orElse(null))
                .setParameter("address", entitlement.payoutAddress())
                .executeUpdate();
    }

    /** The claim line an entitlement was learnt for, or empty when it was not learnt yet. */
    public Optional<UUID> lineOfEntitlement(UUID entitlementId) {
        List<?> lines = em().createNativeQuery("select claim_line_id from line_entitlement where id = :id")
                .setParameter("id", entitlementId).getResultList();
        return lines.stream().findFirst().map(UUID.class::cast);
    }

    /** A claim line as a payment on it needs it: its claim, approved amount (empty before approval) and asset. */
    public record PaidLine(UUID claimId, Optional<BigInteger> approved, String asset, int decimals, String accountId) {
    }

    /** The line, locked until the transaction ends. */
    public PaidLine lockLine(UUID lineId) {
        Object[] line = (Object[]) em().createNativeQuery("""
                        select l.claim_id, l.approved_amount, l.asset, l.decimals, c.account_id
                        from claim_line l join claim c on c.id = l.claim_id where l.id = :line for update of l""")
                .setParameter("line", lineId).getSingleResult();
        return new PaidLine((UUID) line[0], Optional.ofNullable(line[1]).map(LineSettlementStore::integer),
                (String) line[2], ((Number) line[3]).intValue(), (String) line[4]);
    }

    /** What was paid on the line so far. */
    public BigInteger paidOn(UUID lineId) {
        return integer(em().createNativeQuery(
                        "select coalesce(sum(amount), 0) from line_payment where claim_line_id = :line")
                .setParameter("line", lineId).getSingleResult());
    }

    /** A payment of one entitlement on one line, in one transaction of a settled batch. */
    public record Payment(UUID batchId, UUID entitlementId, UUID lineId, long chainId, String txHash, long blockNumber,
                          BigInteger amount, Instant settledAt) {
    }

    public void insertPayment(Payment payment) {
        em().createNativeQuery("""
                        insert into line_payment (batch_id, entitlement_id, claim_line_id, chain_id, tx_hash,
                            block_number, amount, settled_at)
                        values (:batch, :entitlement, :line, :chain, :tx, :block, :amount, :at)""")
                .setParameter("batch", payment.batchId()).setParameter("entitlement", payment.entitlementId())
                .setParameter("line", payment.lineId()).setParameter("chain", payment.chainId())
                .setParameter("tx", payment.txHash()).setParameter("block", payment.blockNumber())
                .setParameter("amount", payment.amount()).setParameter("at", payment.settledAt())
                .executeUpdate();
    }

    private static BigInteger integer(Object column) {
        return switch (column) {
            case BigInteger value -> value;
            case BigDecimal value -> value.toBigIntegerExact();
            case Number value -> BigInteger.valueOf(value.longValue());
            default -> throw new IllegalStateException("unexpected numeric type " + column.getClass());
        };
    }
}
