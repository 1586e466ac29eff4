package dev.restitution.keycloak.siwe;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import org.bouncycastle.asn1.x9.X9ECParameters;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.math.ec.ECAlgorithms;
import org.bouncycastle.math.ec.ECPoint;

/**
 * Recovers who signed a text with EIP-191's {@code personal_sign} (version 0x45): the secp256k1 signature is over
 * keccak256("\x19Ethereum Signed Message:\n" + byte length + message). Recovery follows SEC 1 v2, section 4.1.6.
 */
public final class PersonalSignature {

    private static final X9ECParameters CURVE = CustomNamedCurves.getByName("secp256k1");
    private static final BigInteger ORDER = CURVE.getN();
    private static final BigInteger HALF_ORDER = ORDER.shiftRight(1);
    private static final Pattern SIGNATURE = Pattern.compile("0x[0-9a-fA-F]{130}");
    private static final int COORDINATE_BYTES = 32;

    private PersonalSignature() {
    }

    /** The digest a wallet signs for {@code personal_sign} of the UTF-8 message. */
    public static byte[] digest(String message) {
        byte[] body = message.getBytes(StandardCharsets.UTF_8);
        byte[] prefix = ("\u0019Ethereum Signed Message:\n" + body.length).getBytes(StandardCharsets.UTF_8);
        byte[] both = Arrays.copyOf(prefix, prefix.length + body.length);
        System.arraycopy(body, 0, both, prefix.length, body.length);
        return Keccak.hash256(both);
    }

    /**
     * The EIP-55 address whose key made the 65-byte signature (0x, r, s, v) of the message, or empty when the signature
     * is malformed, malleable (s in the upper half of the order, which EIP-2 rules out) or recovers no key.
     */
    public static Optional<String> recoverSigner(String message, String signatureHex) {
        if (signatureHex == null || !SIGNATURE.matcher(signatureHex).matches()) {
            return Optional.empty();
        }
        byte[] signature = HexFormat.of().parseHex(signatureHex.substring(2));
        BigInteger r = new BigInteger(1, Arrays.copyOfRange(signature, 0, COORDINATE_BYTES));
        BigInteger s = new BigInteger(1, Arrays.copyOfRange(signature, COORDINATE_BYTES, 2 * COORDINATE_BYTES));
        int v = signature[2 * COORDINATE_BYTES] & 0xff;
        // Wallets send v as 27/28; some libraries as 0/1. Recovery ids 2 and 3 (r above the order) never occur on secp256k1 in practice.
        int recoveryId = v >= 27 ? v - 27 : v;
        if (recoveryId > 1 || r.signum() <= 0 || r.compareTo(ORDER) >= 0 || s.signum() <= 0 || s.compareTo(HALF_ORDER) > 0) {
            return Optional.empty();
        }
        return recoverPublicKey(digest(message), r, s, recoveryId).map(PersonalSignature::address);
    }

    private static Optional<ECPoint> recoverPublicKey(byte[] digest, BigInteger r, BigInteger s, int recoveryId) {
        byte[] compressed = new byte[COORDINATE_BYTES + 1];
        compressed[0] = (byte) (recoveryId == 1 ? 0x03 : 0x02);
        byte[] x = r.toByteArray();
        int length = Math.min(x.length, COORDINATE_BYTES);
        System.arraycopy(x, x.length - length, compressed, compressed.length - length, length);
        ECPoint point;
        try {
            point = CURVE.getCurve().decodePoint(compressed);
        } catch (IllegalArgumentException notOnCurve) {
            return Optional.empty();
        }
        BigInteger e = new BigInteger(1, digest);
        BigInteger rInverse = r.modInverse(ORDER);
        // Q = r^-1 (sR - eG)
        ECPoint q = ECAlgorithms.sumOfTwoMultiplies(CURVE.getG(), rInverse.multiply(e.negate()).mod(ORDER),
                point, rInverse.multiply(s).mod(ORDER)).normalize();
        return q.isInfinity() ? Optional.empty() : Optional.of(q);
    }

    private static String address(ECPoint publicKey) {
        byte[] encoded = publicKey.getEncoded(false);
        byte[] hash = Keccak.hash256(Arrays.copyOfRange(encoded, 1, encoded.length));
        return Eip55.checksummed("0x" + HexFormat.of().formatHex(Arrays.copyOfRange(hash, hash.length - 20, hash.length)));
    }
}
