package dev.restitution.keycloak.siwe;

import org.bouncycastle.crypto.digests.KeccakDigest;

/** Keccak-256 as Ethereum uses it (the original Keccak padding, not SHA3-256's). */
final class Keccak {

    private static final int BITS = 256;

    private Keccak() {
    }

    static byte[] hash256(byte[] input) {
        KeccakDigest digest = new KeccakDigest(BITS);
        digest.update(input, 0, input.length);
        byte[] out = new byte[digest.getDigestSize()];
        digest.doFinal(out, 0);
        return out;
    }
}
