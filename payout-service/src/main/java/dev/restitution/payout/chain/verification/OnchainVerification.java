package dev.restitution.payout.chain.verification;

import dev.restitution.payout.chain.Chains;
import dev.restitution.payout.engine.ChainReader;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.FunctionReturnDecoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.Type;
import org.web3j.abi.datatypes.Utf8String;
import org.web3j.abi.datatypes.generated.Bytes32;
import org.web3j.abi.datatypes.generated.Uint8;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.core.methods.response.Transaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Answers what a chain says about a transfer or a token contract, for other services (ledger-service's
 * recoveries and declared assets). Reads only; a node that does not answer is a ChainUnavailableException.
 */
@ApplicationScoped
public class OnchainVerification {

    /** keccak256("Transfer(address,address,uint256)"), topic 0 of every ERC-20 transfer log. */
    static final String TRANSFER_TOPIC = "0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef";
    private static final int ERC20_TRANSFER_TOPICS = 3;
    private static final int WORD_HEX_CHARACTERS = 64;

    private final Chains chains;

    public OnchainVerification(Chains chains) {
        this.chains = chains;
    }

    /** A transfer's verdict; block and confirmations once mined. */
    public record TransferVerdict(Outcome outcome, OptionalLong blockNumber, OptionalLong confirmations,
                                  OptionalInt confirmationsRequired, List<ChainDifference> differences) {
        static TransferVerdict noEndpoint() {
            return new TransferVerdict(Outcome.NO_ENDPOINT, OptionalLong.empty(), OptionalLong.empty(),
                    OptionalInt.empty(), List.of());
        }
    }

    public record TokenVerdict(Outcome outcome, List<ChainDifference> differences) {
    }

    public TransferVerdict transfer(String chainId, String txHash, TransferCheck.Expected expected) {
        Optional<ChainReader> found = chains.reader(chainId);
        if (found.isEmpty()) {
            return TransferVerdict.noEndpoint();
        }
        ChainReader chain = found.get();
        int required = chains.confirmations();
        Optional<TransactionReceipt> receipt = chain.receipt(txHash);
        if (receipt.isEmpty()) {
            if (chain.transaction(txHash).isPresent()) {
                // Sent and waiting in the node's pool: not final, not wrong.
                return new TransferVerdict(Outcome.PENDING, OptionalLong.empty(), OptionalLong.empty(),
                        OptionalInt.of(required), List.of());
            }
            return new TransferVerdict(Outcome.MISMATCH, OptionalLong.empty(), OptionalLong.empty(),
                    OptionalInt.of(required), List.of(new ChainDifference(ChainDifference.Kind.TRANSACTION_NOT_FOUND,
                            Optional.of(txHash), Optional.empty(), "the chain holds no transaction " + txHash)));
        }
        long block = receipt.get().getBlockNumber().longValueExact();
        long confirmations = chain.headBlockNumber() - block + 1;
        boolean canonical = chain.canonicalHash(block).map(hash -> hash.equalsIgnoreCase(receipt.get().getBlockHash()))
                .orElse(false);
        if (!canonical || confirmations < required) {
            return new TransferVerdict(Outcome.PENDING, OptionalLong.of(block), OptionalLong.of(Math.max(0, confirmations)),
                    OptionalInt.of(required), List.of());
        }
        Transaction transaction = chain.transaction(txHash).orElseThrow(() -> new ChainReader.ChainUnavailableException(
                "the node has a receipt but no transaction " + txHash, null));
        TransferCheck.Observed observed = new TransferCheck.Observed(receipt.get().isStatusOK(),
                Optional.ofNullable(transaction.getTo()), transaction.getValue(), tokenTransfers(receipt.get()));
        List<ChainDifference> differences = TransferCheck.differences(expected, observed);
        return new TransferVerdict(differences.isEmpty() ? Outcome.VERIFIED : Outcome.MISMATCH, OptionalLong.of(block),
                OptionalLong.of(confirmations), OptionalInt.of(required), differences);
    }

    public TokenVerdict token(String chainId, String tokenContract, String symbol, int decimals) {
        Optional<ChainReader> found = chains.reader(chainId);
        if (found.isEmpty()) {
            return new TokenVerdict(Outcome.NO_ENDPOINT, List.of());
        }
        ChainReader chain = found.get();
        if (!chain.hasCode(tokenContract)) {
            return new TokenVerdict(Outcome.MISMATCH, List.of(new ChainDifference(ChainDifference.Kind.NO_CODE,
                    Optional.empty(), Optional.empty(), "no contract code at " + tokenContract)));
        }
        List<ChainDifference> differences = new ArrayList<>();
        Optional<BigInteger> actualDecimals = decimals(chain, tokenContract);
        if (actualDecimals.isEmpty()) {
            differences.add(new ChainDifference(ChainDifference.Kind.DECIMALS, Optional.of(String.valueOf(decimals)),
                    Optional.empty(), "decimals() reverted or answered no uint8"));
        } else if (!actualDecimals.get().equals(BigInteger.valueOf(decimals))) {
            differences.add(ChainDifference.of(ChainDifference.Kind.DECIMALS, decimals, actualDecimals.get(),
                    "decimals() answers " + actualDecimals.get() + ", declared " + decimals));
        }
        Optional<String> actualSymbol = symbol(chain, tokenContract);
        if (actualSymbol.isEmpty()) {
            differences.add(new ChainDifference(ChainDifference.Kind.SYMBOL, Optional.of(symbol), Optional.empty(),
                    "symbol() reverted or answered no string"));
        } else if (!actualSymbol.get().equals(symbol)) {
            differences.add(ChainDifference.of(ChainDifference.Kind.SYMBOL, symbol, actualSymbol.get(),
                    "symbol() answers " + actualSymbol.get() + ", declared " + symbol));
        }
        return new TokenVerdict(differences.isEmpty() ? Outcome.VERIFIED : Outcome.MISMATCH, differences);
    }

    private static List<TransferCheck.TokenTransfer> tokenTransfers(TransactionReceipt receipt) {
        List<TransferCheck.TokenTransfer> transfers = new ArrayList<>();
        for (Log log : receipt.getLogs()) {
            List<String> topics = log.getTopics();
            String data = Numeric.cleanHexPrefix(String.valueOf(log.getData()));
            if (log.isRemoved() || topics.size() != ERC20_TRANSFER_TOPICS
                    || !TRANSFER_TOPIC.equals(topics.get(0).toLowerCase(Locale.ROOT))
                    || data.length() != WORD_HEX_CHARACTERS) {
                continue;
            }
            String to = "0x" + Numeric.cleanHexPrefix(topics.get(2)).substring(WORD_HEX_CHARACTERS - 40);
            transfers.add(new TransferCheck.TokenTransfer(log.getAddress(), to, Numeric.toBigInt(data)));
        }
        return transfers;
    }

    @SuppressWarnings("rawtypes")
    private static Optional<BigInteger> decimals(ChainReader chain, String token) {
        Function function = new Function("decimals", List.of(), List.of(new TypeReference<Uint8>() { }));
        return chain.callLatest(token, FunctionEncoder.encode(function)).flatMap(value -> {
            List<Type> decoded = decode(value, function.getOutputParameters());
            return decoded.isEmpty() ? Optional.empty() : Optional.of((BigInteger) decoded.get(0).getValue());
        });
    }

    /** symbol() as a string, or as bytes32 as some early tokens (MKR) answer it. */
    @SuppressWarnings("rawtypes")
    private static Optional<String> symbol(ChainReader chain, String token) {
        Function function = new Function("symbol", List.of(), List.of(new TypeReference<Utf8String>() { }));
        return chain.callLatest(token, FunctionEncoder.encode(function)).flatMap(value -> {
            if (Numeric.cleanHexPrefix(value).length() == WORD_HEX_CHARACTERS) {
                List<Type> word = decode(value, List.of(new TypeReference<Bytes32>() { }));
                return word.isEmpty() ? Optional.empty()
                        : Optional.of(new String((byte[]) word.get(0).getValue(), StandardCharsets.UTF_8)
                                .replace("\u0000", ""));
            }
            List<Type> decoded = decode(value, function.getOutputParameters());
            return decoded.isEmpty() ? Optional.empty() : Optional.of((String) decoded.get(0).getValue());
        });
    }

    /** The decoded values, or none when the answer is not what the function returns. */
    @SuppressWarnings({"rawtypes", "unchecked"})
    private static List<Type> decode(String value, List outputs) {
        try {
            return FunctionReturnDecoder.decode(value, outputs);
        } catch (RuntimeException undecodable) {
            return List.of();
        }
    }
}
