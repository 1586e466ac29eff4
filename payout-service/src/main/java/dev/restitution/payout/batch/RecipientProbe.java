package dev.restitution.payout.batch;

import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.TypeReference;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.BatchRequest;
import org.web3j.protocol.core.BatchResponse;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.Response;
import org.web3j.protocol.core.methods.request.Transaction;
import org.web3j.protocol.core.methods.response.EthCall;
import org.web3j.protocol.core.methods.response.EthGetBalance;
import org.web3j.protocol.core.methods.response.EthGetCode;
import org.web3j.protocol.core.methods.response.EthGetTransactionCount;
import org.web3j.utils.Numeric;

/**
 * Asks the chain which recipients are fresh, i.e. hold none of the asset yet. Native coin: zero balance,
 * zero nonce and no code (paying it creates the account). Token: zero balance of the token (paying it writes
 * a zero storage slot). JSON-RPC batches of bounded size keep a batch of hundreds of recipients to a few
 * round trips, each bounded by the chain timeout.
 */
@ApplicationScoped
public class RecipientProbe {

    /** Recipients asked about per JSON-RPC batch request. */
    static final int RECIPIENTS_PER_REQUEST = 100;

    private final Web3j web3j;

    public RecipientProbe(Web3j web3j) {
        this.web3j = web3j;
    }

    /** Lowercase addresses of the {@code recipients} that are fresh for the asset. */
    public Set<String> fresh(List<String> recipients, Optional<String> tokenContract) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(recipients.stream()
                .map(address -> address.toLowerCase(Locale.ROOT)).toList()));
        Set<String> fresh = new LinkedHashSet<>();
        for (int from = 0; from < distinct.size(); from += RECIPIENTS_PER_REQUEST) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + RECIPIENTS_PER_REQUEST));
            fresh.addAll(tokenContract.map(token -> freshForToken(chunk, token)).orElseGet(() -> freshForNative(chunk)));
        }
        return fresh;
    }

    private Set<String> freshForNative(List<String> addresses) {
        BatchRequest batch = web3j.newBatch();
        for (String address : addresses) {
            batch.add(web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST));
            batch.add(web3j.ethGetTransactionCount(address, DefaultBlockParameterName.LATEST));
            batch.add(web3j.ethGetCode(address, DefaultBlockParameterName.LATEST));
        }
        List<Response<?>> responses = send(batch);
        Set<String> fresh = new LinkedHashSet<>();
        for (int i = 0; i < addresses.size(); i++) {
            BigInteger balance = ((EthGetBalance) responses.get(3 * i)).getBalance();
            BigInteger nonce = ((EthGetTransactionCount) responses.get(3 * i + 1)).getTransactionCount();
            String code = ((EthGetCode) responses.get(3 * i + 2)).getCode();
            if (balance.signum() == 0 && nonce.signum() == 0 && isEmptyCode(code)) {
                fresh.add(addresses.get(i));
            }
        }
        return fresh;
    }

    private Set<String> freshForToken(List<String> addresses, String token) {
        BatchRequest batch = web3j.newBatch();
        for (String address : addresses) {
            String data = FunctionEncoder.encode(new Function("balanceOf", List.of(new Address(address)),
                    List.of(new TypeReference<Uint256>() { })));
            batch.add(web3j.ethCall(Transaction.createEthCallTransaction(null, token, data),
                    DefaultBlockParameterName.LATEST));
        }
        List<Response<?>> responses = send(batch);
        Set<String> fresh = new LinkedHashSet<>();
        for (int i = 0; i < addresses.size(); i++) {
            String value = ((EthCall) responses.get(i)).getValue();
            // A token without code answers nothing: counted fresh, the costlier case, so the gas bound holds.
            if (isEmptyCode(value) || Numeric.toBigInt(value).signum() == 0) {
                fresh.add(addresses.get(i));
            }
        }
        return fresh;
    }

    /** The responses in the order of the batch's requests (JSON-RPC may answer a batch in any order). */
    private static List<Response<?>> send(BatchRequest batch) {
        BatchResponse answer;
        try {
            answer = batch.send();
        } catch (IOException | RuntimeException unreachable) {
            throw chainUnavailable(String.valueOf(unreachable.getMessage()));
        }
        Map<Long, Response<?>> byId = new HashMap<>();
        for (Response<?> response : answer.getResponses()) {
            if (response.hasError()) {
                throw chainUnavailable(response.getError().getMessage());
            }
            byId.put(response.getId(), response);
        }
        List<Response<?>> ordered = new ArrayList<>();
        for (Request<?, ? extends Response<?>> request : batch.getRequests()) {
            Response<?> response = byId.get(request.getId());
            if (response == null) {
                throw chainUnavailable("no answer to request " + request.getId() + " (" + request.getMethod() + ")");
            }
            ordered.add(response);
        }
        return ordered;
    }

    private static boolean isEmptyCode(String code) {
        return code == null || code.isEmpty() || "0x".equals(code);
    }

    private static ProblemException chainUnavailable(String why) {
        return new ProblemException(ProblemDetails.of("chain-unavailable", "Chain unavailable", 503,
                "The chain did not answer about the recipients; nothing was written. Retry later. (" + why + ")"));
    }
}
