package dev.restitution.payout.metrics;

import dev.restitution.kit.chain.AssetId;
import dev.restitution.kit.metrics.LabelledGauge;
import dev.restitution.kit.metrics.MetricsRefresh;
import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.engine.EvmChain;
import dev.restitution.payout.engine.EvmChains;
import dev.restitution.payout.metrics.persistence.PayoutFigures;
import dev.restitution.payout.metrics.persistence.PayoutFigures.ChainAsset;
import dev.restitution.payout.rail.PaymentMethod;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.runtime.Startup;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.jboss.logging.Logger;

/**
 * payout-service's business gauges, refreshed on {@link MetricsRefresh#EVERY}: a few grouped queries
 * ({@link PayoutFigures}) and, per configured chain, the payout wallet's balance of the native coin and of every
 * allowlisted token (one read of the head block, then one balance read per asset). Labels: {@code chain} is CAIP-2
 * ({@code eip155:31337}), {@code asset} CAIP-19, {@code rail} the payment method in lower case or
 * {@code unassigned} for instructions no batch holds yet.
 *
 * <p>A chain whose node does not answer keeps its last balances (and shortfall) until it answers again; the node's
 * own failure is what the readiness check and the transaction gauges show. A shortfall is reported only for assets
 * whose balance was read at least once.
 */
@Startup
@ApplicationScoped
public class PayoutMetrics {

    private static final Logger LOG = Logger.getLogger(PayoutMetrics.class);
    private static final String UNASSIGNED = "unassigned";

    private final PayoutFigures figures;
    private final EvmChains chains;
    private final PayoutConfig config;
    private final Clock clock;
    private final Map<ChainAsset, BigInteger> balances = new ConcurrentHashMap<>();
    private volatile Map<ChainAsset, BigInteger> lastNeed = Map.of();

    private final LabelledGauge instructionsWaiting;
    private final LabelledGauge oldestUnconfirmed;
    private final LabelledGauge sendersHalted;
    private final LabelledGauge ordersHeld;
    private final LabelledGauge walletBalance;
    private final LabelledGauge queuedNeed;
    private final LabelledGauge walletShortfall;

    public PayoutMetrics(MeterRegistry registry, PayoutFigures figures, EvmChains chains, PayoutConfig config,
                         Clock clock) {
        this.figures = figures;
        this.chains = chains;
        this.config = config;
        this.clock = clock;
        instructionsWaiting = new LabelledGauge(registry, "restitution.payout.instructions.waiting",
                "Payout instructions not yet paid, per rail", List.of("rail"));
        oldestUnconfirmed = new LabelledGauge(registry, "restitution.payout.oldest.unconfirmed.transaction.seconds",
                "Age in seconds of the oldest signed transaction not yet confirmed, per chain (0 when none)",
                List.of("chain"));
        sendersHalted = new LabelledGauge(registry, "restitution.payout.senders.halted",
                "Sending addresses of the chain's configured signer that are halted (its key used elsewhere)",
                List.of("chain"));
        ordersHeld = LabelledGauge.unlabelled(registry, "restitution.payout.orders.held",
                "Payment orders whose execution holds until an operator acts");
        walletBalance = new LabelledGauge(registry, "restitution.payout.wallet.balance",
                "Payout wallet balance in the asset's smallest unit", List.of("chain", "asset"));
        queuedNeed = new LabelledGauge(registry, "restitution.payout.queued.need",
                "What queued and unconfirmed payment orders still pay, in the asset's smallest unit",
                List.of("chain", "asset"));
        walletShortfall = new LabelledGauge(registry, "restitution.payout.wallet.shortfall",
                "1 when the payout wallet holds less than queued payment orders need, else 0", List.of("chain", "asset"));
    }

    @Scheduled(every = MetricsRefresh.EVERY, concurrentExecution = Scheduled.ConcurrentExecution.SKIP,
            skipExecutionIf = Scheduled.ApplicationNotRunning.class)
    void refresh() {
        try {
            QuarkusTransaction.requiringNew().run(this::readDatabase);
        } catch (RuntimeException failure) {
            LOG.warnf("payout metrics not refreshed from the database: %s", failure.getMessage());
        }
        chains.all().forEach(this::readBalances);
        publishShortfall();
    }

    private void readDatabase() {
        // Every rail is reported, 0 when nothing waits on it, so a panel or alert tells "none" from "not reported".
        Map<List<String>, Double> waiting = new HashMap<>();
        waiting.put(List.of(UNASSIGNED), 0.0);
        for (PaymentMethod method : PaymentMethod.values()) {
            waiting.put(List.of(method.name().toLowerCase(Locale.ROOT)), 0.0);
        }
        figures.waitingInstructionsByMethod().forEach((method, count) ->
                waiting.put(List.of(method.toLowerCase(Locale.ROOT)), count.doubleValue()));
        instructionsWaiting.replaceAll(waiting);

        Map<Long, Instant> oldest = figures.oldestUnconfirmedSignedAt();
        Map<List<String>, Double> ages = new HashMap<>();
        Map<List<String>, Double> halted = new HashMap<>();
        Map<Long, List<String>> halts = figures.haltedSenders();
        Instant now = clock.instant();
        for (EvmChain chain : chains.all()) {
            List<String> label = List.of(caip2(chain.chainId()));
            ages.put(label, Optional.ofNullable(oldest.get(chain.chainId()))
                    .map(signedAt -> Math.max(0.0, Duration.between(signedAt, now).toMillis() / 1000.0)).orElse(0.0));
            halted.put(label, (double) haltedSigners(chain, halts.getOrDefault(chain.chainId(), List.of())));
        }
        oldestUnconfirmed.replaceAll(ages);
        sendersHalted.replaceAll(halted);
        ordersHeld.set(figures.heldOrders());

        Map<ChainAsset, BigInteger> need = figures.queuedNeed();
        Map<List<String>, Double> needSeries = new HashMap<>();
        need.forEach((asset, amount) -> needSeries.put(labels(asset), amount.doubleValue()));
        queuedNeed.replaceAll(needSeries);
        lastNeed = Map.copyOf(need);
    }

    private static long haltedSigners(EvmChain chain, List<String> haltedSenders) {
        if (haltedSenders.isEmpty()) {
            return 0;
        }
        String signer = chain.signer().address().toLowerCase(Locale.ROOT);
        return haltedSenders.stream().filter(signer::equals).count();
    }

    private void readBalances(EvmChain chain) {
        try {
            String wallet = chain.signer().address();
            long head = chain.reader().headBlockNumber();
            balances.put(new ChainAsset(chain.chainId(), Optional.empty()),
                    chain.reader().balanceAt(Optional.empty(), wallet, head));
            PayoutConfig.Chain settings = config.chains().get(Long.toString(chain.chainId()));
            for (String token : settings.tokenContracts().orElse(List.of())) {
                balances.put(new ChainAsset(chain.chainId(), Optional.of(token.toLowerCase(Locale.ROOT))),
                        chain.reader().balanceAt(Optional.of(token), wallet, head));
            }
        } catch (RuntimeException failure) {
            LOG.warnf("payout wallet balances on chain %d not refreshed: %s", chain.chainId(), failure.getMessage());
        }
    }

    private void publishShortfall() {
        Map<List<String>, Double> balanceSeries = new HashMap<>();
        Map<List<String>, Double> shortfall = new HashMap<>();
        balances.forEach((asset, balance) -> {
            balanceSeries.put(labels(asset), balance.doubleValue());
            BigInteger need = lastNeed.getOrDefault(asset, BigInteger.ZERO);
            shortfall.put(labels(asset), balance.compareTo(need) < 0 ? 1.0 : 0.0);
        });
        walletBalance.replaceAll(balanceSeries);
        walletShortfall.replaceAll(shortfall);
    }

    private static List<String> labels(ChainAsset asset) {
        return List.of(caip2(asset.chainId()), AssetId.evm(asset.chainId(), asset.tokenContract()).toString());
    }

    private static String caip2(long chainId) {
        return "eip155:" + chainId;
    }
}
