package dev.restitution.demo;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/** The demo claimants' wallets: each one's payout key per incident and chain, and the address proof its wallet signs. */
public final class DemoWallets {

    private DemoWallets() {
    }

    /**
     * The payout key of a demo claimant in an incident on a chain: derived from all three, so a test can recompute
     * its address, each incident pays fresh addresses, and a payment that reached another chain's address shows.
     */
    public static Credentials payoutKey(String incidentId, String accountId, long chainId) {
        byte[] seed = ("restitution demo payout key " + incidentId + " " + accountId + " " + chainId)
                .getBytes(StandardCharsets.UTF_8);
        return Credentials.create(Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(Hash.sha3(seed)), 64));
    }

    /** The EIP-712 payout address proof a wallet makes with eth_signTypedData_v4 for chain {@code chainId}. */
    public static Map<String, Object> signedProof(String incidentId, String accountId, long chainId, Credentials key) {
        String address = key.getAddress();
        String checksummed = org.web3j.crypto.Keys.toChecksumAddress(address);
        String nonce = Long.toString(System.nanoTime());
        long expiry = Instant.now().plus(10, ChronoUnit.MINUTES).getEpochSecond();
        String typedData = """
                {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
                {"name":"chainId","type":"uint256"}],"PayoutAddressProof":[{"name":"incidentId","type":"string"},
                {"name":"accountId","type":"string"},{"name":"payoutAddress","type":"address"},
                {"name":"nonce","type":"uint256"},{"name":"expiry","type":"uint256"}]},
                "primaryType":"PayoutAddressProof","domain":{"name":"Restitution","version":"1","chainId":%d},
                "message":{"incidentId":"%s","accountId":"%s","payoutAddress":"%s","nonce":"%s","expiry":%d}}"""
                .formatted(chainId, incidentId, accountId, checksummed, nonce, expiry);
        try {
            Sign.SignatureData signature = Sign.signMessage(
                    new StructuredDataEncoder(typedData).hashStructuredData(), key.getEcKeyPair(), false);
            byte[] bytes = new byte[65];
            System.arraycopy(signature.getR(), 0, bytes, 0, 32);
            System.arraycopy(signature.getS(), 0, bytes, 32, 32);
            bytes[64] = signature.getV()[0];
            return Map.of("chainId", chainId, "address", checksummed, "nonce", nonce, "expiry", expiry,
                    "signature", Numeric.toHexString(bytes));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot sign the payout address proof", e);
        }
    }
}
