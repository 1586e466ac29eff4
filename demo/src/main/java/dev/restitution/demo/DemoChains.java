package dev.restitution.demo;

import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The demo's two local chains as deployed, and which one each demo asset lives on: ETH and USDC on the first
 * chain, USDT on the second, as a breached exchange's assets span chains. Each asset is declared, proven for,
 * batched and paid on its own chain, and its balances are read from that chain's node.
 */
public record DemoChains(DemoChain.Deployment first, DemoChain.Deployment second) {

    public DemoChains {
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(second, "second");
        if (first.chainId() != DemoChain.CHAIN_ID || second.chainId() != DemoChain.SECOND_CHAIN_ID) {
            throw new IllegalArgumentException("the demo pays on chains " + DemoChain.CHAIN_ID + " and "
                    + DemoChain.SECOND_CHAIN_ID + ", not " + first.chainId() + " and " + second.chainId());
        }
    }

    /**
     * Deploys the payout wallet, contract and tokens on both chains (firstRpcUrl must serve chain
     * {@value DemoChain#CHAIN_ID}, secondRpcUrl chain {@value DemoChain#SECOND_CHAIN_ID}); each wallet's keystore goes
     * to a directory of its own under {@code directory}.
     */
    public static DemoChains deploy(String firstRpcUrl, String secondRpcUrl, Path directory) {
        return new DemoChains(
                DemoChain.deploy(DemoChain.CHAIN_ID, firstRpcUrl, directory.resolve("chain-" + DemoChain.CHAIN_ID)),
                DemoChain.deploy(DemoChain.SECOND_CHAIN_ID, secondRpcUrl,
                        directory.resolve("chain-" + DemoChain.SECOND_CHAIN_ID)));
    }

    /** The chain a demo asset lives on. */
    public static long chainOf(String asset) {
        return switch (asset) {
            case DemoCase.ETH, DemoCase.USDC -> DemoChain.CHAIN_ID;
            case DemoCase.USDT -> DemoChain.SECOND_CHAIN_ID;
            default -> throw new IllegalArgumentException("not a demo asset: " + asset);
        };
    }

    /** The incident's assets as ian declares them: symbol, chain, decimals and, for a token, its contract there. */
    List<Map<String, Object>> assetDeclarations() {
        return List.of(
                Map.of("symbol", DemoCase.ETH, "chainId", chainOf(DemoCase.ETH), "decimals", 18),
                Map.of("symbol", DemoCase.USDC, "chainId", chainOf(DemoCase.USDC), "decimals", DemoChain.TOKEN_DECIMALS,
                        "tokenContract", first.usdc()),
                Map.of("symbol", DemoCase.USDT, "chainId", chainOf(DemoCase.USDT), "decimals", DemoChain.TOKEN_DECIMALS,
                        "tokenContract", second.usdt()));
    }

    /** payout-service's settings for paying on both chains; commitments are published on the first chain. */
    public Map<String, String> payoutSettings(int confirmations) {
        Map<String, String> settings = new LinkedHashMap<>(first.payoutSettings(confirmations));
        settings.putAll(second.payoutSettings(confirmations));
        settings.putAll(first.commitmentSettings());
        return settings;
    }

    /** The balance of a demo asset that address holds on the asset's chain, read from that chain's node. */
    public BigInteger balance(String asset, String address) {
        return switch (asset) {
            case DemoCase.ETH -> DemoChain.nativeBalance(first.rpcUrl(), address);
            case DemoCase.USDC -> DemoChain.tokenBalance(first.rpcUrl(), first.usdc(), address);
            case DemoCase.USDT -> DemoChain.tokenBalance(second.rpcUrl(), second.usdt(), address);
            default -> throw new IllegalArgumentException("not a demo asset: " + asset);
        };
    }
}
