package dev.restitution.claims.claim;

import dev.restitution.claims.claim.persistence.ClaimLineEntity;
import dev.restitution.claims.incident.domain.ClaimableIncident;
import dev.restitution.claims.security.Caller;
import dev.restitution.contracts.ledger.model.AccountSnapshot;
import dev.restitution.contracts.ledger.model.SnapshotEntry;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * A new claim's lines, one per asset the sealed snapshot holds for the account (a zero balance makes no line),
 * checked against what the ledger answered: the sealed import and account asked for, at most {@link ClaimService#MAX_LINES}.
 */
final class SnapshotLines {

    private SnapshotLines() {
    }

    static List<ClaimLineEntity> of(ClaimableIncident incident, UUID sealedImport, AccountSnapshot rows, Caller caller) {
        if (!sealedImport.equals(rows.getImportId()) || !caller.accountId().equals(rows.getAccountId())) {
            throw new IllegalStateException("ledger answered import " + rows.getImportId() + " of account "
                    + rows.getAccountId() + " for sealed import " + sealedImport + " of " + caller.accountId());
        }
        if (rows.getEntries().size() > ClaimService.MAX_LINES) {
            throw new IllegalStateException("ledger answered " + rows.getEntries().size() + " rows for one account");
        }
        List<ClaimLineEntity> lines = new ArrayList<>();
        for (SnapshotEntry entry : rows.getEntries()) {
            BigInteger amount = new BigInteger(entry.getAmount());
            if (amount.signum() == 0) {
                continue;
            }
            ClaimableIncident.Asset asset = incident.assets().stream()
                    .filter(candidate -> candidate.symbol().equals(entry.getAsset())).findFirst()
                    .orElseThrow(() -> new IllegalStateException("sealed row of undeclared asset " + entry.getAsset()));
            ClaimLineEntity line = new ClaimLineEntity();
            line.id = UUID.randomUUID();
            line.asset = asset.symbol();
            line.chainId = asset.chainId();
            line.decimals = asset.decimals();
            line.snapshotAmount = amount;
            line.position = lines.size();
            lines.add(line);
        }
        if (lines.isEmpty()) {
            throw new ProblemException(ProblemDetails.of("no-sealed-balances", "No sealed balances", 404,
                    "The sealed snapshot holds no balance of your account for this incident."));
        }
        return lines;
    }
}
