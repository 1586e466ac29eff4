package dev.restitution.payout.instruction.api;

import dev.restitution.contracts.payout.api.InstructionsApi;
import dev.restitution.contracts.payout.model.InstructionPage;
import dev.restitution.contracts.payout.model.InstructionState;
import dev.restitution.contracts.payout.model.RetryInstructionRequest;
import dev.restitution.kit.audit.Callers;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.instruction.Instructions;
import dev.restitution.payout.instruction.domain.Instruction;
import dev.restitution.payout.instruction.persistence.InstructionStore;
import dev.restitution.payout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Thin adapter between the generated instructions API and {@link Instructions}. */
public class InstructionsResource implements InstructionsApi {

    private final Instructions instructions;
    private final JsonWebToken token;

    public InstructionsResource(Instructions instructions, JsonWebToken token) {
        this.instructions = instructions;
        this.token = token;
    }

    @Override
    @RolesAllowed(Roles.FINANCE_OPERATOR)
    public Response retryInstruction(UUID instructionId, RetryInstructionRequest request) {
        return Response.ok(toModel(instructions.retry(new InstructionId(instructionId), request.getReason(), Callers.of(token)))).build();
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR})
    public Response listInstructions(UUID incidentId, Long chainId, String assetSymbol, InstructionState state,
                                     UUID batchId, Integer limit, Integer offset) {
        InstructionStore.Filter filter = new InstructionStore.Filter(Optional.ofNullable(incidentId).map(IncidentId::new),
                Optional.ofNullable(chainId), Optional.ofNullable(assetSymbol),
                Optional.ofNullable(state).map(value ->
                        dev.restitution.payout.instruction.domain.InstructionState.valueOf(value.name())),
                Optional.ofNullable(batchId).map(BatchId::new));
        Instructions.Page page = instructions.page(filter, offset, limit);
        return Response.ok(new InstructionPage().items(page.items().stream().map(InstructionsResource::toModel).toList())
                .limit(limit).offset(offset).total(page.total())).build();
    }

    public static dev.restitution.contracts.payout.model.Instruction toModel(Instruction instruction) {
        return new dev.restitution.contracts.payout.model.Instruction()
                .id(instruction.id().value())
                .entitlementId(instruction.entitlementId().value())
                .roundId(instruction.roundId().value())
                .incidentId(instruction.incidentId().value())
                .claimId(instruction.claimId().value())
                .lineId(instruction.lineId().value())
                .assetSymbol(instruction.assetSymbol())
                .chainId(instruction.chainId())
                .tokenContract(instruction.tokenContract().orElse(null))
                .amountMinorUnits(instruction.amount().toString())
                .payoutAddress(instruction.payoutAddress())
                .state(InstructionState.valueOf(instruction.state().name()))
                .batchId(instruction.batchId().map(BatchId::value).orElse(null))
                .txHash(instruction.txHash().orElse(null))
                .blockNumber(instruction.blockNumber().orElse(null))
                .failureReason(instruction.failureReason().orElse(null))
                .createdAt(instruction.createdAt().atOffset(ZoneOffset.UTC))
                .updatedAt(instruction.updatedAt().atOffset(ZoneOffset.UTC));
    }
}
