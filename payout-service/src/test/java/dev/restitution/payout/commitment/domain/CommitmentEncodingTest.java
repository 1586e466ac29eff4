package dev.restitution.payout.commitment.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.restitution.payout.commitment.domain.CommitmentEncoding.AssetTotal;
import java.math.BigInteger;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class CommitmentEncodingTest {

    private static final UUID INCIDENT = UUID.fromString("01234567-89ab-cdef-0123-456789abcdef");
    private static final UUID ROUND = UUID.fromString("1f2e3d4c-5b6a-4978-8a6b-5c4d3e2f1a0b");
    private static final String USDT = "eip155:1/erc20:0xdac17f958d2ee523a2206206994597c13d831ec7";
    private static final String ETH = "eip155:1/slip44:60";
    private static final String ROOT = "0x5f1c0b7e3a9d4c2b8e6f1a0d9c8b7a6f5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b";
    /** The formats.md example: ETH and USDT of its SnapshotSealed example. */
    private static final List<AssetTotal> EXAMPLE = List.of(
            new AssetTotal(ETH, new BigInteger("1500000000000000000"), 2),
            new AssetTotal(USDT, new BigInteger("250000000"), 1));

    @Test
    void aUuidIsItsSixteenBytesBigEndian() {
        // Why: the verifier rebuilds ids from the UUID's text; a byte order slip would make every id unverifiable.
        assertArrayEquals(HexFormat.of().parseHex("0123456789abcdef0123456789abcdef"), CommitmentEncoding.bytes16(INCIDENT));
    }

    @Test
    void theTotalsHashIsWhatAnIndependentAbiEncoderComputesWithAssetsSortedById() {
        // Why: the totals hash is what outsiders recompute from the published totals; web3j encoding string[] wrongly,
        // or the assets not sorted by id, would commit a hash nobody can reproduce.
        String expected = NodeAbi.hash(List.of("string[]", "uint256[]", "uint64[]"), List.of(
                List.of(USDT, ETH), List.of("250000000", "1500000000000000000"), List.of("1", "2")));
        assertEquals(expected, CommitmentEncoding.totalsHash(EXAMPLE));
        assertEquals(expected, CommitmentEncoding.totalsHash(EXAMPLE.reversed()));
        // The vector contracts/docs/formats.md names.
        assertEquals("0x5c102a3ae868c782d2cd7db15ebeff5e8a0c91dad9e24a507c786999522d132c", expected);
    }

    @Test
    void theDistributionIdAndStoredHashAreWhatAnIndependentAbiEncoderComputes() {
        // Why: a verifier finds a round's distribution of an asset by this id and compares the stored hash with the
        // distributor's address and immutables; the asset id enters as the keccak256 of its UTF-8 bytes.
        String incident = "0x0123456789abcdef0123456789abcdef";
        // keccak256 of the UTF-8 bytes of USDT's id, computed with ethereum-cryptography.
        String assetIdHash = "0x810813d234e2be8747b229606251db4b94a538ac1c23863d8fa94bf0404c292c";
        assertEquals(NodeAbi.hash(List.of("uint8", "bytes16", "uint32", "bytes32"), List.of("3", incident, "2", assetIdHash)),
                CommitmentEncoding.distributionCommitmentId(INCIDENT, 2, USDT));
        String distributor = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
        assertEquals(NodeAbi.hash(List.of("address", "bytes32", "uint256", "uint64"), List.of(distributor, ROOT, "250000000", "1900000000")),
                CommitmentEncoding.distributionHash(distributor, ROOT, new BigInteger("250000000"), 1_900_000_000L));
        assertNotEquals(CommitmentEncoding.distributionCommitmentId(INCIDENT, 2, USDT), CommitmentEncoding.distributionCommitmentId(INCIDENT, 2, ETH));
    }

    @Test
    void idsAndStoredHashesAreWhatAnIndependentAbiEncoderComputes() {
        // Why: the contract keys commitments by these ids and stores these hashes; a verifier reading commitments(id)
        // must find exactly the value it computes from the published fields.
        String incident = "0x0123456789abcdef0123456789abcdef";
        String round = "0x1f2e3d4c5b6a49788a6b5c4d3e2f1a0b";
        assertEquals(NodeAbi.hash(List.of("uint8", "bytes16"), List.of("1", incident)),
                CommitmentEncoding.snapshotCommitmentId(INCIDENT));
        assertEquals(NodeAbi.hash(List.of("uint8", "bytes16", "uint32"), List.of("2", incident, "3")),
                CommitmentEncoding.roundCommitmentId(INCIDENT, 3));
        String totals = CommitmentEncoding.totalsHash(EXAMPLE);
        assertEquals(NodeAbi.hash(List.of("bytes32", "uint64", "bytes32", "uint64"), List.of(ROOT, "3", totals, "1694502000")),
                CommitmentEncoding.snapshotHash(ROOT, 3, totals, 1_694_502_000L));
        assertEquals(NodeAbi.hash(List.of("bytes16", "bytes32", "bytes32"), List.of(round, ROOT, totals)),
                CommitmentEncoding.roundHash(ROUND, ROOT, totals));
        assertNotEquals(CommitmentEncoding.roundCommitmentId(INCIDENT, 3), CommitmentEncoding.roundCommitmentId(INCIDENT, 4));
    }

    @Test
    void malformedFieldsAreRefusedBeforeAnythingIsEncoded() {
        // Why: a commitment is permanent; an upper-case root, an asset twice or a zero row count must never reach a signature.
        assertThrows(IllegalArgumentException.class, () -> CommitmentEncoding.snapshotHash(ROOT.toUpperCase().replace("0X", "0x"), 1,
                ROOT, 0));
        assertThrows(IllegalArgumentException.class, () -> CommitmentEncoding.snapshotHash(ROOT, 0, ROOT, 0));
        assertThrows(IllegalArgumentException.class, () -> CommitmentEncoding.totalsHash(List.of(EXAMPLE.getFirst(), EXAMPLE.getFirst())));
        assertThrows(IllegalArgumentException.class, () -> CommitmentEncoding.roundCommitmentId(INCIDENT, 0));
        assertThrows(IllegalArgumentException.class, () -> new AssetTotal(ETH, BigInteger.ONE.shiftLeft(256), 1));
    }
}
