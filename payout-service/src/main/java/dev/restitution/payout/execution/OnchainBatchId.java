package dev.restitution.payout.execution;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The BatchPayout batch id of a payment order: keccak256 of the UTF-8 bytes of
 * {@code "restitution.payout.order:" + orderId} (the UUID in its canonical lower-case form). It depends on
 * the order id alone, so whatever else is lost or retried, the contract refuses to pay the same order twice.
 */
public final class OnchainBatchId {

    static final String DOMAIN = "restitution.payout.order:";

    private OnchainBatchId() {
    }

    public static byte[] bytesOf(UUID orderId) {
        return Hash.sha3((DOMAIN + orderId).getBytes(StandardCharsets.UTF_8));
    }

    /** 0x-prefixed lower-case hex of the 32 bytes. */
    public static String of(UUID orderId) {
        return Numeric.toHexString(bytesOf(orderId));
    }
}
