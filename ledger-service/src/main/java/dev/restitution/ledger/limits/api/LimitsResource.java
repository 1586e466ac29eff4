package dev.restitution.ledger.limits.api;

import dev.restitution.kit.http.DeclaredBodyLimit;
import dev.restitution.kit.http.PageLimits;
import dev.restitution.contracts.ledger.api.LimitsApi;
import dev.restitution.contracts.ledger.model.ConvenienceThreshold;
import dev.restitution.contracts.ledger.model.LedgerLimits;
import dev.restitution.ledger.config.LedgerConfig;
import dev.restitution.ledger.security.Roles;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Response;
import java.util.TreeMap;

/** What ledger-service is configured to enforce, readable by its staff (GET /limits). */
public class LimitsResource implements LimitsApi {

    private final LedgerConfig config;
    private final DeclaredBodyLimit bodyLimit;

    public LimitsResource(LedgerConfig config, DeclaredBodyLimit bodyLimit) {
        this.config = config;
        this.bodyLimit = bodyLimit;
    }

    @Override
    @RolesAllowed({Roles.INCIDENT_ADMIN, Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.SUPPORT_AGENT,
            Roles.SUPPORT_LEAD, Roles.AUDITOR})
    public Response getLimits() {
        LedgerConfig.Snapshot snapshot = config.snapshot();
        return Response.ok(new LedgerLimits()
                .snapshotMaxUploadBytes(snapshot.maxUploadBytes())
                .snapshotMaxUncompressedBytes(snapshot.maxUncompressedBytes())
                .snapshotMaxRows(snapshot.maxRows())
                .convenienceThresholds(new TreeMap<>(config.rounds().convenienceThresholdMinorUnits()).entrySet().stream()
                        .map(entry -> new ConvenienceThreshold().asset(entry.getKey()).minorUnits(entry.getValue().toString()))
                        .toList())
                .roundMaxLinesPerAsset(config.rounds().maxLinesPerAsset())
                .pageSizeMax(PageLimits.MAX)
                .pageSizeDefault(PageLimits.DEFAULT)
                .requestBodyMaxBytes(bodyLimit.maxBytes())).build();
    }
}
