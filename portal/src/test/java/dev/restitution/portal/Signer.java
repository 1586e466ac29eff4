package dev.restitution.portal;

import java.math.BigInteger;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/** A claimant's wallet key: signs EIP-712 typed data as a wallet's eth_signTypedData_v4 does. */
record Signer(ECKeyPair key, String address) {

    static Signer fresh() throws Exception {
        ECKeyPair key = Keys.createEcKeyPair();
        return new Signer(key, Keys.toChecksumAddress(Keys.getAddress(key)));
    }

    String sign(String typedDataJson) throws Exception {
        Sign.SignatureData signature = Sign.signMessage(new StructuredDataEncoder(typedDataJson).hashStructuredData(), key, false);
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return Numeric.toHexString(bytes);
    }

    static String typedData(String incidentId, String accountId, long chainId, String address, String nonce, long expiry) {
        return """
                {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
                {"name":"chainId","type":"uint256"}],"PayoutAddressProof":[{"name":"incidentId","type":"string"},
                {"name":"accountId","type":"string"},{"name":"payoutAddress","type":"address"},
                {"name":"nonce","type":"uint256"},{"name":"expiry","type":"uint256"}]},
                "primaryType":"PayoutAddressProof","domain":{"name":"Restitution","version":"1","chainId":%d},
                "message":{"incidentId":"%s","accountId":"%s","payoutAddress":"%s","nonce":"%s","expiry":%d}}"""
                .formatted(chainId, incidentId, accountId, address, new BigInteger(nonce), expiry);
    }
}
