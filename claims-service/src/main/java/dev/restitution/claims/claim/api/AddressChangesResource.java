package dev.restitution.claims.claim.api;

import dev.restitution.claims.claim.PayoutAddressChanges;
import dev.restitution.claims.claim.domain.PayoutAddressChange;
import dev.restitution.claims.claim.domain.PayoutAddressChangeState;
import dev.restitution.claims.claim.persistence.PayoutAddressChangeStore;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.AddressChangesApi;
import dev.restitution.contracts.claims.model.PayoutAddressChangePage;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Support's view of payout address changes and their cool-down (GET /payout-address-changes). */
public class AddressChangesResource implements AddressChangesApi {

    private final PayoutAddressChanges changes;
    private final Clock clock;

    public AddressChangesResource(PayoutAddressChanges changes, Clock clock) {
        this.changes = changes;
        this.clock = clock;
    }

    @Override
    @RolesAllowed({Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.AUDITOR})
    public Response listPayoutAddressChanges(String state, UUID claimId, Integer limit, Integer offset) {
        PayoutAddressChangeStore.Filter filter = new PayoutAddressChangeStore.Filter(state(state),
                Optional.ofNullable(claimId));
        Instant now = clock.instant();
        List<PayoutAddressChange> page = changes.page(filter, offset, limit);
        return Response.ok(new PayoutAddressChangePage()
                .items(page.stream().map(change -> toModel(change, now)).toList())
                .limit(limit).offset(offset).total(changes.count(filter))).build();
    }

    private static PayoutAddressChangeState state(String state) {
        if (state == null) {
            return PayoutAddressChangeState.PENDING;
        }
        return Arrays.stream(PayoutAddressChangeState.values()).filter(known -> known.name().equals(state)).findFirst()
                .orElseThrow(() -> ProblemException.invalid(List.of(new FieldViolation("state",
                        "must be one of " + Arrays.toString(PayoutAddressChangeState.values())))));
    }

    private static dev.restitution.contracts.claims.model.PayoutAddressChange toModel(PayoutAddressChange change,
                                                                                     Instant now) {
        PayoutAddressChangeState shown = change.stateAt(now);
        return new dev.restitution.contracts.claims.model.PayoutAddressChange()
                .id(change.id())
                .claimId(change.claimId())
                .incidentId(change.incidentId())
                .accountId(change.accountId())
                .chainId(change.chainId())
                .previousAddress(change.previousAddress())
                .address(change.address())
                .state(dev.restitution.contracts.claims.model.PayoutAddressChange.StateEnum.fromValue(shown.name()))
                .requestedAt(ClaimModels.utc(change.requestedAt()))
                .effectiveAt(ClaimModels.utc(change.effectiveAt()))
                .cancelledAt(shown == PayoutAddressChangeState.CANCELLED
                        ? change.decidedAt().map(ClaimModels::utc).orElse(null) : null);
    }
}
