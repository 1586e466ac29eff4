package dev.restitution.ledger.snapshot.domain;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Objects;

/**
 * Ethereum's keccak256 (original Keccak padding {@code 0x01}, not SHA3-256's {@code 0x06}): the
 * Keccak-f[1600] sponge with a 136-byte rate, 32 bytes out. One instance per thread.
 *
 * <p>Written out here rather than taken from BouncyCastle's {@code KeccakDigest} because hashing is
 * the largest cost of a snapshot import (five hashes a leaf, one an inner node): the general digest
 * queues input bytes and converts them to lanes block by block, which costs about a quarter as much
 * again as the permutation itself on the short inputs the tree hashes. This sponge reads input bytes
 * straight into the state as little-endian lanes and keeps the 25 lanes in locals through the 24
 * rounds. {@code Keccak256Test} checks it against BouncyCastle's digest on every length up to
 * several blocks and against the published empty-input digest.
 */
public final class Keccak256 {

    public static final int HASH_BYTES = 32;
    static final int RATE_BYTES = 136;
    private static final int RATE_LANES = RATE_BYTES / Long.BYTES;
    private static final VarHandle LITTLE_ENDIAN_LONG =
            MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long[] ROUND_CONSTANTS = {
            0x0000000000000001L, 0x0000000000008082L, 0x800000000000808aL, 0x8000000080008000L,
            0x000000000000808bL, 0x0000000080000001L, 0x8000000080008081L, 0x8000000000008009L,
            0x000000000000008aL, 0x0000000000000088L, 0x0000000080008009L, 0x000000008000000aL,
            0x000000008000808bL, 0x800000000000008bL, 0x8000000000008089L, 0x8000000000008003L,
            0x8000000000008002L, 0x8000000000000080L, 0x000000000000800aL, 0x800000008000000aL,
            0x8000000080008081L, 0x8000000000008080L, 0x0000000080000001L, 0x8000000080008008L};

    private final long[] state = new long[25];
    /** The last, padded block of an input. */
    private final byte[] lastBlock = new byte[RATE_BYTES];

    /** Hashes {@code length} bytes of {@code input} from {@code offset} into {@code output} at {@code outputOffset}. */
    public void hash(byte[] input, int offset, int length, byte[] output, int outputOffset) {
        Objects.checkFromIndexSize(offset, length, input.length);
        Objects.checkFromIndexSize(outputOffset, HASH_BYTES, output.length);
        Arrays.fill(state, 0L);
        int position = offset;
        int end = offset + length;
        while (end - position >= RATE_BYTES) {
            absorb(input, position);
            position += RATE_BYTES;
        }
        int rest = end - position;
        System.arraycopy(input, position, lastBlock, 0, rest);
        Arrays.fill(lastBlock, rest, RATE_BYTES, (byte) 0);
        lastBlock[rest] ^= 0x01;
        lastBlock[RATE_BYTES - 1] ^= (byte) 0x80;
        absorb(lastBlock, 0);
        for (int lane = 0; lane < HASH_BYTES / Long.BYTES; lane++) {
            LITTLE_ENDIAN_LONG.set(output, outputOffset + lane * Long.BYTES, state[lane]);
        }
    }

    public byte[] hash(byte[] input) {
        byte[] output = new byte[HASH_BYTES];
        hash(input, 0, input.length, output, 0);
        return output;
    }

    private void absorb(byte[] block, int offset) {
        for (int lane = 0; lane < RATE_LANES; lane++) {
            state[lane] ^= (long) LITTLE_ENDIAN_LONG.get(block, offset + lane * Long.BYTES);
        }
        permute(state);
    }

    /** Keccak-f[1600]: theta, rho and pi, chi, iota, 24 rounds; lane (x, y) is {@code a[5y + x]}. */
    private static void permute(long[] lanes) {
        long a00 = lanes[0], a01 = lanes[1], a02 = lanes[2], a03 = lanes[3], a04 = lanes[4];
        long a05 = lanes[5], a06 = lanes[6], a07 = lanes[7], a08 = lanes[8], a09 = lanes[9];
        long a10 = lanes[10], a11 = lanes[11], a12 = lanes[12], a13 = lanes[13], a14 = lanes[14];
        long a15 = lanes[15], a16 = lanes[16], a17 = lanes[17], a18 = lanes[18], a19 = lanes[19];
        long a20 = lanes[20], a21 = lanes[21], a22 = lanes[22], a23 = lanes[23], a24 = lanes[24];
        for (int round = 0; round < 24; round++) {
            long c0 = a00 ^ a05 ^ a10 ^ a15 ^ a20;
            long c1 = a01 ^ a06 ^ a11 ^ a16 ^ a21;
            long c2 = a02 ^ a07 ^ a12 ^ a17 ^ a22;
            long c3 = a03 ^ a08 ^ a13 ^ a18 ^ a23;
            long c4 = a04 ^ a09 ^ a14 ^ a19 ^ a24;
            long d0 = Long.rotateLeft(c1, 1) ^ c4;
            long d1 = Long.rotateLeft(c2, 1) ^ c0;
            long d2 = Long.rotateLeft(c3, 1) ^ c1;
            long d3 = Long.rotateLeft(c4, 1) ^ c2;
            long d4 = Long.rotateLeft(c0, 1) ^ c3;
            a00 ^= d0; a05 ^= d0; a10 ^= d0; a15 ^= d0; a20 ^= d0;
            a01 ^= d1; a06 ^= d1; a11 ^= d1; a16 ^= d1; a21 ^= d1;
            a02 ^= d2; a07 ^= d2; a12 ^= d2; a17 ^= d2; a22 ^= d2;
            a03 ^= d3; a08 ^= d3; a13 ^= d3; a18 ^= d3; a23 ^= d3;
            a04 ^= d4; a09 ^= d4; a14 ^= d4; a19 ^= d4; a24 ^= d4;

            // rho and pi: each lane rotated by its offset and moved along the cycle (0,1) -> (0,2) -> ...
            long carried = Long.rotateLeft(a01, 1);
            a01 = Long.rotateLeft(a06, 44);
            a06 = Long.rotateLeft(a09, 20);
            a09 = Long.rotateLeft(a22, 61);
            a22 = Long.rotateLeft(a14, 39);
            a14 = Long.rotateLeft(a20, 18);
            a20 = Long.rotateLeft(a02, 62);
            a02 = Long.rotateLeft(a12, 43);
            a12 = Long.rotateLeft(a13, 25);
            a13 = Long.rotateLeft(a19, 8);
            a19 = Long.rotateLeft(a23, 56);
            a23 = Long.rotateLeft(a15, 41);
            a15 = Long.rotateLeft(a04, 27);
            a04 = Long.rotateLeft(a24, 14);
            a24 = Long.rotateLeft(a21, 2);
            a21 = Long.rotateLeft(a08, 55);
            a08 = Long.rotateLeft(a16, 45);
            a16 = Long.rotateLeft(a05, 36);
            a05 = Long.rotateLeft(a03, 28);
            a03 = Long.rotateLeft(a18, 21);
            a18 = Long.rotateLeft(a17, 15);
            a17 = Long.rotateLeft(a11, 10);
            a11 = Long.rotateLeft(a07, 6);
            a07 = Long.rotateLeft(a10, 3);
            a10 = carried;

            long first;
            long second;
            first = a00 ^ (~a01 & a02); second = a01 ^ (~a02 & a03);
            a02 ^= ~a03 & a04; a03 ^= ~a04 & a00; a04 ^= ~a00 & a01; a00 = first; a01 = second;
            first = a05 ^ (~a06 & a07); second = a06 ^ (~a07 & a08);
            a07 ^= ~a08 & a09; a08 ^= ~a09 & a05; a09 ^= ~a05 & a06; a05 = first; a06 = second;
            first = a10 ^ (~a11 & a12); second = a11 ^ (~a12 & a13);
            a12 ^= ~a13 & a14; a13 ^= ~a14 & a10; a14 ^= ~a10 & a11; a10 = first; a11 = second;
            first = a15 ^ (~a16 & a17); second = a16 ^ (~a17 & a18);
            a17 ^= ~a18 & a19; a18 ^= ~a19 & a15; a19 ^= ~a15 & a16; a15 = first; a16 = second;
            first = a20 ^ (~a21 & a22); second = a21 ^ (~a22 & a23);
            a22 ^= ~a23 & a24; a23 ^= ~a24 & a20; a24 ^= ~a20 & a21; a20 = first; a21 = second;

            a00 ^= ROUND_CONSTANTS[round];
        }
        lanes[0] = a00; lanes[1] = a01; lanes[2] = a02; lanes[3] = a03; lanes[4] = a04;
        lanes[5] = a05; lanes[6] = a06; lanes[7] = a07; lanes[8] = a08; lanes[9] = a09;
        lanes[10] = a10; lanes[11] = a11; lanes[12] = a12; lanes[13] = a13; lanes[14] = a14;
        lanes[15] = a15; lanes[16] = a16; lanes[17] = a17; lanes[18] = a18; lanes[19] = a19;
        lanes[20] = a20; lanes[21] = a21; lanes[22] = a22; lanes[23] = a23; lanes[24] = a24;
    }
}
