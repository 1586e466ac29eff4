package dev.restitution.ledger.recovery.api;

import dev.restitution.contracts.ledger.api.RecoveryApi;
import dev.restitution.contracts.ledger.model.AccountBalance;
import dev.restitution.contracts.ledger.model.AccountList;
import dev.restitution.contracts.ledger.model.RecoveryRequest;
import dev.restitution.contracts.ledger.model.TransferPage;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.Callers;
import dev.restitution.ledger.audit.api.ActorModel;
import dev.restitution.ledger.incident.IncidentService;
import dev.restitution.ledger.recovery.RecoveryService;
import dev.restitution.ledger.recovery.domain.AccountType;
import dev.restitution.ledger.recovery.domain.AssetBooks;
import dev.restitution.ledger.recovery.domain.RecoveryBooking;
import dev.restitution.ledger.recovery.domain.Transfer;
import dev.restitution.ledger.recovery.domain.TransferReason;
import dev.restitution.ledger.security.Roles;
import dev.restitution.ledger.verification.ChainVerifications;
import dev.restitution.ledger.verification.api.VerificationModels;
import dev.restitution.ledger.verification.domain.ChainVerification;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.math.BigInteger;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Thin adapter between the generated recovery API and {@link RecoveryService}. */
public class RecoveryResource implements RecoveryApi {

    private final RecoveryService recoveries;
    private final ChainVerifications verifications;
    private final JsonWebToken caller;
    private final IncidentService incidents;

    @Context
    UriInfo uriInfo;

    public RecoveryResource(RecoveryService recoveries, ChainVerifications verifications, JsonWebToken caller,
                            IncidentService incidents) {
        this.incidents = incidents;
        this.recoveries = recoveries;
        this.verifications = verifications;
        this.caller = caller;
    }

    @Override
    @RolesAllowed(Roles.FINANCE_OPERATOR)
    public Response recordRecovery(UUID incidentId, String idempotencyKey, RecoveryRequest request) {
        RecoveryService.Booked booked = recoveries.record(incidentId, idempotencyKey, toDomain(request),
                Callers.of(caller));
        dev.restitution.contracts.ledger.model.Transfer answer = toModel(booked.transfer(),
                verifications.ofTransfer(booked.transfer().id()), incidents.assetIds(incidentId));
        if (booked.replayed()) {
            return Response.ok(answer).build();
        }
        return Response.created(uriInfo.getBaseUriBuilder().path("incidents").path(incidentId.toString())
                        .path("transfers").path(booked.transfer().id().toString()).build())
                .entity(answer).build();
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR})
    public Response listAccounts(UUID incidentId) {
        List<AccountBalance> items = new ArrayList<>();
        Map<String, AssetBooks> accounts = recoveries.accounts(incidentId);
        Map<String, String> assetIds = incidents.assetIds(incidentId);
        for (Map.Entry<String, AssetBooks> asset : accounts.entrySet()) {
            for (AccountType account : AccountType.values()) {
                items.add(toModel(asset.getKey(), assetIds.get(asset.getKey()), account, asset.getValue()));
            }
        }
        return Response.ok(new AccountList().items(items)).build();
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR})
    public Response listTransfers(UUID incidentId, String asset, Integer limit, Integer offset) {
        RecoveryService.TransferPage page = recoveries.transfers(incidentId, Optional.ofNullable(asset), offset, limit);
        Map<UUID, ChainVerification> verified = new HashMap<>();
        verifications.ofIncident(incidentId).forEach(verification ->
                verification.transferId().ifPresent(transferId -> verified.put(transferId, verification)));
        Map<String, String> assetIds = incidents.assetIds(incidentId);
        return Response.ok(new TransferPage()
                .items(page.items().stream()
                        .map(transfer -> toModel(transfer, Optional.ofNullable(verified.get(transfer.id())), assetIds))
                        .toList())
                .limit(limit).offset(offset).total(page.total())).build();
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR})
    public Response getTransfer(UUID incidentId, UUID transferId) {
        return Response.ok(toModel(recoveries.transfer(incidentId, transferId), verifications.ofTransfer(transferId),
                incidents.assetIds(incidentId))).build();
    }

    private static RecoveryBooking toDomain(RecoveryRequest request) {
        return new RecoveryBooking(request.getAssetSymbol(), TransferReason.valueOf(request.getKind().name()),
                new BigInteger(request.getAmount()), Optional.ofNullable(request.getTxHash()),
                Optional.ofNullable(request.getCounterparty()), Optional.ofNullable(request.getCorrectsTransferId()),
                request.getReason());
    }

    private static AccountBalance toModel(String asset, String assetId, AccountType account, AssetBooks books) {
        return new AccountBalance()
                .assetSymbol(asset)
                .assetId(assetId)
                .account(dev.restitution.contracts.ledger.model.AccountType.valueOf(account.name()))
                .normalSide(AccountBalance.NormalSideEnum.valueOf(account.normalSide().name()))
                .debits(books.totals(account).debits().toString())
                .credits(books.totals(account).credits().toString())
                .balance(books.balance(account).toString());
    }

    private static dev.restitution.contracts.ledger.model.Transfer toModel(Transfer transfer,
                                                                          Optional<ChainVerification> verification,
                                                                          Map<String, String> assetIds) {
        return new dev.restitution.contracts.ledger.model.Transfer()
                .id(transfer.id())
                .incidentId(transfer.incidentId())
                .assetSymbol(transfer.asset())
                .assetId(assetIds.get(transfer.asset()))
                .debitAccount(dev.restitution.contracts.ledger.model.AccountType.valueOf(transfer.posting().debit().name()))
                .creditAccount(dev.restitution.contracts.ledger.model.AccountType.valueOf(transfer.posting().credit().name()))
                .amount(transfer.posting().amount().toString())
                .reasonCode(dev.restitution.contracts.ledger.model.TransferReason.valueOf(transfer.reasonCode().name()))
                .reason(transfer.reason())
                .txHash(transfer.txHash().orElse(null))
                .counterparty(transfer.counterparty().orElse(null))
                .referenceId(transfer.referenceId().orElse(null))
                .correctsTransferId(transfer.correctsTransferId().orElse(null))
                .idempotencyKey(transfer.idempotencyKey())
                .bookedBy(ActorModel.of(Actor.fromText(transfer.bookedBy())))
                .bookedAt(transfer.bookedAt().atOffset(ZoneOffset.UTC))
                .verification(verification.map(VerificationModels::toModel).orElse(null));
    }
}
