package dev.restitution.ledger.snapshot.domain;

import org.bouncycastle.crypto.digests.KeccakDigest;

/** Ethereum's keccak256 (original Keccak padding, not SHA3-256). One instance per thread. */
public final class Keccak256 {

    public static final int HASH_BYTES = 32;

    private final KeccakDigest digest = new KeccakDigest(256);

    /** Hashes {@code length} bytes of {@code input} from {@code offset} into {@code output} at {@code outputOffset}. */
    public void hash(byte[] input, int offset, int length, byte[] output, int outputOffset) {
        digest.update(input, offset, length);
        digest.doFinal(output, outputOffset);
    }

    public byte[] hash(byte[] input) {
        byte[] output = new byte[HASH_BYTES];
        hash(input, 0, input.length, output, 0);
        return output;
    }
}
