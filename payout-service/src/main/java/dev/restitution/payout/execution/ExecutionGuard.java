package dev.restitution.payout.execution;

import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.denylist.Denylist;
import dev.restitution.payout.engine.domain.CallData;
import dev.restitution.payout.execution.persistence.PaymentItemEntity;
import dev.restitution.payout.execution.persistence.PaymentOrderEntity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * What is checked right before every signature, inside the signing transaction: the contract the transaction
 * calls is allowlisted, the order and the day stay under the asset's caps, and no recipient is denylisted at
 * that moment. The first transaction of an order and each replacement pass the same checks; nothing is signed
 * on a refusal.
 */
@ApplicationScoped
public class ExecutionGuard {

    /** The caps key of the chain's native coin. */
    public static final String NATIVE = "native";

    private final EntityManager entityManager;
    private final Denylist denylist;
    private final Optional<String> batchPayoutContract;
    private final Set<String> allowedTokens;
    private final Map<String, PayoutConfig.Cap> caps;

    public ExecutionGuard(EntityManager entityManager, Denylist denylist, PayoutConfig config) {
        this.entityManager = entityManager;
        this.denylist = denylist;
        PayoutConfig.Execution execution = config.execution();
        this.batchPayoutContract = execution.batchPayoutContract().map(ExecutionGuard::lower);
        this.allowedTokens = execution.tokenContracts().orElse(List.of()).stream().map(ExecutionGuard::lower)
                .collect(Collectors.toUnmodifiableSet());
        this.caps = execution.caps().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(entry -> lower(entry.getKey()), Map.Entry::getValue));
    }

    /**
     * Why a transaction making {@code call} for {@code order} must not be signed, or empty. {@code recipientHasCode}:
     * a plain native transfer to an address with code would call a contract that is not allowlisted. A replacement
     * (the order is signed already) counts against the day its first transaction was signed on, once.
     */
    public Optional<String> refusal(PaymentOrderEntity order, CallData call, boolean recipientHasCode, Instant now) {
        return allowlistRefusal(order, call, recipientHasCode)
                .or(() -> capRefusal(order, now))
                .or(() -> denylistRefusal(order));
    }

    private Optional<String> allowlistRefusal(PaymentOrderEntity order, CallData call, boolean recipientHasCode) {
        if (order.tokenContract != null && !allowedTokens.contains(lower(order.tokenContract))) {
            return Optional.of("token contract " + order.tokenContract + " is not on the allowlist");
        }
        if (order.method == PaymentMethod.BATCH_CONTRACT
                && (batchPayoutContract.isEmpty() || !batchPayoutContract.get().equals(lower(call.to())))) {
            return Optional.of("the BatchPayout contract " + call.to() + " is not the configured one");
        }
        if (order.method == PaymentMethod.PLAIN_TRANSFER && order.tokenContract == null && recipientHasCode) {
            return Optional.of("recipient " + call.to() + " is a contract; a plain transfer would call a contract not on the allowlist");
        }
        return Optional.empty();
    }

    private Optional<String> capRefusal(PaymentOrderEntity order, Instant now) {
        String asset = order.tokenContract == null ? NATIVE : order.tokenContract;
        PayoutConfig.Cap cap = caps.get(lower(asset));
        if (cap == null) {
            return Optional.of("no cap is configured for asset " + asset);
        }
        if (order.totalMinorUnits.compareTo(cap.perOrderMinorUnits()) > 0) {
            return Optional.of("order total " + order.totalMinorUnits + " exceeds the per-order cap "
                    + cap.perOrderMinorUnits() + " of asset " + asset);
        }
        BigInteger signedThatDay = signedByOthersOn(order, order.signedAt().orElse(now));
        if (signedThatDay.add(order.totalMinorUnits).compareTo(cap.perDayMinorUnits()) > 0) {
            return Optional.of("order total " + order.totalMinorUnits + " with " + signedThatDay
                    + " already signed that day exceeds the per-day cap " + cap.perDayMinorUnits() + " of asset " + asset);
        }
        return Optional.empty();
    }

    /** What other orders of the same asset signed on the UTC day of {@code at} pay (failed ones paid nothing). */
    private BigInteger signedByOthersOn(PaymentOrderEntity order, Instant at) {
        Instant dayStart = at.atZone(ZoneOffset.UTC).truncatedTo(ChronoUnit.DAYS).toInstant();
        String assetCondition = order.tokenContract == null ? "o.tokenContract is null" : "o.tokenContract = :token";
        var query = entityManager.createQuery("""
                        select coalesce(sum(o.totalMinorUnits), 0) from PaymentOrderEntity o
                        where o.chainId = :chain and %s and o.id <> :self
                          and o.state in (dev.restitution.payout.engine.domain.CallState.PENDING,
                                          dev.restitution.payout.engine.domain.CallState.CONFIRMED)
                          and o.signedAt >= :dayStart and o.signedAt < :dayEnd""".formatted(assetCondition))
                .setParameter("chain", order.chainId())
                .setParameter("self", order.id())
                .setParameter("dayStart", dayStart)
                .setParameter("dayEnd", dayStart.plus(1, ChronoUnit.DAYS));
        if (order.tokenContract != null) {
            query.setParameter("token", order.tokenContract);
        }
        Object sum = query.getSingleResult();
        return sum instanceof BigInteger big ? big : new java.math.BigDecimal(sum.toString()).toBigIntegerExact();
    }

    private Optional<String> denylistRefusal(PaymentOrderEntity order) {
        for (PaymentItemEntity item : order.items) {
            if (denylist.isDenied(order.chainId(), item.recipient)) {
                return Optional.of("recipient " + item.recipient + " (item " + item.position + ") is denylisted");
            }
        }
        return Optional.empty();
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
