package dev.restitution.ledger.snapshot.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.restitution.ledger.incident.domain.AssetSpec;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LeafVersionTest {

    private static final AssetSpec USDT = new AssetSpec("USDT", 1,
            Optional.of("0xdAC17F958D2ee523a2206206994597C13D831ec7"), 6);

    @Test
    void formatOneHashesTheSymbolAndFormatTwoTheCaip19AssetId() {
        // Why: a snapshot sealed in format 1 must keep its proofs; re-hashing its rows with the asset id would break every one.
        assertEquals("USDT", LeafVersion.V1.assetText(USDT));
        assertEquals("eip155:1/erc20:0xdac17f958d2ee523a2206206994597c13d831ec7", LeafVersion.V2.assetText(USDT));
        assertEquals("eip155:31337/slip44:60", LeafVersion.V2.assetText(new AssetSpec("ETH", 31337, Optional.empty(), 18)));
        assertEquals(LeafVersion.V2, LeafVersion.CURRENT);
    }

    @Test
    void aStoredFormatNumberReadsBackAndAnUnknownOneIsRefused() {
        // Why: the number stored with an import decides how its proofs are rebuilt; an unknown one must stop loudly.
        assertEquals(LeafVersion.V1, LeafVersion.of(1));
        assertEquals(LeafVersion.V2, LeafVersion.of(LeafVersion.V2.number()));
        assertThrows(IllegalArgumentException.class, () -> LeafVersion.of(3));
    }
}
