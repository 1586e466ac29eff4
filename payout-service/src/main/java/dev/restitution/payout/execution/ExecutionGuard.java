package dev.restitution.payout.execution;

import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.denylist.Denylist;
import dev.restitution.payout.engine.domain.CallData;
import dev.restitution.payout.execution.persistence.PaymentItemEntity;
import dev.restitution.payout.execution.persistence.PaymentOrderEntity;
import dev.restitution.payout.execution.persistence.PaymentOrderStore;
import dev.restitution.payout.rail.PaymentMethod;
import jakarta.enterprise.context.ApplicationScoped;
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
 * that moment for the order's incident (by an entry of that incident or of every incident; an entry of another
 * incident does not stop it). The first transaction of an order and each replacement pass the same checks;
 * nothing is signed on a refusal.
 */
@ApplicationScoped
public class ExecutionGuard {

    /** The caps key of the chain's native coin. */
    public static final String NATIVE = "native";

    /** What one chain allows: its BatchPayout contract, its allowlisted tokens, its caps per asset (all lowercase keys). */
    private record ChainRules(Optional<String> batchPayoutContract, Set<String> allowedTokens,
                              Map<String, PayoutConfig.Cap> caps) {
    }

    private final PaymentOrderStore orders;
    private final Denylist denylist;
    private final Map<Long, ChainRules> rules;

    public ExecutionGuard(PaymentOrderStore orders, Denylist denylist, PayoutConfig config) {
        this.orders = orders;
        this.denylist = denylist;
        this.rules = config.chains().entrySet().stream().collect(Collectors.toUnmodifiableMap(
                entry -> Long.valueOf(entry.getKey()), entry -> rulesOf(entry.getValue())));
    }

    private static ChainRules rulesOf(PayoutConfig.Chain chain) {
        return new ChainRules(chain.batchPayoutContract().map(ExecutionGuard::lower),
                chain.tokenContracts().orElse(List.of()).stream().map(ExecutionGuard::lower)
                        .collect(Collectors.toUnmodifiableSet()),
                chain.caps().entrySet().stream()
                        .collect(Collectors.toUnmodifiableMap(entry -> lower(entry.getKey()), Map.Entry::getValue)));
    }

    /**
     * Why a transaction making {@code call} for {@code order} must not be signed, or empty. {@code recipientHasCode}:
     * a plain native transfer to an address with code would call a contract that is not allowlisted. A replacement
     * (the order is signed already) counts against the day its first transaction was signed on, once.
     */
    public Optional<String> refusal(PaymentOrderEntity order, CallData call, boolean recipientHasCode, Instant now) {
        ChainRules chain = rules.get(order.chainId());
        if (chain == null) {
            return Optional.of("chain " + order.chainId() + " is not configured");
        }
        return allowlistRefusal(chain, order, call, recipientHasCode)
                .or(() -> capRefusal(chain, order, now))
                .or(() -> denylistRefusal(order));
    }

    private Optional<String> allowlistRefusal(ChainRules chain, PaymentOrderEntity order, CallData call,
                                              boolean recipientHasCode) {
        if (order.tokenContract != null && !chain.allowedTokens().contains(lower(order.tokenContract))) {
            return Optional.of("token contract " + order.tokenContract + " is not on the allowlist");
        }
        if (order.method == PaymentMethod.BATCH_CONTRACT
                && (chain.batchPayoutContract().isEmpty() || !chain.batchPayoutContract().get().equals(lower(call.to())))) {
            return Optional.of("the BatchPayout contract " + call.to() + " is not the configured one");
        }
        if (order.method == PaymentMethod.PLAIN_TRANSFER && order.tokenContract == null && recipientHasCode) {
            return Optional.of("recipient " + call.to() + " is a contract; a plain transfer would call a contract not on the allowlist");
        }
        return Optional.empty();
    }

    private Optional<String> capRefusal(ChainRules chain, PaymentOrderEntity order, Instant now) {
        String asset = order.tokenContract == null ? NATIVE : order.tokenContract;
        PayoutConfig.Cap cap = chain.caps().get(lower(asset));
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
        return orders.signedByOthers(order, dayStart, dayStart.plus(1, ChronoUnit.DAYS));
    }

    private Optional<String> denylistRefusal(PaymentOrderEntity order) {
        for (PaymentItemEntity item : order.items) {
            if (denylist.isDenied(order.chainId(), order.incidentId, item.recipient)) {
                return Optional.of("recipient " + item.recipient + " (item " + item.position + ") is denylisted for incident "
                        + order.incidentId);
            }
        }
        return Optional.empty();
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
