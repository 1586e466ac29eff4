package dev.restitution.demo;

import java.io.IOException;
import java.util.Optional;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

/** What the chain itself says about a transaction: read from the node, not from the services. */
final class ChainReceipts {

    private ChainReceipts() {
    }

    /**
     * The contract or account a mined, successful transaction called (EIP-55); refused when the node has no receipt
     * for it or it reverted.
     */
    static String calledAddress(String rpcUrl, String txHash) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            Optional<TransactionReceipt> receipt = web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt();
            if (receipt.isEmpty()) {
                throw new IllegalStateException("the chain at " + rpcUrl + " has no receipt of " + txHash);
            }
            if (!receipt.get().isStatusOK()) {
                throw new IllegalStateException(txHash + " reverted on the chain at " + rpcUrl);
            }
            return Keys.toChecksumAddress(receipt.get().getTo());
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the receipt of " + txHash + " at " + rpcUrl + ": " + e.getMessage(), e);
        } finally {
            web3j.shutdown();
        }
    }
}
