package dev.restitution.ledger.snapshot.domain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HexFormat;
import java.util.Random;
import org.bouncycastle.crypto.digests.KeccakDigest;
import org.junit.jupiter.api.Test;

class Keccak256Test {

    @Test
    void theEmptyInputHashesToEthereumsPublishedDigest() {
        // Why: keccak256("") is the constant every Ethereum tool agrees on; SHA3-256's padding would give a different one.
        assertEquals("c5d2460186f7233c927e7db2dcc703c0e500b653ca82273b7bfad8045d85a470",
                HexFormat.of().formatHex(new Keccak256().hash(new byte[0])));
    }

    @Test
    void everyLengthUpToFourBlocksHashesAsBouncyCastlesKeccakDigest() {
        // Why: the sponge is written out for speed; block boundaries and the padding byte are where such code goes wrong.
        Random random = new Random(7);
        Keccak256 keccak = new Keccak256();
        for (int length = 0; length <= 4 * Keccak256.RATE_BYTES + 1; length++) {
            byte[] input = new byte[length + 5];
            random.nextBytes(input);
            KeccakDigest reference = new KeccakDigest(256);
            reference.update(input, 3, length);
            byte[] expected = new byte[32];
            reference.doFinal(expected, 0);
            byte[] actual = new byte[40];
            keccak.hash(input, 3, length, actual, 8);
            byte[] written = new byte[32];
            System.arraycopy(actual, 8, written, 0, 32);
            assertArrayEquals(expected, written, "length " + length);
        }
    }
}
