package dev.restitution.keycloak.siwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

class PersonalSignatureTest {

    /** web3.js's documented example: accounts.sign('Some data', this key). */
    private static final String DOCUMENTED_KEY = "4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318";
    private static final String DOCUMENTED_ADDRESS = "0x2c7536E3605D9C16a7a3D7b1898e529396a65c23";
    private static final String DOCUMENTED_SIGNATURE = "0xb91467e570a6466aa9e9876cbcd013baba02900b8979d43fe208a4a4f339f5fd"
            + "6007e74cd82e037b800186422fc2da167c747ef045e5d18a5f5d4300f8e1a0291c";
    private static final BigInteger ORDER = new BigInteger("FFFFFFFFFFFFFFFFFFFFFFFFFFFFFFFEBAAEDCE6AF48A03BBFD25E8CD0364141", 16);

    @Test
    void aPublishedPersonalSignSignatureRecoversItsSigner() {
        // Why: an independent published vector shows digest (EIP-191 prefix) and recovery agree with what wallets do.
        assertEquals(Optional.of(DOCUMENTED_ADDRESS), PersonalSignature.recoverSigner("Some data", DOCUMENTED_SIGNATURE));
        assertEquals("1da44b586eb0729ff70a73c326926f6ed5a25f5b056e7f47fbc6e58d86871655",
                HexFormat.of().formatHex(PersonalSignature.digest("Some data")));
        assertEquals(DOCUMENTED_SIGNATURE, sign("Some data", ECKeyPair.create(new BigInteger(DOCUMENTED_KEY, 16))),
                "the vector is the deterministic (RFC 6979) signature of its key");
    }

    @Test
    void signaturesOfFreshKeysRecoverTheirAddressesWhateverTheMessage() throws Exception {
        // Why: recovery must work for both recovery ids and any message length, including non-ASCII text.
        for (int i = 0; i < 24; i++) {
            ECKeyPair key = Keys.createEcKeyPair();
            String message = "Sign in number " + i + " — ü\n".repeat(i + 1);
            assertEquals(Optional.of(address(key)), PersonalSignature.recoverSigner(message, sign(message, key)));
        }
    }

    @Test
    void recoveryIdsWrittenAsZeroOrOneAreAcceptedLikeTwentySevenAndTwentyEight() throws Exception {
        // Why: some signers (hardware wallets, libraries) send v as 0/1; the signer is the same.
        ECKeyPair key = Keys.createEcKeyPair();
        String signature = sign("hello", key);
        int v = Integer.parseInt(signature.substring(130), 16);
        String lowV = signature.substring(0, 130) + String.format("%02x", v - 27);
        assertEquals(Optional.of(address(key)), PersonalSignature.recoverSigner("hello", lowV));
    }

    @Test
    void aSignatureOfAnotherMessageRecoversSomeoneElse() throws Exception {
        // Why: a signature proves the exact text; any change must fail to name the holder.
        ECKeyPair key = Keys.createEcKeyPair();
        String signature = sign("Nonce: aaaaaaaa", key);
        assertNotEquals(Optional.of(address(key)), PersonalSignature.recoverSigner("Nonce: aaaaaaab", signature));
    }

    @Test
    void malformedOrMalleableSignaturesRecoverNobody() throws Exception {
        // Why: a signature with s in the upper half is the mirror of a valid one (EIP-2); bad shapes must not throw.
        ECKeyPair key = Keys.createEcKeyPair();
        String signature = sign("hello", key);
        BigInteger s = new BigInteger(signature.substring(66, 130), 16);
        int v = Integer.parseInt(signature.substring(130), 16);
        String mirrored = signature.substring(0, 66) + String.format("%064x", ORDER.subtract(s)) + String.format("%02x", v == 27 ? 28 : 27);
        assertTrue(PersonalSignature.recoverSigner("hello", mirrored).isEmpty(), "high-s refused");
        assertTrue(PersonalSignature.recoverSigner("hello", signature.substring(0, 130) + "1d").isEmpty(), "v 29 refused");
        assertTrue(PersonalSignature.recoverSigner("hello", "0x" + "00".repeat(65)).isEmpty(), "zero r and s refused");
        assertTrue(PersonalSignature.recoverSigner("hello", signature.substring(2)).isEmpty(), "no 0x refused");
        assertTrue(PersonalSignature.recoverSigner("hello", signature + "00").isEmpty(), "66 bytes refused");
        assertTrue(PersonalSignature.recoverSigner("hello", null).isEmpty(), "absent refused");
    }

    static String sign(String message, ECKeyPair key) {
        Sign.SignatureData signature = Sign.signPrefixedMessage(message.getBytes(StandardCharsets.UTF_8), key);
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return Numeric.toHexString(bytes);
    }

    static String address(ECKeyPair key) {
        return Keys.toChecksumAddress(Keys.getAddress(key));
    }
}
