package dev.restitution.ledger.round.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.restitution.kit.chain.AssetId;
import dev.restitution.ledger.snapshot.domain.LeafHashes;
import dev.restitution.ledger.snapshot.domain.MerkleTree;
import java.math.BigInteger;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The vectors below were computed once with OpenZeppelin's {@code @openzeppelin/merkle-tree} 1.0.8
 * ({@code StandardMerkleTree.of(values, encoding)}, its {@code root}, {@code leafHash(value)} and
 * {@code getProof(index)}), and the account commitments with {@code ethereum-cryptography}'s keccak256
 * of {@code salt ++ utf8(accountId)}; contracts/docs/verification.md repeats the computation.
 */
class EntitlementLeafTest {

    private static final HexFormat HEX = HexFormat.of();
    private static final AssetId USDT = AssetId.parse("eip155:1/erc20:0xdac17f958d2ee523a2206206994597c13d831ec7");
    private static final AssetId ETH = AssetId.parse("eip155:1/slip44:60");
    private static final BigInteger MAX_UINT256 = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);

    private static byte[] bytes(String hex) {
        return HEX.parseHex(hex.substring(2));
    }

    private static byte[] repeated(int value) {
        byte[] salt = new byte[32];
        Arrays.fill(salt, (byte) value);
        return salt;
    }

    @Test
    void exchangeLeavesHashAndProveAsOpenZeppelinsStandardMerkleTreeDoes() {
        // Why: Solidity and the claimant's verifier check entitlements with OpenZeppelin's tree; one differing byte and no proof verifies.
        List<EntitlementLeaf> leaves = List.of(
                EntitlementLeaf.ofAccount(EntitlementLeaf.accountCommitment(repeated(0x11), "ACC-1001"), USDT,
                        BigInteger.valueOf(1_500_000)),
                EntitlementLeaf.ofAccount(EntitlementLeaf.accountCommitment(repeated(0x22), "ACC-1002"), ETH,
                        new BigInteger("250000000000000000")),
                EntitlementLeaf.ofAccount(EntitlementLeaf.accountCommitment(repeated(0x33), "ACC-1003"), USDT, MAX_UINT256));

        assertEquals(List.of("0xb24e41794ec9a5aed8b02d9bb6f078940f501bb71a6943d63a34572157b99106",
                "eip155:1/erc20:0xdac17f958d2ee523a2206206994597c13d831ec7", "1500000"), leaves.get(0).values());
        assertEquals("0x3c1cdece8168456beff1c0130f7474a149ddd54a2dd5f63fde9e2911150c910e", leaves.get(1).values().get(0));
        assertEquals("0x9a218f7b6741c571ff09cf792f15f02697457b59c94b7ea31a218d9611bc5231", leaves.get(2).values().get(0));
        assertTree(leaves, "0xaf8d56d2ee1dd0322891a8050316785202ee6f7d8144eb4cd8978f62d2d3be66",
                List.of("0xcc357910d0e9ade878e6f3fc0d208c339aa65820aa55b576adbea9c5aebcb503",
                        "0xeff2d6a0fc09f777c198549e50e451cd34fdb3ca2c76dd2723cf475a7528c158",
                        "0xceb2d41bac26b25ef05b9afcc397a011997e041a54ae293a90c73609c4584c2d"),
                List.of(List.of("0xceb2d41bac26b25ef05b9afcc397a011997e041a54ae293a90c73609c4584c2d",
                                "0xeff2d6a0fc09f777c198549e50e451cd34fdb3ca2c76dd2723cf475a7528c158"),
                        List.of("0xea2ccbc1f3c77cc94f67d67beb647c9d3e6536ab7c9fe9f7ec306d76555e63a2"),
                        List.of("0xcc357910d0e9ade878e6f3fc0d208c339aa65820aa55b576adbea9c5aebcb503",
                                "0xeff2d6a0fc09f777c198549e50e451cd34fdb3ca2c76dd2723cf475a7528c158")));
    }

    @Test
    void holderLeavesNameTheAddressInAnAddressWord() {
        // Why: holder incidents pay addresses; the address encoding must be the one Solidity's abi.encode(address, ...) gives.
        List<EntitlementLeaf> leaves = List.of(
                EntitlementLeaf.ofHolder("0x52908400098527886E0F7030069857D2E4169EE7",
                        AssetId.parse("eip155:56/erc20:0x0782b6d8c4551b9760e74c0545a9bcd90bdc41e5"), BigInteger.valueOf(7)),
                EntitlementLeaf.ofHolder("0x8617E340B3D01FA5F11F306F4090FD50E238070D", AssetId.nativeCoin(56),
                        new BigInteger("1000000000000000000000")));

        assertEquals(List.of("address", "string", "uint256"), leaves.get(0).kind().leafEncoding());
        assertEquals("0x8617E340B3D01FA5F11F306F4090FD50E238070D", leaves.get(1).values().get(0));
        assertTree(leaves, "0x644d6050f417c8d502c13e9b24c248413f5d1cbc8c34d967d6ed042f49e81cb1",
                List.of("0x8bf025f9edfc6af97765e7af8bd3cbf6830c9fc4acf3da544d4dc4d1ca26e54f",
                        "0x1cb31bd9f51d8d967d26964d2fb58eeaf23d54637d9a62b6e41ecefcbd070543"),
                List.of(List.of("0x1cb31bd9f51d8d967d26964d2fb58eeaf23d54637d9a62b6e41ecefcbd070543"),
                        List.of("0x8bf025f9edfc6af97765e7af8bd3cbf6830c9fc4acf3da544d4dc4d1ca26e54f")));
    }

    @Test
    void anAccountsSaltAndCommitmentAreTheSameInEveryRoundAndDifferBetweenAccounts() {
        // Why: the amount is cumulative, so a distributor keys what it paid by the account's commitment; it must not change between rounds.
        byte[] secret = repeated(0x5a);
        byte[] first = EntitlementLeaf.accountCommitment(EntitlementLeaf.salt(secret, "ACC-1001"), "ACC-1001");
        byte[] again = EntitlementLeaf.accountCommitment(EntitlementLeaf.salt(secret.clone(), "ACC-1001"), "ACC-1001");
        byte[] other = EntitlementLeaf.accountCommitment(EntitlementLeaf.salt(secret, "ACC-1002"), "ACC-1002");
        byte[] otherSecret = EntitlementLeaf.accountCommitment(EntitlementLeaf.salt(repeated(0x5b), "ACC-1001"), "ACC-1001");
        assertArrayEquals(first, again);
        assertFalse(Arrays.equals(first, other));
        assertFalse(Arrays.equals(first, otherSecret));
    }

    @Test
    void leavesThatCannotBePaidAreRefused() {
        // Why: a zero, negative or over-uint256 amount, or an unchecksummed holder address, would commit to something nobody can pay.
        byte[] commitment = repeated(1);
        assertThrows(IllegalArgumentException.class, () -> EntitlementLeaf.ofAccount(commitment, USDT, BigInteger.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> EntitlementLeaf.ofAccount(commitment, USDT, MAX_UINT256.add(BigInteger.ONE)));
        assertThrows(IllegalArgumentException.class,
                () -> EntitlementLeaf.ofAccount(new byte[20], USDT, BigInteger.ONE));
        assertThrows(IllegalArgumentException.class,
                () -> EntitlementLeaf.ofHolder("0x52908400098527886e0f7030069857d2e4169ee7", USDT, BigInteger.ONE));
    }

    private static void assertTree(List<EntitlementLeaf> leaves, String root, List<String> leafHashes,
                                   List<List<String>> proofs) {
        LeafHashes hashes = new LeafHashes(leaves.size());
        for (int index = 0; index < leaves.size(); index++) {
            byte[] hash = leaves.get(index).hash();
            assertEquals(leafHashes.get(index), "0x" + HEX.formatHex(hash), "leaf hash of " + leaves.get(index));
            int ordinal = hashes.reserve();
            System.arraycopy(hash, 0, hashes.page(ordinal), hashes.offset(ordinal), 32);
            hashes.commit();
        }
        MerkleTree tree = MerkleTree.build(hashes);
        assertEquals(root, "0x" + HEX.formatHex(tree.root()));
        for (int ordinal = 0; ordinal < leaves.size(); ordinal++) {
            int leafNode = MerkleTree.leafNode(leaves.size(), tree.rankOfOrdinal()[ordinal]);
            List<String> proof = Arrays.stream(MerkleTree.proofNodes(leafNode))
                    .mapToObj(node -> "0x" + HEX.formatHex(tree.node(node))).toList();
            assertEquals(proofs.get(ordinal), proof, "proof of " + leaves.get(ordinal));
            assertArrayEquals(bytes(root), MerkleTree.processProof(leaves.get(ordinal).hash(),
                    proof.stream().map(EntitlementLeafTest::bytes).toArray(byte[][]::new)));
        }
    }
}
