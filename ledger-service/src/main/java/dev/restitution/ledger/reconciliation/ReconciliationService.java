package dev.restitution.ledger.reconciliation;

import dev.restitution.kit.id.IncidentId;
import dev.restitution.ledger.incident.IncidentService;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.liability.persistence.ClaimLineStore;
import dev.restitution.ledger.reconciliation.domain.AssetFigures;
import dev.restitution.ledger.reconciliation.domain.AssetReconciliation;
import dev.restitution.ledger.reconciliation.domain.Reconciler;
import dev.restitution.ledger.reconciliation.persistence.ConsistentRead;
import dev.restitution.ledger.reconciliation.persistence.SnapshotTotals;
import dev.restitution.ledger.recovery.domain.AccountTotals;
import dev.restitution.ledger.recovery.domain.AccountType;
import dev.restitution.ledger.recovery.domain.AssetBooks;
import dev.restitution.ledger.recovery.persistence.LedgerStore;
import dev.restitution.ledger.round.persistence.EntitlementStore;
import dev.restitution.ledger.verification.ChainVerifications;
import dev.restitution.ledger.verification.domain.ChainVerification;
import dev.restitution.ledger.verification.domain.RecoveryCheck;
import dev.restitution.ledger.verification.domain.VerificationSubject;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Reconciles an incident per asset from one consistent snapshot of the database (a repeatable-read
 * transaction of its own), so figures read from different tables describe the same moment.
 */
@ApplicationScoped
public class ReconciliationService {

    private final IncidentService incidents;
    private final LedgerStore ledger;
    private final ClaimLineStore lines;
    private final EntitlementStore entitlements;
    private final SnapshotTotals snapshots;
    private final ConsistentRead consistentRead;
    private final ChainVerifications chainVerifications;
    private final Clock clock;

    public ReconciliationService(IncidentService incidents, LedgerStore ledger, ClaimLineStore lines,
                                 EntitlementStore entitlements, SnapshotTotals snapshots,
                                 ConsistentRead consistentRead, ChainVerifications chainVerifications, Clock clock) {
        this.chainVerifications = chainVerifications;
        this.incidents = incidents;
        this.ledger = ledger;
        this.lines = lines;
        this.entitlements = entitlements;
        this.snapshots = snapshots;
        this.consistentRead = consistentRead;
        this.clock = clock;
    }

    public record IncidentReconciliation(UUID incidentId, Instant generatedAt, List<AssetReconciliation> assets) {
        public boolean consistent() {
            return assets.stream().allMatch(AssetReconciliation::consistent);
        }
    }

    @Transactional
    public IncidentReconciliation reconcile(UUID incidentId) {
        consistentRead.begin();
        Incident incident = incidents.get(new IncidentId(incidentId));
        Map<String, AssetBooks> books = ledger.allBooks(incidentId);
        Map<String, Map<AccountType, AccountTotals>> journal = ledger.journalTotals(incidentId);
        Map<String, ClaimLineStore.LineSums> lineSums = lines.sums(incidentId).stream()
                .collect(Collectors.toMap(ClaimLineStore.LineSums::asset, Function.identity()));
        Map<String, EntitlementStore.IncidentSums> entitlementSums = entitlements.sums(incidentId);
        Map<String, BigInteger> snapshotTotals = snapshots.sealedTotals(incidentId);
        List<ChainVerification> verifications = chainVerifications.ofIncident(incidentId);
        List<RecoveryCheck> recoveries = chainVerifications.recoveries(incidentId);
        List<AssetReconciliation> assets = incident.assets().stream().map(asset -> Reconciler.reconcile(
                        figures(asset, books, journal, lineSums, entitlementSums, snapshotTotals))
                .withChainChecks(tokenVerification(asset, verifications), recoveries.stream()
                        .filter(recovery -> recovery.verification().asset().equals(asset.symbol())).toList()))
                .toList();
        return new IncidentReconciliation(incidentId, clock.instant(), assets);
    }

    private static Optional<ChainVerification> tokenVerification(AssetSpec asset, List<ChainVerification> verifications) {
        return verifications.stream().filter(verification -> verification.subject() == VerificationSubject.TOKEN
                && verification.asset().equals(asset.symbol())).findFirst();
    }

    private static AssetFigures figures(AssetSpec asset, Map<String, AssetBooks> books,
                                        Map<String, Map<AccountType, AccountTotals>> journal,
                                        Map<String, ClaimLineStore.LineSums> lineSums,
                                        Map<String, EntitlementStore.IncidentSums> entitlementSums,
                                        Map<String, BigInteger> snapshotTotals) {
        String symbol = asset.symbol();
        AssetFigures.LineTotals lineTotals = Optional.ofNullable(lineSums.get(symbol))
                .map(sums -> new AssetFigures.LineTotals(sums.approved(), sums.entitled(), sums.paid(),
                        sums.inconsistentLines()))
                .orElse(AssetFigures.LineTotals.NONE);
        AssetFigures.EntitlementTotals entitlementTotals = Optional.ofNullable(entitlementSums.get(symbol))
                .map(sums -> new AssetFigures.EntitlementTotals(sums.amount(), sums.paid(), sums.overpaid()))
                .orElse(AssetFigures.EntitlementTotals.NONE);
        return new AssetFigures(symbol, asset.decimals(), books.getOrDefault(symbol, AssetBooks.empty()),
                journal.getOrDefault(symbol, Map.of()), lineTotals, entitlementTotals,
                Optional.ofNullable(snapshotTotals.get(symbol)));
    }
}
