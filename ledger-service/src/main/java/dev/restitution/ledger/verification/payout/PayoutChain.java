package dev.restitution.ledger.verification.payout;

import dev.restitution.contracts.payout.client.ApiException;
import dev.restitution.contracts.payout.client.ChainApi;
import dev.restitution.contracts.payout.model.ChainDifference;
import dev.restitution.contracts.payout.model.TokenVerification;
import dev.restitution.contracts.payout.model.TokenVerificationRequest;
import dev.restitution.contracts.payout.model.TransferVerification;
import dev.restitution.contracts.payout.model.TransferVerificationRequest;
import dev.restitution.ledger.verification.domain.Verdict;
import dev.restitution.ledger.verification.domain.VerificationStatus;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import java.math.BigInteger;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/**
 * Asks payout-service, which owns chain access, what the chain says, with ledger-service's service-account
 * token (quarkus.rest-client.payout.providers); the ledger never talks to a chain itself. Every answer becomes
 * a {@link Verdict}: payout-service unreachable, overloaded or refusing our token is asked again later.
 */
@ApplicationScoped
public class PayoutChain {

    private static final Logger LOG = Logger.getLogger(PayoutChain.class);
    private static final int MAX_DETAIL_CHARACTERS = 3900;
    private static final int MAX_REASON_CHARACTERS = 300;

    private final ChainApi chain;

    public PayoutChain(@RestClient ChainApi chain) {
        this.chain = chain;
    }

    /** CAIP-2 id of an EVM chain. */
    public static String caip2(long eip155ChainId) {
        return "eip155:" + eip155ChainId;
    }

    public Verdict transfer(long chainId, String txHash, Optional<String> tokenContract, BigInteger amount,
                            List<String> recipients) {
        TransferVerificationRequest request = new TransferVerificationRequest().chainId(caip2(chainId)).txHash(txHash)
                .tokenContract(tokenContract.orElse(null)).amount(amount.toString()).recipients(recipients);
        TransferVerification answer;
        try {
            answer = chain.verifyTransfer(request);
        } catch (ApiException | RuntimeException failed) {
            return unavailable(failed);
        }
        return switch (answer.getOutcome()) {
            case VERIFIED -> Verdict.finalAnswer(VerificationStatus.VERIFIED, "mined in block " + answer.getBlockNumber()
                    + ", " + answer.getConfirmations() + " confirmations: moved " + amount + " to a recovery address");
            case MISMATCH -> Verdict.finalAnswer(VerificationStatus.MISMATCH, describe(answer.getDifferences()));
            case PENDING -> Verdict.askAgain(answer.getBlockNumber() == null ? "not mined yet"
                    : "mined in block " + answer.getBlockNumber() + ", " + answer.getConfirmations() + " of "
                    + answer.getConfirmationsRequired() + " confirmations");
            case NO_ENDPOINT -> noEndpoint(chainId);
        };
    }

    public Verdict token(long chainId, String tokenContract, String symbol, int decimals) {
        TokenVerificationRequest request = new TokenVerificationRequest().chainId(caip2(chainId))
                .tokenContract(tokenContract).symbol(symbol).decimals(decimals);
        TokenVerification answer;
        try {
            answer = chain.verifyToken(request);
        } catch (ApiException | RuntimeException failed) {
            return unavailable(failed);
        }
        return switch (answer.getOutcome()) {
            case VERIFIED -> Verdict.finalAnswer(VerificationStatus.VERIFIED, "contract code present; symbol() "
                    + symbol + ", decimals() " + decimals);
            case MISMATCH -> Verdict.finalAnswer(VerificationStatus.MISMATCH, describe(answer.getDifferences()));
            case PENDING -> Verdict.askAgain("payout-service could not read the token yet");
            case NO_ENDPOINT -> noEndpoint(chainId);
        };
    }

    private static Verdict noEndpoint(long chainId) {
        return Verdict.awaitingEndpoint(
                "payout-service has no JSON-RPC endpoint for " + caip2(chainId) + ": nothing could be checked");
    }

    private static Verdict unavailable(Exception failed) {
        int status = failed instanceof ApiException refused ? refused.getResponse().getStatus()
                : failed instanceof WebApplicationException refused ? refused.getResponse().getStatus() : 0;
        if (status >= 400 && status < 500 && status != 401 && status != 403 && status != 429) {
            // The ledger asked wrongly: a defect, not the chain's answer. Asking again would get the same refusal.
            LOG.errorf("payout-service refused a chain verification with %d: %s", status, failed.getMessage());
            return Verdict.finalAnswer(VerificationStatus.UNVERIFIED, "payout-service refused the request with " + status);
        }
        // Unreachable, timed out, no token from the realm, overloaded or refusing our token: all can pass.
        String why = status == 0 ? "unreachable (" + bounded(String.valueOf(failed.getMessage())) + ")" : "answered " + status;
        LOG.warnf("chain verification not answered, will ask again: %s", why);
        return Verdict.askAgain("waiting for payout-service: " + why);
    }

    private static String bounded(String text) {
        return text.length() > MAX_REASON_CHARACTERS ? text.substring(0, MAX_REASON_CHARACTERS) + "..." : text;
    }

    private static String describe(List<ChainDifference> differences) {
        String described = differences.stream().map(difference -> difference.getKind() + ": " + difference.getDetail()
                        + (difference.getExpected() == null ? "" : "; expected " + difference.getExpected())
                        + (difference.getActual() == null ? "" : ", actual " + difference.getActual()))
                .collect(Collectors.joining(" | "));
        return described.length() > MAX_DETAIL_CHARACTERS ? described.substring(0, MAX_DETAIL_CHARACTERS) + "..." : described;
    }
}
