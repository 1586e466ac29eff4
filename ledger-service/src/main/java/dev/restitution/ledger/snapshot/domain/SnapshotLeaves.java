package dev.restitution.ledger.snapshot.domain;

import java.math.BigInteger;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The leaves of a snapshot's Merkle tree, as OpenZeppelin's StandardMerkleTree builds them:
 * {@code keccak256(bytes.concat(keccak256(abi.encode(accountCommitment, asset, amount))))} with the
 * leaf encoding {@code ["bytes32", "string", "uint256"]}.
 *
 * <p>The account id never appears in a leaf. It is replaced by
 * {@code accountCommitment = keccak256(salt ++ utf8(accountId))}, where the 32-byte salt of each row
 * is {@code keccak256(secret ++ utf8(accountId) ++ 0x00 ++ utf8(asset))} from a random per-import
 * secret that stays in the ledger. Whoever sees other accounts' leaves and proofs cannot test
 * guessed account ids against them without that row's salt, and two rows of one account do not
 * look related. The owner receives their row's salt with the proof and checks that the commitment
 * is theirs; since the commitment binds the account id, one leaf cannot be shown to two accounts.
 *
 * <p>Not thread-safe: one instance per thread (it reuses its buffers).
 */
public final class SnapshotLeaves {

    public static final List<String> LEAF_ENCODING = List.of("bytes32", "string", "uint256");
    public static final int SECRET_BYTES = 32;
    /** Longest asset symbol (as declared with the incident): its bytes fit one ABI word. */
    static final int MAX_ASSET_BYTES = 16;
    private static final int WORD = 32;

    private final byte[] secret;
    private final Keccak256 keccak = new Keccak256();
    private final byte[] saltInput = new byte[SECRET_BYTES + AccountIds.MAX_LENGTH + 1 + MAX_ASSET_BYTES];
    private final byte[] commitmentInput = new byte[WORD + AccountIds.MAX_LENGTH];
    private final byte[] encoded = new byte[5 * WORD];
    private final byte[] innerHash = new byte[WORD];

    public SnapshotLeaves(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("the salt secret has " + SECRET_BYTES + " bytes, not " + secret.length);
        }
        this.secret = secret.clone();
        System.arraycopy(secret, 0, saltInput, 0, SECRET_BYTES);
    }

    /** The row's secret salt, derived from the import's secret; {@code into} receives 32 bytes at {@code offset}. */
    public void salt(String accountId, String asset, byte[] into, int offset) {
        int length = SECRET_BYTES;
        length = putAscii(accountId, saltInput, length);
        saltInput[length++] = 0;
        length = putAscii(asset, saltInput, length);
        keccak.hash(saltInput, 0, length, into, offset);
    }

    /** {@code keccak256(salt ++ utf8(accountId))}. */
    public void accountCommitment(byte[] salt, int saltOffset, String accountId, byte[] into, int offset) {
        System.arraycopy(salt, saltOffset, commitmentInput, 0, WORD);
        int length = putAscii(accountId, commitmentInput, WORD);
        keccak.hash(commitmentInput, 0, length, into, offset);
    }

    /** The leaf hash of {@code (accountCommitment, asset, amount)}, double-hashed like StandardMerkleTree's. */
    public void leafHash(byte[] commitment, int commitmentOffset, String asset, BigInteger amount, byte[] into, int offset) {
        if (asset.isEmpty() || asset.length() > MAX_ASSET_BYTES) {
            throw new IllegalArgumentException("an asset symbol has 1 to " + MAX_ASSET_BYTES + " characters: " + asset);
        }
        Arrays.fill(encoded, (byte) 0);
        System.arraycopy(commitment, commitmentOffset, encoded, 0, WORD);
        encoded[2 * WORD - 1] = 3 * WORD; // offset of the string's tail
        putUint256(amount, encoded, 2 * WORD);
        encoded[4 * WORD - 1] = (byte) asset.length();
        putAscii(asset, encoded, 4 * WORD);
        keccak.hash(encoded, 0, encoded.length, innerHash, 0);
        keccak.hash(innerHash, 0, WORD, into, offset);
    }

    /** Salt, commitment and leaf hash of one row in one call: {@code into} receives the 32-byte leaf hash. */
    public void rowLeaf(String accountId, String asset, BigInteger amount, byte[] scratch64, byte[] into, int offset) {
        salt(accountId, asset, scratch64, 0);
        accountCommitment(scratch64, 0, accountId, scratch64, WORD);
        leafHash(scratch64, WORD, asset, amount, into, offset);
    }

    public byte[] secret() {
        return secret.clone();
    }

    /** Writes ASCII text (account ids and symbols are ASCII by validation) and returns the next free index. */
    private static int putAscii(String text, byte[] target, int offset) {
        int length = text.length();
        for (int index = 0; index < length; index++) {
            char character = text.charAt(index);
            if (character > 0x7f) {
                throw new IllegalArgumentException("not ASCII: " + text);
            }
            target[offset + index] = (byte) character;
        }
        return offset + length;
    }

    private static void putUint256(BigInteger amount, byte[] target, int offset) {
        if (amount.signum() < 0 || amount.bitLength() > 256) {
            throw new IllegalArgumentException("not a uint256: " + amount);
        }
        if (amount.bitLength() < Long.SIZE) {
            long value = amount.longValue();
            for (int index = 0; index < Long.BYTES; index++) {
                target[offset + WORD - 1 - index] = (byte) (value >>> (8 * index));
            }
            return;
        }
        byte[] bytes = amount.toByteArray();
        int significant = Math.min(bytes.length, WORD);
        System.arraycopy(bytes, bytes.length - significant, target, offset + WORD - significant, significant);
    }
}
