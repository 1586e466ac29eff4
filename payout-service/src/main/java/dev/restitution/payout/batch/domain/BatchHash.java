package dev.restitution.payout.batch.domain;

import dev.restitution.kit.id.EntitlementId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.payout.rail.PaymentMethod;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.web3j.crypto.Hash;
import org.web3j.utils.Numeric;

/**
 * The hash that freezes a batch and that approvers approve: keccak256 over a canonical, fixed-width encoding
 * (documented in contracts/openapi/payout.yaml), so any change of an item, its order, its recipient, amount,
 * token, chain or payment method gives another hash.
 *
 * <pre>
 * "restitution.payout.batch.v1" (UTF-8) | incidentId (16 bytes) | chainId (uint256) | symbol length (1 byte) |
 * symbol (ASCII) | token contract (20 bytes, zero for the native coin) | item count (uint32) |
 * per item: entitlementId (16 bytes) | recipient (20 bytes) | amount (uint256) | method (1 byte: 0 contract, 1 plain)
 * </pre>
 */
public final class BatchHash {

    static final byte[] DOMAIN = "restitution.payout.batch.v1".getBytes(StandardCharsets.UTF_8);
    private static final int UINT256_BYTES = 32;
    private static final int ADDRESS_BYTES = 20;

    /** One item as the hash covers it. */
    public record Item(EntitlementId entitlementId, String recipient, BigInteger amount, PaymentMethod method) {
        public Item {
            Objects.requireNonNull(entitlementId, "entitlementId");
            Objects.requireNonNull(recipient, "recipient");
            Objects.requireNonNull(amount, "amount");
            Objects.requireNonNull(method, "method");
        }
    }

    private BatchHash() {
    }

    /** {@code 0x} and 64 lowercase hex digits. */
    public static String of(IncidentId incidentId, long chainId, String assetSymbol, Optional<String> tokenContract,
                            List<Item> items) {
        byte[] symbol = assetSymbol.getBytes(StandardCharsets.US_ASCII);
        if (symbol.length == 0 || symbol.length > 255 || chainId <= 0 || items.isEmpty()) {
            throw new IllegalArgumentException("a batch hash covers a symbol, a chain and at least one item");
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(96 + items.size() * 69);
        out.writeBytes(DOMAIN);
        out.writeBytes(uuid(incidentId.value()));
        out.writeBytes(uint256(BigInteger.valueOf(chainId)));
        out.write(symbol.length);
        out.writeBytes(symbol);
        out.writeBytes(tokenContract.map(BatchHash::address).orElseGet(() -> new byte[ADDRESS_BYTES]));
        out.writeBytes(ByteBuffer.allocate(Integer.BYTES).putInt(items.size()).array());
        for (Item item : items) {
            out.writeBytes(uuid(item.entitlementId().value()));
            out.writeBytes(address(item.recipient()));
            out.writeBytes(uint256(item.amount()));
            out.write(item.method() == PaymentMethod.BATCH_CONTRACT ? 0 : 1);
        }
        return Numeric.toHexString(Hash.sha3(out.toByteArray()));
    }

    private static byte[] uuid(UUID id) {
        return ByteBuffer.allocate(16).putLong(id.getMostSignificantBits()).putLong(id.getLeastSignificantBits()).array();
    }

    private static byte[] address(String address) {
        byte[] bytes = Numeric.hexStringToByteArray(address);
        if (bytes.length != ADDRESS_BYTES) {
            throw new IllegalArgumentException("not a 20-byte address: " + address);
        }
        return bytes;
    }

    private static byte[] uint256(BigInteger value) {
        if (value.signum() < 0 || value.bitLength() > 256) {
            throw new IllegalArgumentException("not a uint256: " + value);
        }
        return Numeric.toBytesPadded(value, UINT256_BYTES);
    }
}
