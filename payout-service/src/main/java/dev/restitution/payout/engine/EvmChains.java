package dev.restitution.payout.engine;

import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.engine.domain.FeePolicy;
import dev.restitution.payout.engine.signer.OpenedOnFirstUse;
import dev.restitution.payout.engine.signer.Signers;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/**
 * Every EVM chain the service pays on, by EIP-155 chain id, built from {@code restitution.chains}: each with its own
 * connection (every call bounded by the chain's timeout), signer, fee policy and confirmations. The nonce sequence
 * of each chain's sender is its own row ({@code sender_nonce} is keyed by chain and sender).
 */
@ApplicationScoped
public class EvmChains {

    /** Where a chain's settings live, for messages that name one. */
    public static String key(long chainId) {
        return "restitution.chains.\"" + chainId + "\"";
    }

    private final Map<Long, EvmChain> chains;

    public EvmChains(PayoutConfig config) {
        if (config.chains().isEmpty()) {
            throw new IllegalStateException("restitution.chains names no chain; payout-service pays on at least one");
        }
        Map<Long, EvmChain> built = new TreeMap<>();
        config.chains().forEach((id, settings) -> {
            long chainId = parse(id);
            built.put(chainId, open(chainId, settings));
        });
        this.chains = Map.copyOf(built);
    }

    private static long parse(String id) {
        try {
            long chainId = Long.parseLong(id);
            if (chainId > 0) {
                return chainId;
            }
        } catch (NumberFormatException notANumber) {
            // answered below, naming the key
        }
        throw new IllegalStateException("restitution.chains.\"" + id + "\": a chain is keyed by its positive EIP-155 id");
    }

    private static EvmChain open(long chainId, PayoutConfig.Chain settings) {
        OkHttpClient http = new OkHttpClient.Builder()
                .callTimeout(settings.timeout())
                .connectTimeout(settings.timeout())
                .readTimeout(settings.timeout())
                .build();
        Web3j web3j = Web3j.build(new HttpService(settings.rpcUrl(), http));
        PayoutConfig.Fees fees = settings.fees();
        return new EvmChain(chainId, web3j, new ChainReader(web3j),
                new OpenedOnFirstUse(() -> Signers.open(settings.signer(), key(chainId))),
                new FeePolicy(fees.maxFeePerGasCeilingWei(), fees.priorityFeeWei(), fees.replacementBumpPercent()),
                settings.confirmations(), settings.replaceAfter(), settings.maxGasPerTransaction());
    }

    /** The chain, or empty when it is not configured. */
    public Optional<EvmChain> find(long chainId) {
        return Optional.ofNullable(chains.get(chainId));
    }

    /** The chain a stored call names: configured, or the configuration lost a chain with calls on it. */
    public EvmChain chain(long chainId) {
        return find(chainId).orElseThrow(() -> new IllegalStateException("chain " + chainId + " is not configured"));
    }

    public Collection<EvmChain> all() {
        return chains.values();
    }

    /** The ids of every configured chain, ascending. */
    public SortedSet<Long> ids() {
        return new TreeSet<>(chains.keySet());
    }

    @PreDestroy
    void close() {
        chains.values().forEach(chain -> chain.web3j().shutdown());
    }
}
