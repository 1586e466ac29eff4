package dev.restitution.payout.engine;

import dev.restitution.payout.engine.domain.CallData;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthBlock;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthEstimateGas;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/** The chain reads and writes the engine needs, with node failures as ChainUnavailableException. */
@ApplicationScoped
public class ChainReader {

    private final Web3j web3j;

    public ChainReader(Web3j web3j) {
        this.web3j = web3j;
    }

    /** Thrown when the node cannot be reached or answers an error for a read; the step is retried later. */
    public static class ChainUnavailableException extends RuntimeException {
        public ChainUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** What eth_estimateGas said: the gas, or the reason the chain refuses the call. */
    public record Estimate(Optional<BigInteger> gas, Optional<String> refusal) {
    }

    public long headBlockNumber() {
        return send(() -> web3j.ethBlockNumber().send()).getBlockNumber().longValueExact();
    }

    public EthBlock.Block latestBlock() {
        return send(() -> web3j.ethGetBlockByNumber(DefaultBlockParameterName.LATEST, false).send()).getBlock();
    }

    /** The canonical block hash at {@code number}, empty when the chain is not that long. */
    public Optional<String> canonicalHash(long number) {
        EthBlock.Block block = send(() -> web3j.ethGetBlockByNumber(
                DefaultBlockParameter.valueOf(BigInteger.valueOf(number)), false).send()).getBlock();
        return Optional.ofNullable(block).map(EthBlock.Block::getHash);
    }

    public Optional<TransactionReceipt> receipt(String txHash) {
        return send(() -> web3j.ethGetTransactionReceipt(txHash).send()).getTransactionReceipt();
    }

    /** The transaction with this hash, mined or waiting in the node's pool; empty when the node knows none. */
    public Optional<org.web3j.protocol.core.methods.response.Transaction> transaction(String txHash) {
        return send(() -> web3j.ethGetTransactionByHash(txHash).send()).getTransaction();
    }

    /** The logs {@code filter} matches, as the node lists them (a log removed by a reorg is marked so). */
    public List<Log> logs(EthFilter filter) {
        return send(() -> web3j.ethGetLogs(filter).send()).getLogs().stream().map(result -> (Log) result.get()).toList();
    }

    /**
     * What a read-only call of {@code data} to {@code contract} returns at the latest block, or empty when
     * the call reverts (the node answers a revert as an error; any other error is the node's failure).
     */
    public Optional<String> callLatest(String contract, String data) {
        EthCall answer = send(() -> web3j.ethCall(
                Transaction.createEthCallTransaction(null, contract, data), DefaultBlockParameterName.LATEST).send(), true);
        if (answer.hasError()) {
            if (String.valueOf(answer.getError().getMessage()).toLowerCase(java.util.Locale.ROOT).contains("revert")) {
                return Optional.empty();
            }
            throw new ChainUnavailableException("the node answered an error: " + answer.getError().getMessage(), null);
        }
        return answer.isReverted() ? Optional.empty() : Optional.ofNullable(answer.getValue());
    }

    public boolean hasCode(String address) {
        String code = send(() -> web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send()).getCode();
        return code != null && !code.equals("0x") && !code.isEmpty();
    }

    public BigInteger pendingNonce(String address) {
        return send(() -> web3j.ethGetTransactionCount(address, DefaultBlockParameterName.PENDING).send())
                .getTransactionCount();
    }

    /** How many transactions from {@code address} the canonical chain holds up to and including block {@code number}. */
    public BigInteger nonceAt(String address, long number) {
        return send(() -> web3j.ethGetTransactionCount(address,
                DefaultBlockParameter.valueOf(BigInteger.valueOf(number))).send()).getTransactionCount();
    }

    /** The native balance of {@code address}, or its balance of {@code token}, after block {@code number}. */
    public BigInteger balanceAt(Optional<String> token, String address, long number) {
        DefaultBlockParameter block = DefaultBlockParameter.valueOf(BigInteger.valueOf(number));
        if (token.isEmpty()) {
            return send(() -> web3j.ethGetBalance(address, block).send()).getBalance();
        }
        String data = FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(address)),
                List.of(new TypeReference<Uint256>() { })));
        String value = send(() -> web3j.ethCall(Transaction.createEthCallTransaction(null, token.get(), data), block)
                .send()).getValue();
        return value == null || Numeric.cleanHexPrefix(value).isEmpty() ? BigInteger.ZERO : Numeric.toBigInt(value);
    }

    public Estimate estimate(String from, CallData call) {
        EthEstimateGas answer;
        try {
            answer = web3j.ethEstimateGas(Transaction.createFunctionCallTransaction(
                    from, null, null, null, call.to(), call.value(), call.data())).send();
        } catch (IOException unreachable) {
            throw new ChainUnavailableException("the node cannot estimate gas: " + unreachable.getMessage(), unreachable);
        }
        if (answer.hasError()) {
            Response.Error error = answer.getError();
            String message = String.valueOf(error.getMessage());
            if (message.toLowerCase(java.util.Locale.ROOT).contains("revert")) {
                String data = error.getData() == null ? "" : " " + error.getData();
                return new Estimate(Optional.empty(), Optional.of(message + data));
            }
            throw new ChainUnavailableException("the node cannot estimate gas: " + message, null);
        }
        return new Estimate(Optional.of(answer.getAmountUsed()), Optional.empty());
    }

    /** Broadcasts a signed transaction; answers the node's error message, or empty when it took it. */
    public Optional<String> broadcast(String signedTransaction) {
        EthSendTransaction answer = send(() -> web3j.ethSendRawTransaction(signedTransaction).send(), true);
        return answer.hasError() ? Optional.of(String.valueOf(answer.getError().getMessage())) : Optional.empty();
    }

    private interface Call<T extends Response<?>> {
        T send() throws IOException;
    }

    private static <T extends Response<?>> T send(Call<T> call) {
        return send(call, false);
    }

    private static <T extends Response<?>> T send(Call<T> call, boolean errorsAreAnswers) {
        T answer;
        try {
            answer = call.send();
        } catch (IOException unreachable) {
            throw new ChainUnavailableException("the node is unreachable: " + unreachable.getMessage(), unreachable);
        }
        if (answer.hasError() && !errorsAreAnswers) {
            throw new ChainUnavailableException("the node answered an error: " + answer.getError().getMessage(), null);
        }
        return answer;
    }
}
