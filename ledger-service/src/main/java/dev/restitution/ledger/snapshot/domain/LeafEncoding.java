package dev.restitution.ledger.snapshot.domain;

import java.math.BigInteger;
import java.util.Arrays;

/**
 * The leaf hash both Merkle trees of the platform use (the snapshot's and a round's entitlements'),
 * as OpenZeppelin's StandardMerkleTree computes it for the leaf encoding
 * {@code [<bytes32 or address>, "string", "uint256"]}:
 * {@code keccak256(bytes.concat(keccak256(abi.encode(head, text, amount))))}. {@code abi.encode} lays
 * out four words and the string's bytes: the head (an address right-aligned in its word), the offset
 * of the string's tail (0x60), the amount, the string's length, then its bytes zero-padded to a whole
 * number of words.
 *
 * <p>Not thread-safe: it reuses its buffers (one instance per thread).
 */
public final class LeafEncoding {

    /** Longest text a leaf holds: a canonical CAIP-19 asset id ({@code AssetId.MAX_LENGTH}). */
    public static final int MAX_TEXT_BYTES = 179;
    public static final int WORD = 32;
    private static final int HEAD_WORDS = 4;

    private final Keccak256 keccak = new Keccak256();
    private final byte[] encoded = new byte[(HEAD_WORDS + (MAX_TEXT_BYTES + WORD - 1) / WORD) * WORD];
    private final byte[] innerHash = new byte[WORD];

    /** The leaf hash of {@code (head, text, amount)}; {@code head} is the 32-byte word at {@code headOffset}. */
    public void leafHash(byte[] head, int headOffset, String text, BigInteger amount, byte[] into, int offset) {
        int length = text.length();
        if (length == 0 || length > MAX_TEXT_BYTES) {
            throw new IllegalArgumentException("a leaf's text has 1 to " + MAX_TEXT_BYTES + " characters: " + text);
        }
        int size = (HEAD_WORDS + (length + WORD - 1) / WORD) * WORD;
        Arrays.fill(encoded, 0, size, (byte) 0);
        System.arraycopy(head, headOffset, encoded, 0, WORD);
        encoded[2 * WORD - 1] = 3 * WORD; // offset of the string's tail
        putUint256(amount, encoded, 2 * WORD);
        encoded[4 * WORD - 2] = (byte) (length >>> 8);
        encoded[4 * WORD - 1] = (byte) length;
        putAscii(text, encoded, 4 * WORD);
        keccak.hash(encoded, 0, size, innerHash, 0);
        keccak.hash(innerHash, 0, WORD, into, offset);
    }

    /** Writes ASCII text (account ids, symbols and asset ids are ASCII by validation); returns the next free index. */
    static int putAscii(String text, byte[] target, int offset) {
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
