package dev.restitution.payout.chain.api;

import dev.restitution.kit.chain.Eip55;
import dev.restitution.contracts.payout.api.ChainApi;
import dev.restitution.contracts.payout.model.ChainDifferenceKind;
import dev.restitution.contracts.payout.model.ChainVerificationOutcome;
import dev.restitution.contracts.payout.model.TokenVerification;
import dev.restitution.contracts.payout.model.TokenVerificationRequest;
import dev.restitution.contracts.payout.model.TransferVerification;
import dev.restitution.contracts.payout.model.TransferVerificationRequest;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.payout.chain.verification.ChainDifference;
import dev.restitution.payout.chain.verification.OnchainVerification;
import dev.restitution.payout.chain.verification.TransferCheck;
import dev.restitution.payout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Thin adapter between the generated chain API and {@link OnchainVerification}; reads only. */
public class ChainVerificationResource implements ChainApi {

    private static final BigInteger UINT256_MAX = BigInteger.TWO.pow(256).subtract(BigInteger.ONE);

    private final OnchainVerification verification;

    public ChainVerificationResource(OnchainVerification verification) {
        this.verification = verification;
    }

    @Override
    @RolesAllowed(Roles.SERVICE)
    public Response verifyTransfer(TransferVerificationRequest request) {
        List<FieldViolation> violations = new ArrayList<>();
        BigInteger amount = new BigInteger(request.getAmount());
        if (amount.compareTo(UINT256_MAX) > 0) {
            violations.add(new FieldViolation("amount", "must be at most 2^256-1"));
        }
        addressProblem("tokenContract", request.getTokenContract()).ifPresent(violations::add);
        for (int index = 0; index < request.getRecipients().size(); index++) {
            addressProblem("recipients[" + index + "]", request.getRecipients().get(index)).ifPresent(violations::add);
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        OnchainVerification.TransferVerdict verdict = verification.transfer(request.getChainId(), request.getTxHash(),
                new TransferCheck.Expected(Optional.ofNullable(request.getTokenContract()), amount, request.getRecipients()));
        TransferVerification answer = new TransferVerification()
                .chainId(request.getChainId())
                .txHash(request.getTxHash())
                .outcome(ChainVerificationOutcome.valueOf(verdict.outcome().name()))
                .differences(verdict.differences().stream().map(ChainVerificationResource::toModel).toList());
        verdict.blockNumber().ifPresent(answer::blockNumber);
        verdict.confirmations().ifPresent(answer::confirmations);
        verdict.confirmationsRequired().ifPresent(answer::confirmationsRequired);
        return Response.ok(answer).build();
    }

    @Override
    @RolesAllowed(Roles.SERVICE)
    public Response verifyToken(TokenVerificationRequest request) {
        addressProblem("tokenContract", request.getTokenContract()).ifPresent(violation -> {
            throw ProblemException.invalid(List.of(violation));
        });
        OnchainVerification.TokenVerdict verdict = verification.token(request.getChainId(), request.getTokenContract(),
                request.getSymbol(), request.getDecimals());
        return Response.ok(new TokenVerification()
                .chainId(request.getChainId())
                .tokenContract(request.getTokenContract())
                .outcome(ChainVerificationOutcome.valueOf(verdict.outcome().name()))
                .differences(verdict.differences().stream().map(ChainVerificationResource::toModel).toList())).build();
    }

    private static Optional<FieldViolation> addressProblem(String field, String address) {
        return Optional.ofNullable(address).flatMap(Eip55::problemWith).map(problem -> new FieldViolation(field, problem));
    }

    private static dev.restitution.contracts.payout.model.ChainDifference toModel(ChainDifference difference) {
        return new dev.restitution.contracts.payout.model.ChainDifference()
                .kind(ChainDifferenceKind.valueOf(difference.kind().name()))
                .expected(difference.expected().orElse(null))
                .actual(difference.actual().orElse(null))
                .detail(difference.detail());
    }
}
