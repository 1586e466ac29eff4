package dev.restitution.kit.chain;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An asset named by CAIP-19 ({@code <chain namespace>:<chain reference>/<asset namespace>:<asset reference>}),
 * in the one canonical spelling the platform hashes into leaves and sends between services
 * (format version 1, written down in {@code contracts/docs/formats.md}):
 * <ul>
 *   <li>an ERC-20 token: {@code eip155:<chain id>/erc20:<contract>}, the contract address in
 *       <b>lower case</b> (EIP-55 mixed case is a display form: a hashed string must have one
 *       spelling, and lower case is the one anyone can produce from any form);</li>
 *   <li>an EVM chain's native coin: {@code eip155:<chain id>/slip44:<coin type>}, the SLIP-44 coin
 *       type of that coin ({@link #nativeCoinType(long)}: 60 for ether and chains whose coin is ether);</li>
 *   <li>any other chain: as CAIP-19 writes it, e.g. {@code bip122:000000000019d6689c085ae165831e93/slip44:0}
 *       for bitcoin.</li>
 * </ul>
 * Token ids (CAIP-19's third part, for NFTs) are refused: the platform pays fungible amounts only.
 */
public record AssetId(String chainNamespace, String chainReference, String assetNamespace, String assetReference) {

    /** CAIP-2 namespace and reference, CAIP-19 asset namespace and reference, as the standards bound them. */
    private static final Pattern CAIP_19 = Pattern.compile(
            "^([-a-z0-9]{3,8}):([-_a-zA-Z0-9]{1,32})/([-a-z0-9]{3,8}):([-.%a-zA-Z0-9]{1,128})$");
    private static final Pattern LOWER_CASE_ADDRESS = Pattern.compile("^0x[0-9a-f]{40}$");
    private static final Pattern DECIMAL_CHAIN_ID = Pattern.compile("^[1-9][0-9]{0,18}$");
    /** The longest canonical id: 8 + 1 + 32 + 1 + 8 + 1 + 128 characters. */
    public static final int MAX_LENGTH = 179;
    /** SLIP-44 coin types of EVM chains whose native coin is not ether (chain id to coin type). */
    private static final Map<Long, Integer> NATIVE_COIN_TYPES = Map.of(
            56L, 714,     // BNB Smart Chain: BNB
            137L, 966,    // Polygon PoS: POL (formerly MATIC)
            250L, 1007,   // Fantom: FTM
            43114L, 9000  // Avalanche C-Chain: AVAX
    );
    static final int ETHER_COIN_TYPE = 60;

    public AssetId {
        Objects.requireNonNull(chainNamespace, "chainNamespace");
        Objects.requireNonNull(chainReference, "chainReference");
        Objects.requireNonNull(assetNamespace, "assetNamespace");
        Objects.requireNonNull(assetReference, "assetReference");
        String text = chainNamespace + ":" + chainReference + "/" + assetNamespace + ":" + assetReference;
        problemWith(text).ifPresent(problem -> {
            throw new IllegalArgumentException("not a canonical CAIP-19 asset id: " + text + ": " + problem);
        });
    }

    /** Parses the canonical spelling; refuses anything else (see {@link #problemWith(String)}). */
    public static AssetId parse(String text) {
        Optional<String> problem = problemWith(text);
        if (problem.isPresent()) {
            throw new IllegalArgumentException("not a canonical CAIP-19 asset id: " + text + ": " + problem.get());
        }
        Matcher parts = CAIP_19.matcher(text);
        if (!parts.matches()) {
            throw new IllegalStateException("checked text does not match: " + text);
        }
        return new AssetId(parts.group(1), parts.group(2), parts.group(3), parts.group(4));
    }

    /** Why {@code text} is not a canonical CAIP-19 asset id, or empty when it is one. */
    public static Optional<String> problemWith(String text) {
        if (text == null) {
            return Optional.of("must be present");
        }
        Matcher parts = CAIP_19.matcher(text);
        if (!parts.matches()) {
            return Optional.of("must be <namespace>:<reference>/<asset namespace>:<asset reference> as CAIP-19 bounds"
                    + " them (no token id)");
        }
        if (!"eip155".equals(parts.group(1))) {
            return Optional.empty();
        }
        if (!DECIMAL_CHAIN_ID.matcher(parts.group(2)).matches()) {
            return Optional.of("an eip155 chain reference is a decimal chain id without leading zeros");
        }
        String reference = parts.group(4);
        return switch (parts.group(3)) {
            case "erc20" -> LOWER_CASE_ADDRESS.matcher(reference).matches() ? Optional.empty()
                    : Optional.of("an erc20 reference is the contract address, 0x and 40 lower-case hexadecimal digits"
                    + (reference.toLowerCase(Locale.ROOT).equals(reference) ? ""
                    : " (canonical: " + reference.toLowerCase(Locale.ROOT) + ")"));
            case "slip44" -> reference.matches("^(0|[1-9][0-9]{0,9})$") ? Optional.empty()
                    : Optional.of("a slip44 reference is a decimal coin type without leading zeros");
            default -> Optional.of("an eip155 asset is erc20 or slip44, not " + parts.group(3));
        };
    }

    /** An ERC-20 token on EVM chain {@code chainId}; {@code contract} in any case, checksummed or not. */
    public static AssetId erc20(long chainId, String contract) {
        Objects.requireNonNull(contract, "contract");
        return new AssetId("eip155", evmChain(chainId), "erc20", contract.toLowerCase(Locale.ROOT));
    }

    /** The native coin of EVM chain {@code chainId}. */
    public static AssetId nativeCoin(long chainId) {
        return new AssetId("eip155", evmChain(chainId), "slip44", Integer.toString(nativeCoinType(chainId)));
    }

    /** An asset of EVM chain {@code chainId}: its ERC-20 contract, or its native coin when there is none. */
    public static AssetId evm(long chainId, Optional<String> tokenContract) {
        return tokenContract.map(contract -> erc20(chainId, contract)).orElseGet(() -> nativeCoin(chainId));
    }

    /** The SLIP-44 coin type of EVM chain {@code chainId}'s native coin: 60 (ether) unless listed otherwise. */
    public static int nativeCoinType(long chainId) {
        return NATIVE_COIN_TYPES.getOrDefault(chainId, ETHER_COIN_TYPE);
    }

    /** The CAIP-2 chain id, e.g. {@code eip155:1}. */
    public String chain() {
        return chainNamespace + ":" + chainReference;
    }

    /** The EIP-155 chain id of an eip155 asset. */
    public Optional<Long> evmChainId() {
        return "eip155".equals(chainNamespace) ? Optional.of(Long.parseLong(chainReference)) : Optional.empty();
    }

    /** The token contract of an erc20 asset, lower case. */
    public Optional<String> erc20Contract() {
        return "erc20".equals(assetNamespace) ? Optional.of(assetReference) : Optional.empty();
    }

    /** The canonical CAIP-19 text, the string that is hashed and sent. */
    @Override
    public String toString() {
        return chain() + "/" + assetNamespace + ":" + assetReference;
    }

    private static String evmChain(long chainId) {
        if (chainId < 1) {
            throw new IllegalArgumentException("an EIP-155 chain id is positive, not " + chainId);
        }
        return Long.toString(chainId);
    }
}
