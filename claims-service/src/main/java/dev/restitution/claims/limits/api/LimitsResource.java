package dev.restitution.claims.limits.api;

import dev.restitution.claims.claim.PayoutAddressChanges;
import dev.restitution.claims.config.ClaimsConfig;
import dev.restitution.claims.security.Roles;
import dev.restitution.contracts.claims.api.LimitsApi;
import dev.restitution.contracts.claims.model.ClaimsLimits;
import dev.restitution.contracts.claims.model.FourEyesThreshold;
import dev.restitution.kit.http.DeclaredBodyLimit;
import dev.restitution.kit.http.PageLimits;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/** What claims-service is configured to enforce, readable by everyone it serves (GET /limits). */
public class LimitsResource implements LimitsApi {

    private final ClaimsConfig config;
    private final DeclaredBodyLimit bodyLimit;
    private final PayoutAddressChanges addressChanges;

    private final Duration stepUpMaxAge;

    public LimitsResource(ClaimsConfig config, DeclaredBodyLimit bodyLimit, PayoutAddressChanges addressChanges,
                          @ConfigProperty(name = "restitution.step-up.max-age", defaultValue = "PT10M") Duration stepUpMaxAge) {
        this.stepUpMaxAge = stepUpMaxAge;
        this.config = config;
        this.addressChanges = addressChanges;
        this.bodyLimit = bodyLimit;
    }

    @Override
    @RolesAllowed({Roles.CLAIMANT, Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.AUDITOR, Roles.INCIDENT_ADMIN})
    public Response getLimits() {
        return Response.ok(new ClaimsLimits()
                .addressProofMaxValiditySeconds(config.addressProof().maxValidity().toSeconds())
                .evidenceMaxBytes((long) config.evidence().maxBytes())
                .evidenceMaxFilesPerClaim(config.evidence().maxFilesPerClaim())
                .fourEyesAbove(new TreeMap<>(config.review().fourEyesAbove()).entrySet().stream()
                        .map(LimitsResource::threshold).toList())
                .reviewSlaHours(config.review().sla().toHours())
                .pageSizeMax(PageLimits.MAX)
                .pageSizeDefault(PageLimits.DEFAULT)
                .requestBodyMaxBytes(bodyLimit.maxBytes())
                .payoutAddressCoolDownSeconds(addressChanges.coolDown().toSeconds())
                .stepUpMaxAgeSeconds(stepUpMaxAge.toSeconds())).build();
    }

    private static FourEyesThreshold threshold(Map.Entry<String, java.math.BigInteger> entry) {
        return new FourEyesThreshold().asset(entry.getKey()).minorUnits(entry.getValue().toString());
    }
}
