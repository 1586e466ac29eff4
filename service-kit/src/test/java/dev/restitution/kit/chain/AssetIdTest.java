package dev.restitution.kit.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AssetIdTest {

    private static final String USDT_CHECKSUMMED = "0xdAC17F958D2ee523a2206206994597C13D831ec7";
    private static final String USDT = "eip155:1/erc20:0xdac17f958d2ee523a2206206994597c13d831ec7";

    @Test
    void anErc20TokenIsNamedByItsLowerCaseContractWhateverCaseItIsGivenIn() {
        // Why: the id is hashed into leaves; a checksummed and a lower-case contract must give one string.
        assertEquals(USDT, AssetId.erc20(1, USDT_CHECKSUMMED).toString());
        assertEquals(USDT, AssetId.erc20(1, USDT_CHECKSUMMED.toLowerCase()).toString());
        assertEquals(Optional.of("0xdac17f958d2ee523a2206206994597c13d831ec7"), AssetId.parse(USDT).erc20Contract());
        assertEquals("eip155:1", AssetId.parse(USDT).chain());
        assertEquals(Optional.of(1L), AssetId.parse(USDT).evmChainId());
    }

    @Test
    void aNativeCoinIsItsSlip44CoinTypeEtherUnlessTheChainIsKnownToHaveAnother() {
        // Why: ether on mainnet, an L2 or a test chain is slip44:60; BNB on chain 56 must not be called ether.
        assertEquals("eip155:1/slip44:60", AssetId.nativeCoin(1).toString());
        assertEquals("eip155:31337/slip44:60", AssetId.evm(31337, Optional.empty()).toString());
        assertEquals("eip155:56/slip44:714", AssetId.nativeCoin(56).toString());
        assertEquals("eip155:137/slip44:966", AssetId.nativeCoin(137).toString());
    }

    @Test
    void canonicalIdsOfOtherChainsParseAndPrintUnchanged() {
        // Why: bitcoin and other non-EVM assets cross services by the same type.
        for (String id : List.of("bip122:000000000019d6689c085ae165831e93/slip44:0", "eip155:10/slip44:60", USDT,
                "cosmos:cosmoshub-4/slip44:118")) {
            assertEquals(id, AssetId.parse(id).toString());
        }
        assertEquals(Optional.empty(), AssetId.parse("bip122:000000000019d6689c085ae165831e93/slip44:0").evmChainId());
    }

    @Test
    void aChecksummedErc20IdIsRefusedNamingTheCanonicalSpelling() {
        // Why: two spellings of one asset would hash to two leaves; the refusal tells the caller what to send.
        String problem = AssetId.problemWith("eip155:1/erc20:" + USDT_CHECKSUMMED).orElseThrow();
        assertTrue(problem.contains("(canonical: 0xdac17f958d2ee523a2206206994597c13d831ec7)"), problem);
    }

    @Test
    void malformedIdsAreRefused() {
        // Why: an id that is not CAIP-19, has a token id, or an impossible eip155 part never names an asset.
        for (String bad : List.of("", "ETH", "eip155:1", "eip155:1/erc20", "eip155:01/slip44:60", "eip155:1/slip44:060",
                "eip155:1/erc721:0xdac17f958d2ee523a2206206994597c13d831ec7",
                "eip155:1/erc20:0xdac17f958d2ee523a2206206994597c13d831ec",
                "eip155:1/erc20:0xdac17f958d2ee523a2206206994597c13d831ec7/1",
                "EIP155:1/slip44:60", "eip155:x/slip44:60")) {
            assertTrue(AssetId.problemWith(bad).isPresent(), bad + " is refused");
            assertThrows(IllegalArgumentException.class, () -> AssetId.parse(bad), bad);
        }
        assertThrows(IllegalArgumentException.class, () -> AssetId.erc20(0, USDT_CHECKSUMMED));
        assertTrue(AssetId.parse(USDT).toString().length() <= AssetId.MAX_LENGTH);
    }
}
