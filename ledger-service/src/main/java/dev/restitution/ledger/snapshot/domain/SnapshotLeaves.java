package dev.restitution.ledger.snapshot.domain;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import javax.crypto.Cipher;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * The leaves of a snapshot's Merkle tree, as OpenZeppelin's StandardMerkleTree builds them:
 * {@code keccak256(bytes.concat(keccak256(abi.encode(accountCommitment, asset, amount))))} with the
 * leaf encoding {@code ["bytes32", "string", "uint256"]}.
 *
 * <p>The account id never appears in a leaf. It is replaced by
 * {@code accountCommitment = keccak256(salt ++ utf8(accountId))}, where the 32-byte salt of the row
 * numbered {@code n} (from 0, in file order) is {@code AES-256(secret, 2n) ++ AES-256(secret, 2n + 1)}
 * (the blocks as 128-bit big-endian counters): the AES-CTR key stream of a random per-import secret
 * that stays in the ledger, at the row's place. AES is a pseudorandom permutation, so to anyone
 * without the secret each salt is indistinguishable from 32 random bytes and independent of every
 * other row's salt, even of salts they were given: whoever sees other accounts' leaves and proofs
 * cannot test guessed account ids against them, and two rows of one account do not look related.
 * A salt derived this way costs a few AES rounds instead of a keccak permutation (a fifth of what a
 * leaf used to cost), and a batch of consecutive rows takes its salts from one key-stream call. The
 * owner receives their row's salt with the proof and checks that the commitment is theirs; since the
 * commitment binds the account id, one leaf cannot be shown to two accounts.
 *
 * <p>Not thread-safe: one instance per thread (it reuses its buffers and cipher).
 */
public final class SnapshotLeaves {

    public static final List<String> LEAF_ENCODING = List.of("bytes32", "string", "uint256");
    public static final int SECRET_BYTES = 32;
    private static final int WORD = 32;

    public static final int SALT_BYTES = 32;
    private static final int AES_BLOCK_BYTES = 16;

    private final byte[] secret;
    private final SecretKeySpec saltKey;
    private final Cipher saltStream;
    private final byte[] counter = new byte[AES_BLOCK_BYTES];
    private byte[] zeros = new byte[SALT_BYTES];
    private final Keccak256 keccak = new Keccak256();
    private final LeafEncoding encoding = new LeafEncoding();
    private final byte[] commitmentInput = new byte[WORD + AccountIds.MAX_LENGTH];

    public SnapshotLeaves(byte[] secret) {
        Objects.requireNonNull(secret, "secret");
        if (secret.length != SECRET_BYTES) {
            throw new IllegalArgumentException("the salt secret has " + SECRET_BYTES + " bytes, not " + secret.length);
        }
        this.secret = secret.clone();
        this.saltKey = new SecretKeySpec(this.secret, "AES");
        try {
            this.saltStream = Cipher.getInstance("AES/CTR/NoPadding");
        } catch (GeneralSecurityException missing) {
            throw new IllegalStateException("the JDK offers no AES/CTR", missing);
        }
    }

    /** The secret salt of row {@code rowNo}; {@code into} receives 32 bytes at {@code offset}. */
    public void salt(int rowNo, byte[] into, int offset) {
        salts(rowNo, 1, into, offset);
    }

    /** The salts of {@code count} consecutive rows from {@code firstRowNo}, 32 bytes each, into {@code into} from {@code offset}. */
    public void salts(int firstRowNo, int count, byte[] into, int offset) {
        if (firstRowNo < 0 || count < 1 || firstRowNo > Integer.MAX_VALUE - count) {
            throw new IllegalArgumentException("rows " + firstRowNo + " (+" + count + ") are not row numbers");
        }
        int bytes = count * SALT_BYTES;
        Objects.checkFromIndexSize(offset, bytes, into.length);
        if (zeros.length < bytes) {
            zeros = new byte[bytes];
        }
        long firstBlock = 2L * firstRowNo;
        Arrays.fill(counter, (byte) 0);
        for (int index = 0; index < Long.BYTES; index++) {
            counter[AES_BLOCK_BYTES - 1 - index] = (byte) (firstBlock >>> (8 * index));
        }
        try {
            saltStream.init(Cipher.ENCRYPT_MODE, saltKey, new IvParameterSpec(counter));
            int written = saltStream.doFinal(zeros, 0, bytes, into, offset);
            if (written != bytes) {
                throw new IllegalStateException("AES/CTR gave " + written + " bytes of key stream, not " + bytes);
            }
        } catch (GeneralSecurityException failure) {
            throw new IllegalStateException("deriving salts failed", failure);
        }
    }

    /** {@code keccak256(salt ++ utf8(accountId))}. */
    public void accountCommitment(byte[] salt, int saltOffset, String accountId, byte[] into, int offset) {
        System.arraycopy(salt, saltOffset, commitmentInput, 0, WORD);
        int length = LeafEncoding.putAscii(accountId, commitmentInput, WORD);
        keccak.hash(commitmentInput, 0, length, into, offset);
    }

    /**
     * The leaf hash of {@code (accountCommitment, asset, amount)}, double-hashed like StandardMerkleTree's;
     * {@code asset} is the symbol (leaf format v1) or the CAIP-19 asset id (v2) as {@link LeafVersion} says.
     */
    public void leafHash(byte[] commitment, int commitmentOffset, String asset, BigInteger amount, byte[] into, int offset) {
        encoding.leafHash(commitment, commitmentOffset, asset, amount, into, offset);
    }

    /** Commitment and leaf hash of one row from its salt: {@code into} receives the 32-byte leaf hash. */
    public void rowLeaf(byte[] salt, int saltOffset, String accountId, String asset, BigInteger amount, byte[] scratch32,
                        byte[] into, int offset) {
        accountCommitment(salt, saltOffset, accountId, scratch32, 0);
        leafHash(scratch32, 0, asset, amount, into, offset);
    }

    public byte[] secret() {
        return secret.clone();
    }
}
