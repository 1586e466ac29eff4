package dev.restitution.claims.address;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigInteger;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

class PayoutAddressProofVerifierTest {

    private final PayoutAddressProofVerifier verifier = new PayoutAddressProofVerifier();

    static String sign(PayoutAddressProofVerifier.Proof proof, ECKeyPair key) {
        Sign.SignatureData signature = Sign.signMessage(PayoutAddressProofVerifier.digest(proof), key, false);
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return Numeric.toHexString(bytes);
    }

    private static PayoutAddressProofVerifier.Proof proofFor(String address, long chainId) {
        return new PayoutAddressProofVerifier.Proof(UUID.randomUUID(), "ACC-1", chainId, address,
                new BigInteger("123456789012345678901234567890"), 1_900_000_000L);
    }

    @Test
    void signatureOfTheAddressKeyVerifies() throws Exception {
        // Why: the claimant's wallet signs the typed message with the payout address's key; that must verify.
        ECKeyPair key = Keys.createEcKeyPair();
        PayoutAddressProofVerifier.Proof proof = proofFor(Keys.toChecksumAddress(Keys.getAddress(key)), 1);
        assertTrue(verifier.signedByPayoutAddress(proof, sign(proof, key)));
    }

    @Test
    void signatureOfAnotherKeyIsRefused() throws Exception {
        // Why: only the key of the payout address proves control of it.
        ECKeyPair owner = Keys.createEcKeyPair();
        ECKeyPair other = Keys.createEcKeyPair();
        PayoutAddressProofVerifier.Proof proof = proofFor(Keys.toChecksumAddress(Keys.getAddress(owner)), 1);
        assertFalse(verifier.signedByPayoutAddress(proof, sign(proof, other)));
    }

    @Test
    void signatureForAnotherChainOrAccountIsRefused() throws Exception {
        // Why: the domain's chain id and the message's account bind the proof; a replay elsewhere fails.
        ECKeyPair key = Keys.createEcKeyPair();
        String address = Keys.toChecksumAddress(Keys.getAddress(key));
        PayoutAddressProofVerifier.Proof signed = proofFor(address, 1);
        String signature = sign(signed, key);
        assertFalse(verifier.signedByPayoutAddress(new PayoutAddressProofVerifier.Proof(signed.incidentId(),
                signed.accountId(), 56, address, signed.nonce(), signed.expiryEpochSeconds()), signature));
        assertFalse(verifier.signedByPayoutAddress(new PayoutAddressProofVerifier.Proof(signed.incidentId(),
                "ACC-2", 1, address, signed.nonce(), signed.expiryEpochSeconds()), signature));
    }

    @Test
    void malformedSignatureIsRefused() throws Exception {
        // Why: garbage must be a refusal, never an exception that escapes as a 500.
        ECKeyPair key = Keys.createEcKeyPair();
        PayoutAddressProofVerifier.Proof proof = proofFor(Keys.toChecksumAddress(Keys.getAddress(key)), 1);
        assertFalse(verifier.signedByPayoutAddress(proof, "0x" + "00".repeat(65)));
        assertFalse(verifier.signedByPayoutAddress(proof, "0x1234"));
    }
}
