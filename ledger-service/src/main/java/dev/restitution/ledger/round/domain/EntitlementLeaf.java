package dev.restitution.ledger.round.domain;

import dev.restitution.kit.chain.AssetId;
import dev.restitution.kit.chain.Eip55;
import dev.restitution.ledger.snapshot.domain.Keccak256;
import dev.restitution.ledger.snapshot.domain.LeafEncoding;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.web3j.crypto.Keys;

/**
 * A leaf of a round's entitlement tree, format version 1 (contracts/docs/formats.md): who is
 * entitled, to which asset, and how much in all up to and including the round. The amount is
 * cumulative, so a later round's tree replaces the earlier one and whoever pays from it (a batch, a
 * pull distributor) pays the difference to what was paid already.
 *
 * <p>The tree is OpenZeppelin's StandardMerkleTree, so Solidity verifies a proof with
 * {@code MerkleProof.verify(proof, root, keccak256(bytes.concat(keccak256(abi.encode(account, asset, amount)))))}:
 * <ul>
 *   <li>exchange incidents: leaf encoding {@code ["bytes32", "string", "uint256"]}, the account is
 *       {@code keccak256(salt ++ utf8(accountId))} with the account's 32-byte entitlement salt (the same
 *       in every round of the incident, given to the owner with their proof);</li>
 *   <li>holder incidents: leaf encoding {@code ["address", "string", "uint256"]}, the account is the
 *       holder's address;</li>
 * </ul>
 * the asset is the canonical CAIP-19 id, the amount a uint256 in the asset's smallest unit.
 */
public record EntitlementLeaf(Kind kind, byte[] account, AssetId asset, BigInteger cumulativeAmount) {

    public static final int FORMAT_VERSION = 1;
    private static final int WORD = 32;
    private static final int ADDRESS_BYTES = 20;
    private static final byte[] SALT_DOMAIN = "restitution.entitlement.salt.v1\0".getBytes(StandardCharsets.US_ASCII);
    private static final HexFormat HEX = HexFormat.of();

    /** How the account is named in the leaf, which fixes the tree's leaf encoding. */
    public enum Kind {
        /** An exchange account, by its salted commitment. */
        EXCHANGE_ACCOUNT(List.of("bytes32", "string", "uint256")),
        /** A token holder, by address. */
        HOLDER_ADDRESS(List.of("address", "string", "uint256"));

        private final List<String> leafEncoding;

        Kind(List<String> leafEncoding) {
            this.leafEncoding = leafEncoding;
        }

        public List<String> leafEncoding() {
            return leafEncoding;
        }
    }

    public EntitlementLeaf {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(asset, "asset");
        Objects.requireNonNull(cumulativeAmount, "cumulativeAmount");
        account = account.clone();
        if (account.length != (kind == Kind.EXCHANGE_ACCOUNT ? WORD : ADDRESS_BYTES)) {
            throw new IllegalArgumentException(kind + " names the account in "
                    + (kind == Kind.EXCHANGE_ACCOUNT ? WORD : ADDRESS_BYTES) + " bytes, not " + account.length);
        }
        if (cumulativeAmount.signum() <= 0 || cumulativeAmount.bitLength() > 256) {
            throw new IllegalArgumentException("an entitled amount is a positive uint256, not " + cumulativeAmount);
        }
    }

    /** The leaf of an exchange account, by its commitment. */
    public static EntitlementLeaf ofAccount(byte[] accountCommitment, AssetId asset, BigInteger cumulativeAmount) {
        return new EntitlementLeaf(Kind.EXCHANGE_ACCOUNT, accountCommitment, asset, cumulativeAmount);
    }

    /** The leaf of a holder, by EIP-55 checksummed address. */
    public static EntitlementLeaf ofHolder(String address, AssetId asset, BigInteger cumulativeAmount) {
        Eip55.problemWith(address).ifPresent(problem -> {
            throw new IllegalArgumentException("holder address " + address + ": " + problem);
        });
        return new EntitlementLeaf(Kind.HOLDER_ADDRESS, HEX.parseHex(address.substring(2)), asset, cumulativeAmount);
    }

    /**
     * The account's entitlement salt: {@code HMAC-SHA256(secret, "restitution.entitlement.salt.v1\0" ++ utf8(accountId))},
     * the secret being the incident's (it never leaves the ledger), so the salt, and with it the
     * account's commitment, is the same in every round.
     */
    public static byte[] salt(byte[] secret, String accountId) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(SALT_DOMAIN);
            return mac.doFinal(accountId.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("the JDK offers no HmacSHA256", missing);
        }
    }

    /** {@code keccak256(salt ++ utf8(accountId))}, as the snapshot's leaves commit to an account. */
    public static byte[] accountCommitment(byte[] salt, String accountId) {
        if (salt.length != WORD) {
            throw new IllegalArgumentException("a salt has 32 bytes, not " + salt.length);
        }
        byte[] id = accountId.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[WORD + id.length];
        System.arraycopy(salt, 0, input, 0, WORD);
        System.arraycopy(id, 0, input, WORD, id.length);
        return new Keccak256().hash(input);
    }

    /** The values as StandardMerkleTree takes them, in leaf-encoding order (an address EIP-55 checksummed). */
    public List<String> values() {
        String named = kind == Kind.EXCHANGE_ACCOUNT ? "0x" + HEX.formatHex(account)
                : Keys.toChecksumAddress(HEX.formatHex(account));
        return List.of(named, asset.toString(), cumulativeAmount.toString());
    }

    /** {@code keccak256(bytes.concat(keccak256(abi.encode(account, asset, cumulativeAmount))))}. */
    public byte[] hash() {
        byte[] head = new byte[WORD];
        System.arraycopy(account, 0, head, WORD - account.length, account.length);
        byte[] leafHash = new byte[WORD];
        new LeafEncoding().leafHash(head, 0, asset.toString(), cumulativeAmount, leafHash, 0);
        return leafHash;
    }

    @Override
    public byte[] account() {
        return account.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof EntitlementLeaf leaf && kind == leaf.kind && Arrays.equals(account, leaf.account)
                && asset.equals(leaf.asset) && cumulativeAmount.equals(leaf.cumulativeAmount);
    }

    @Override
    public int hashCode() {
        return Objects.hash(kind, Arrays.hashCode(account), asset, cumulativeAmount);
    }

    @Override
    public String toString() {
        return "EntitlementLeaf" + values();
    }
}
