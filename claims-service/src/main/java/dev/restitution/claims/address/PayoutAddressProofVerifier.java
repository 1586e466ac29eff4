package dev.restitution.claims.address;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.security.SignatureException;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/**
 * Checks that the key of a payout address signed the EIP-712 typed message
 * {@code PayoutAddressProof(string incidentId,string accountId,address payoutAddress,uint256 nonce,uint256 expiry)}
 * in the domain {@code EIP712Domain(string name,string version,uint256 chainId)} with name "Restitution",
 * version "1" and the payout chain's id (no verifyingContract: nothing on-chain verifies it).
 */
public final class PayoutAddressProofVerifier {

    public static final String DOMAIN_NAME = "Restitution";
    public static final String DOMAIN_VERSION = "1";
    public static final String PRIMARY_TYPE = "PayoutAddressProof";
    private static final int SIGNATURE_BYTES = 65;
    private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What the claimant signed. */
    public record Proof(UUID incidentId, String accountId, long chainId, String payoutAddress, BigInteger nonce,
                        long expiryEpochSeconds) {
        public Proof {
            Objects.requireNonNull(incidentId, "incidentId");
            Objects.requireNonNull(accountId, "accountId");
            Objects.requireNonNull(payoutAddress, "payoutAddress");
            Objects.requireNonNull(nonce, "nonce");
            if (chainId <= 0) {
                throw new IllegalArgumentException("chainId must be positive: " + chainId);
            }
            if (nonce.signum() < 0 || nonce.compareTo(UINT256_MAX) > 0) {
                throw new IllegalArgumentException("nonce must be a uint256: " + nonce);
            }
        }
    }

    /** The EIP-712 typed data of {@code proof} as JSON, exactly what a wallet's eth_signTypedData_v4 takes. */
    public static String typedDataJson(Proof proof) {
        ObjectNode root = JSON.createObjectNode();
        ObjectNode types = root.putObject("types");
        ArrayNode domainType = types.putArray("EIP712Domain");
        field(domainType, "name", "string");
        field(domainType, "version", "string");
        field(domainType, "chainId", "uint256");
        ArrayNode proofType = types.putArray(PRIMARY_TYPE);
        field(proofType, "incidentId", "string");
        field(proofType, "accountId", "string");
        field(proofType, "payoutAddress", "address");
        field(proofType, "nonce", "uint256");
        field(proofType, "expiry", "uint256");
        root.put("primaryType", PRIMARY_TYPE);
        ObjectNode domain = root.putObject("domain");
        domain.put("name", DOMAIN_NAME);
        domain.put("version", DOMAIN_VERSION);
        domain.put("chainId", proof.chainId());
        ObjectNode message = root.putObject("message");
        message.put("incidentId", proof.incidentId().toString());
        message.put("accountId", proof.accountId());
        message.put("payoutAddress", proof.payoutAddress());
        message.put("nonce", proof.nonce().toString());
        message.put("expiry", proof.expiryEpochSeconds());
        return root.toString();
    }

    /** The EIP-712 digest (keccak256 of 0x1901, domain separator and struct hash) the key signs. */
    public static byte[] digest(Proof proof) {
        try {
            return new StructuredDataEncoder(typedDataJson(proof)).hashStructuredData();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** True when {@code signatureHex} (0x, r ++ s ++ v) over {@link #digest} recovers {@code proof.payoutAddress()}. */
    public boolean signedByPayoutAddress(Proof proof, String signatureHex) {
        byte[] signature = Numeric.hexStringToByteArray(signatureHex);
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        byte v = signature[64];
        if (v < 27) {
            v += 27;
        }
        if (v != 27 && v != 28) {
            return false;
        }
        Sign.SignatureData data = new Sign.SignatureData(v, Arrays.copyOfRange(signature, 0, 32),
                Arrays.copyOfRange(signature, 32, 64));
        try {
            BigInteger publicKey = Sign.signedMessageHashToKey(digest(proof), data);
            return ("0x" + Keys.getAddress(publicKey)).equalsIgnoreCase(proof.payoutAddress());
        } catch (SignatureException | IllegalArgumentException unrecoverable) {
            return false;
        }
    }

    private static void field(ArrayNode type, String name, String solidityType) {
        type.addObject().put("name", name).put("type", solidityType);
    }
}
