package dev.restitution.payout.limits.api;

import dev.restitution.kit.http.DeclaredBodyLimit;
import dev.restitution.kit.http.PageLimits;
import dev.restitution.contracts.payout.api.LimitsApi;
import dev.restitution.contracts.payout.model.ApprovalThreshold;
import dev.restitution.contracts.payout.model.PayoutLimits;
import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.TreeMap;

/** What payout-service is configured to enforce, readable by the finance roles and auditors (GET /limits). */
public class LimitsResource implements LimitsApi {

    private final PayoutConfig config;
    private final DeclaredBodyLimit bodyLimit;
    private final Duration addressApplyGrace;

    public LimitsResource(PayoutConfig config, DeclaredBodyLimit bodyLimit) {
        this.config = config;
        this.bodyLimit = bodyLimit;
        this.addressApplyGrace = config.payoutAddresses().applyGrace();
    }

    @Override
    @RolesAllowed({Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR})
    public Response getLimits() {
        PayoutConfig.Batches batches = config.batches();
        return Response.ok(new PayoutLimits()
                .secondApprovalAbove(new TreeMap<>(batches.secondApprovalAboveMinorUnits()).entrySet().stream()
                        .map(entry -> new ApprovalThreshold().asset(entry.getKey()).minorUnits(entry.getValue().toString()))
                        .toList())
                .batchMaxItems(batches.maxItems())
                .batchMaxGas(batches.maxGas())
                .pageSizeMax(PageLimits.MAX)
                .pageSizeDefault(PageLimits.DEFAULT)
                .requestBodyMaxBytes(bodyLimit.maxBytes())
                .payoutAddressApplyGraceSeconds(addressApplyGrace.toSeconds())).build();
    }
}
