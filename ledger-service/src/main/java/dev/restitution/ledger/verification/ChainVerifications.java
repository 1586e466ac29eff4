package dev.restitution.ledger.verification;

import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.audit.OwnActor;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.ledger.config.LedgerConfig;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.incident.persistence.IncidentRepository;
import dev.restitution.ledger.recovery.domain.Transfer;
import dev.restitution.ledger.recovery.domain.TransferReason;
import dev.restitution.ledger.recovery.persistence.LedgerStore;
import dev.restitution.ledger.verification.domain.ChainVerification;
import dev.restitution.ledger.verification.domain.RecoveryCheck;
import dev.restitution.ledger.verification.domain.RetrySchedule;
import dev.restitution.ledger.verification.domain.Verdict;
import dev.restitution.ledger.verification.domain.VerificationStatus;
import dev.restitution.ledger.verification.domain.VerificationSubject;
import dev.restitution.ledger.verification.payout.PayoutChain;
import dev.restitution.ledger.verification.persistence.VerificationStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * On-chain verification of RECOVERED_ON_CHAIN transfers and declared token contracts. Booking and declaring
 * only add an UNVERIFIED row in their own transaction (never waiting for a chain, never lost when payout-service
 * is down); {@link #askDue()} later asks payout-service, outside any database transaction, and records each
 * answer. A verification never books or changes a balance: it is what the chain said, for reconciliation.
 */
@ApplicationScoped
public class ChainVerifications {

    static final String WAITING = "waiting to ask payout-service";

    private final VerificationStore store;
    private final IncidentRepository incidents;
    private final LedgerStore ledger;
    private final PayoutChain chain;
    private final AuditLog audit;
    private final Clock clock;
    private final LedgerConfig.ChainVerification config;
    private final RetrySchedule schedule;
    /** Who records an answer in the audit log: this service's service account, on payout-service's word. */
    private final OwnActor own;

    public ChainVerifications(VerificationStore store, IncidentRepository incidents, LedgerStore ledger,
                              PayoutChain chain, AuditLog audit, Clock clock, LedgerConfig config, OwnActor own) {
        this.store = store;
        this.incidents = incidents;
        this.ledger = ledger;
        this.chain = chain;
        this.audit = audit;
        this.clock = clock;
        this.own = own;
        this.config = config.chainVerification();
        this.schedule = new RetrySchedule(this.config.firstRetryDelay(), this.config.maxRetryDelay(),
                this.config.maxAttempts(), this.config.endpointRecheck(), this.config.maxEndpointChecks());
    }

    /**
     * In the booking's transaction: the recovery's verification, due at once, or final UNVERIFIED when the
     * incident declares no recovery address on the asset's chain (there is nothing it could be compared with).
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public ChainVerification addRecovery(Incident incident, Transfer transfer) {
        if (transfer.reasonCode() != TransferReason.RECOVERED_ON_CHAIN) {
            throw new IllegalArgumentException("only an on-chain recovery is verified on-chain, not " + transfer.reasonCode());
        }
        AssetSpec asset = asset(incident, transfer.asset());
        Instant now = clock.instant();
        boolean addressDeclared = !incident.declaration().recoveryAddressesOn(asset.chainId()).isEmpty();
        ChainVerification verification = new ChainVerification(UUID.randomUUID(), incident.id().value(), asset.symbol(),
                VerificationSubject.RECOVERY, Optional.of(transfer.id()), VerificationStatus.UNVERIFIED,
                addressDeclared ? WAITING : "the incident declares no recovery address on "
                        + PayoutChain.caip2(asset.chainId()) + ": nothing to compare the transaction with",
                0, addressDeclared ? Optional.of(now) : Optional.empty(), Optional.empty());
        store.add(verification, now);
        return verification;
    }

    /** In the declaration's transaction: one verification per token asset, due at once. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void addTokens(Incident incident) {
        Instant now = clock.instant();
        for (AssetSpec asset : incident.assets()) {
            if (!asset.isNative()) {
                store.add(new ChainVerification(UUID.randomUUID(), incident.id().value(), asset.symbol(),
                        VerificationSubject.TOKEN, Optional.empty(), VerificationStatus.UNVERIFIED, WAITING, 0,
                        Optional.of(now), Optional.empty()), now);
            }
        }
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<ChainVerification> ofIncident(UUID incidentId) {
        return store.ofIncident(incidentId);
    }

    /** Most recoveries a reconciliation lists; far above what one incident books by hand. */
    public static final int MAX_RECOVERIES_LISTED = 10_000;

    /** The incident's on-chain recoveries with their verification, in booking order (for reconciliation). */
    @Transactional(Transactional.TxType.SUPPORTS)
    public List<RecoveryCheck> recoveries(UUID incidentId) {
        List<RecoveryCheck> recoveries = store.recoveriesOf(incidentId, MAX_RECOVERIES_LISTED + 1);
        if (recoveries.size() > MAX_RECOVERIES_LISTED) {
            throw new IllegalStateException("incident " + incidentId + " has more than " + MAX_RECOVERIES_LISTED
                    + " on-chain recoveries: the reconciliation would be truncated");
        }
        return recoveries;
    }

    /** Per asset, the on-chain recoveries not VERIFIED (net of corrections) that a round must leave out. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Map<String, BigInteger> unconfirmedRecoveries(UUID incidentId) {
        return store.unconfirmedRecoveries(incidentId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Optional<ChainVerification> ofTransfer(UUID transferId) {
        return store.ofTransfer(transferId);
    }

    /**
     * Asks payout-service about every verification due now (at most one pass's worth), each under a lease so a
     * second instance leaves it alone; answers how many were asked about.
     */
    public int askDue() {
        Instant now = clock.instant();
        List<ChainVerification> due = QuarkusTransaction.requiringNew()
                .call(() -> store.leaseDue(now, now.plus(config.lease()), config.perPass()));
        for (ChainVerification verification : due) {
            Verdict verdict = ask(verification);
            QuarkusTransaction.requiringNew().run(() -> record(verification, verdict));
        }
        return due.size();
    }

    private Verdict ask(ChainVerification verification) {
        Incident incident = QuarkusTransaction.requiringNew().call(() ->
                incidents.byId(new IncidentId(verification.incidentId())).orElseThrow());
        AssetSpec asset = asset(incident, verification.asset());
        if (verification.subject() == VerificationSubject.TOKEN) {
            return chain.token(asset.chainId(), asset.tokenContract().orElseThrow(), asset.symbol(), asset.decimals());
        }
        UUID transferId = verification.transferId().orElseThrow();
        Transfer transfer = QuarkusTransaction.requiringNew().call(() ->
                ledger.byId(verification.incidentId(), transferId).orElseThrow());
        return chain.transfer(asset.chainId(), transfer.txHash().orElseThrow(), asset.tokenContract(),
                transfer.posting().amount(), incident.declaration().recoveryAddressesOn(asset.chainId()));
    }

    private void record(ChainVerification before, Verdict verdict) {
        ChainVerification after = schedule.apply(before, verdict, clock.instant());
        if (store.record(after) && after.isFinal()) {
            audit.append(own.actor(), "CHAIN_VERIFIED", before.subject() == VerificationSubject.RECOVERY ? "TRANSFER" : "ASSET",
                    before.transferId().map(UUID::toString).orElse(before.incidentId() + ":" + before.asset()),
                    AuditStates.json(state(before)), AuditStates.json(state(after)),
                    "on-chain verification concluded " + after.status() + " (the detail is in the state after)");
        }
    }

    private static Map<String, Object> state(ChainVerification verification) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("status", verification.status().name());
        state.put("attempts", verification.attempts());
        state.put("detail", verification.detail());
        return state;
    }

    private static AssetSpec asset(Incident incident, String symbol) {
        return incident.assets().stream().filter(asset -> asset.symbol().equals(symbol)).findFirst()
                .orElseThrow(() -> new IllegalStateException("incident " + incident.id() + " has no asset " + symbol));
    }
}
