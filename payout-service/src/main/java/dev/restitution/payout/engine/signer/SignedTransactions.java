package dev.restitution.payout.engine.signer;

import java.util.Objects;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.SignedRawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;

/** Checks that a signed transaction is the one that was asked for, from the expected address. */
final class SignedTransactions {

    private SignedTransactions() {
    }

    static void requireSignedAsRequested(String signedHex, RawTransaction requested, String signerAddress) {
        RawTransaction decoded;
        try {
            decoded = TransactionDecoder.decode(signedHex);
        } catch (RuntimeException unreadable) {
            throw new SigningException("the signer answered something that is not a signed transaction", unreadable);
        }
        if (!(decoded instanceof SignedRawTransaction signed)
                || !(decoded.getTransaction() instanceof Transaction1559 got)
                || !(requested.getTransaction() instanceof Transaction1559 want)) {
            throw new SigningException("the signer answered a transaction that is not a signed EIP-1559 transaction");
        }
        boolean same = got.getChainId() == want.getChainId()
                && Objects.equals(got.getNonce(), want.getNonce())
                && Objects.equals(got.getGasLimit(), want.getGasLimit())
                && Objects.equals(got.getMaxFeePerGas(), want.getMaxFeePerGas())
                && Objects.equals(got.getMaxPriorityFeePerGas(), want.getMaxPriorityFeePerGas())
                && want.getTo().equalsIgnoreCase(got.getTo())
                && Objects.equals(got.getValue(), want.getValue())
                && cleanHex(want.getData()).equals(cleanHex(got.getData()));
        if (!same) {
            throw new SigningException("the signer signed a transaction other than the one requested");
        }
        String from;
        try {
            from = signed.getFrom();
        } catch (java.security.SignatureException | RuntimeException badSignature) {
            throw new SigningException("the signed transaction's signature does not recover", badSignature);
        }
        if (!Keys.toChecksumAddress(from).equals(Keys.toChecksumAddress(signerAddress))) {
            throw new SigningException("the transaction is signed by " + from + ", not by " + signerAddress);
        }
    }

    private static String cleanHex(String hex) {
        String value = hex == null ? "" : hex.toLowerCase(java.util.Locale.ROOT);
        return value.startsWith("0x") ? value.substring(2) : value;
    }
}
