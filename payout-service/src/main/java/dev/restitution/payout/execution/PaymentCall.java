package dev.restitution.payout.execution;

import dev.restitution.payout.engine.domain.CallData;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.DynamicArray;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint256;

/**
 * The call that pays an order: to whom the transaction goes, with what value and data.
 * BATCH_CONTRACT native: BatchPayout.payNative(batchId, items) with the total as value;
 * BATCH_CONTRACT token: BatchPayout.payToken(batchId, token, items) from the contract's balance;
 * items are the {@link BatchItems} words (recipient and amount packed in one word each).
 * PLAIN_TRANSFER native: the amount sent to the recipient; PLAIN_TRANSFER token: token.transfer(recipient, amount)
 * from the sending address's own balance.
 */
public record PaymentCall(String to, BigInteger value, String data) implements CallData {

    public static PaymentCall of(UUID orderId, PaymentMethod method, Optional<String> tokenContract,
                                 List<PaymentItem> items, Optional<String> batchPayoutContract) {
        BigInteger total = items.stream().map(PaymentItem::amount).reduce(BigInteger.ZERO, BigInteger::add);
        if (method == PaymentMethod.PLAIN_TRANSFER) {
            PaymentItem item = items.getFirst();
            return tokenContract
                    .map(token -> new PaymentCall(token, BigInteger.ZERO, FunctionEncoder.encode(new Function("transfer",
                            List.of(new Address(item.recipient()), new Uint256(item.amount())), List.of()))))
                    .orElseGet(() -> new PaymentCall(item.recipient(), item.amount(), "0x"));
        }
        String contract = batchPayoutContract.orElseThrow(
                () -> new IllegalStateException("no BatchPayout contract is configured"));
        Bytes32 batchId = new Bytes32(OnchainBatchId.bytesOf(orderId));
        DynamicArray<Uint256> itemArray = new DynamicArray<>(Uint256.class, BatchItems.words(
                items.stream().map(PaymentItem::recipient).toList(), items.stream().map(PaymentItem::amount).toList())
                .stream().map(Uint256::new).toList());
        return tokenContract
                .map(token -> new PaymentCall(contract, BigInteger.ZERO, FunctionEncoder.encode(new Function("payToken",
                        List.of(batchId, new Address(token), itemArray), List.of()))))
                .orElseGet(() -> new PaymentCall(contract, total, FunctionEncoder.encode(new Function("payNative",
                        List.of(batchId, itemArray), List.of()))));
    }
}
