package dev.restitution.ledger.round;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.ledger.config.LedgerConfig;
import dev.restitution.ledger.incident.IncidentService;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.incident.domain.IncidentState;
import dev.restitution.ledger.liability.domain.OpenLines;
import dev.restitution.ledger.liability.persistence.ClaimLineStore;
import dev.restitution.ledger.recovery.RecoveryLedger;
import dev.restitution.ledger.recovery.domain.Transfer;
import dev.restitution.ledger.recovery.domain.TransferReason;
import dev.restitution.ledger.recovery.persistence.LedgerStore;
import dev.restitution.ledger.round.domain.Allocation;
import dev.restitution.ledger.round.domain.Entitlement;
import dev.restitution.ledger.round.domain.PlanDigest;
import dev.restitution.ledger.round.domain.Round;
import dev.restitution.ledger.round.domain.RoundAssetPlan;
import dev.restitution.ledger.round.domain.RoundFunds;
import dev.restitution.ledger.round.domain.RoundState;
import dev.restitution.ledger.round.persistence.EntitlementStore;
import dev.restitution.ledger.round.persistence.RoundStore;
import dev.restitution.ledger.verification.ChainVerifications;
import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Distribution rounds: a finance-operator proposes (the plan is computed and fixed by a digest),
 * a different finance-approver approves (the plan is recomputed under lock, must match, and is
 * written: entitlements, the round's entitlement tree, their events in pages, the transfers) or
 * rejects. Maker-checker is enforced here, audited even when refused, and again by the database.
 */
@ApplicationScoped
public class RoundService {

    static final String KEY_PREFIX = "round:";
    /** LedgerConfig.Rounds#transactionTimeoutSeconds. */
    static final String TIMEOUT_PROPERTY = "restitution.ledger.rounds.transaction-timeout-seconds";

    private final IncidentService incidents;
    private final RoundStore rounds;
    private final EntitlementStore entitlements;
    private final ClaimLineStore lines;
    private final LedgerStore books;
    private final RecoveryLedger ledger;
    private final RoundPlanner planner;
    private final ChainVerifications verifications;
    private final EntitlementTrees trees;
    private final EntitlementPages pages;
    private final AuditLog audit;
    private final Clock clock;
    private final int writeBatchSize;

    public RoundService(IncidentService incidents, RoundStore rounds, EntitlementStore entitlements,
                        ClaimLineStore lines, LedgerStore books, RecoveryLedger ledger, RoundPlanner planner,
                        ChainVerifications verifications, EntitlementTrees trees, EntitlementPages pages,
                        AuditLog audit, Clock clock, LedgerConfig config) {
        this.incidents = incidents;
        this.rounds = rounds;
        this.entitlements = entitlements;
        this.lines = lines;
        this.books = books;
        this.ledger = ledger;
        this.planner = planner;
        this.verifications = verifications;
        this.trees = trees;
        this.pages = pages;
        this.audit = audit;
        this.clock = clock;
        this.writeBatchSize = config.rounds().writeBatchSize();
    }

    /** The proposed round, and whether an earlier request with the same key proposed it. */
    public record Proposed(Round round, boolean replayed) {
    }

    @Transactional
    @TransactionConfiguration(timeoutFromConfigProperty = TIMEOUT_PROPERTY)
    public Proposed propose(UUID incidentId, String idempotencyKey, String note, Actor proposer) {
        Incident incident = incidents.get(new IncidentId(incidentId));
        String key = KEY_PREFIX + idempotencyKey;
        Optional<Round> earlier = rounds.byIdempotencyKey(key);
        if (earlier.isPresent()) {
            Round round = earlier.get();
            if (!round.incidentId().equals(incidentId) || !round.note().equals(note) || !round.proposedBy(proposer)) {
                throw ProblemException.conflict("idempotency-key-reused", "Idempotency key " + idempotencyKey
                        + " was used for a different proposal (round " + round.id() + ").");
            }
            return new Proposed(round, true);
        }
        incidents.requireState(new IncidentId(incidentId), IncidentState.DISTRIBUTING, "rounds are proposed");
        rounds.lockProposals(incidentId);
        if (rounds.hasOpenRound(incidentId)) {
            throw ProblemException.conflict("round-open",
                    "Incident " + incidentId + " has a proposed round waiting for a decision.");
        }
        PlanDigest digest = new PlanDigest();
        List<RoundAssetPlan> plans = new ArrayList<>();
        Map<String, BigInteger> unconfirmed = verifications.unconfirmedRecoveries(incidentId);
        for (AssetSpec asset : bySymbol(incident)) {
            RoundFunds funds = RoundFunds.of(books.books(incidentId, asset.symbol()).distributable(),
                    unconfirmed.getOrDefault(asset.symbol(), BigInteger.ZERO));
            OpenLines open = planner.openLines(incidentId, asset.symbol());
            Allocation.Outcome outcome = planner.run(incidentId, asset.symbol(), open, funds.distributable(), digest,
                    (line, amount) -> { });
            plans.add(RoundAssetPlan.of(asset.symbol(), outcome, funds.withheldUnverified()));
        }
        if (plans.stream().allMatch(plan -> plan.allowed().signum() == 0)) {
            throw ProblemException.conflict("nothing-to-distribute", "No asset of incident " + incidentId
                    + " has both funds available and claims outstanding.");
        }
        Round round = new Round(UUID.randomUUID(), incidentId, rounds.nextNumber(incidentId), RoundState.PROPOSED,
                note, key, digest.finish(), proposer, clock.instant(), Optional.empty(), Optional.empty(),
                Optional.empty(), plans, Optional.empty());
        rounds.insert(round);
        audit.append(proposer, "ROUND_PROPOSED", "ROUND", round.id().toString(), null,
                AuditStates.json(state(round)), note);
        return new Proposed(round, false);
    }

    @Transactional
    @TransactionConfiguration(timeoutFromConfigProperty = TIMEOUT_PROPERTY)
    public Round approve(UUID roundId, String reason, Actor approver) {
        Round round = decidable(roundId, approver, "ROUND_SELF_APPROVAL_REFUSED", reason);
        Incident incident = incidents.requireState(new IncidentId(round.incidentId()), IncidentState.DISTRIBUTING,
                "rounds are approved");
        Instant now = clock.instant();
        Map<String, RecoveryLedger.LockedAsset> locked = new LinkedHashMap<>();
        for (AssetSpec asset : bySymbol(incident)) {
            locked.put(asset.symbol(), ledger.lock(round.incidentId(), asset.symbol()));
        }
        PlanDigest digest = new PlanDigest();
        Map<String, BigInteger> unconfirmed = verifications.unconfirmedRecoveries(round.incidentId());
        for (AssetSpec asset : bySymbol(incident)) {
            RoundAssetPlan plan = planOf(round, asset.symbol());
            issue(round, asset, plan, locked.get(asset.symbol()),
                    unconfirmed.getOrDefault(asset.symbol(), BigInteger.ZERO), digest, approver, now);
        }
        if (!digest.finish().equals(round.planDigest())) {
            throw stale(round, "the lines' amounts differ from the proposed plan");
        }
        if (!rounds.decide(roundId, RoundState.APPROVED, approver, now, reason)) {
            throw new IllegalStateException("round " + roundId + " left PROPOSED while locked");
        }
        EntitlementTrees.Accounts accounts = trees.accounts(round.incidentId());
        trees.build(round, incident, accounts).ifPresent(tree -> pages.publish(round, incident.assets(), tree, accounts, now));
        Round approved = rounds.byId(roundId).orElseThrow();
        audit.append(approver, "ROUND_APPROVED", "ROUND", roundId.toString(), AuditStates.json(state(round)),
                AuditStates.json(state(approved)), reason);
        return approved;
    }

    @Transactional
    public Round reject(UUID roundId, String reason, Actor approver) {
        Round round = decidable(roundId, approver, "ROUND_SELF_REJECTION_REFUSED", reason);
        if (!rounds.decide(roundId, RoundState.REJECTED, approver, clock.instant(), reason)) {
            throw new IllegalStateException("round " + roundId + " left PROPOSED while locked");
        }
        Round rejected = rounds.byId(roundId).orElseThrow();
        audit.append(approver, "ROUND_REJECTED", "ROUND", roundId.toString(), AuditStates.json(state(round)),
                AuditStates.json(state(rejected)), reason);
        return rejected;
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public Round get(UUID roundId) {
        return rounds.byId(roundId).orElseThrow(() -> ProblemException.notFound("Round " + roundId));
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public RoundPage page(UUID incidentId, int offset, int limit) {
        incidents.get(new IncidentId(incidentId));
        return new RoundPage(rounds.page(incidentId, offset, limit), rounds.count(incidentId));
    }

    public record RoundPage(List<Round> items, long total) {
    }

    /** An account's entitlements in an approved round, each with its leaf and proof. */
    @Transactional(Transactional.TxType.SUPPORTS)
    public EntitlementTrees.AccountProofs entitlementProofs(UUID roundId, String accountId) {
        Round round = get(roundId);
        return trees.account(round, incidents.get(new IncidentId(round.incidentId())), accountId);
    }

    @Transactional(Transactional.TxType.SUPPORTS)
    public List<Entitlement> entitlements(UUID roundId, Optional<UUID> after, int limit) {
        get(roundId);
        return entitlements.page(roundId, after.orElse(new UUID(0, 0)), limit);
    }

    /**
     * The round, locked, when {@code decider} may decide it now. The proposer is refused (403), and
     * the refusal is audited in a transaction of its own, since the caller's rolls back.
     */
    private Round decidable(UUID roundId, Actor decider, String refusalAction, String reason) {
        Round round = rounds.lock(roundId).orElseThrow(() -> ProblemException.notFound("Round " + roundId));
        if (round.proposedBy(decider)) {
            audit.appendCommitted(decider, refusalAction, "ROUND", roundId.toString(), AuditStates.json(state(round)),
                    null, "refused: the proposer may not decide their own round; their reason was: " + reason);
            throw new ProblemException(ProblemDetails.of("self-approval", "Forbidden", 403,
                    "Round " + roundId + " was proposed by you; a different finance-approver must decide it."));
        }
        if (round.state() != RoundState.PROPOSED) {
            throw ProblemException.conflict("round-decided", "Round " + roundId + " is already " + round.state() + ".");
        }
        return round;
    }

    /** Books one asset of an approved round: dust back, entitlements and their events, transfers out of AVAILABLE. */
    private void issue(Round round, AssetSpec asset, RoundAssetPlan plan, RecoveryLedger.LockedAsset books,
                       BigInteger unconfirmed, PlanDigest digest, Actor approver, Instant now) {
        String symbol = asset.symbol();
        BigInteger earlierDust = books.books().dust();
        if (earlierDust.signum() > 0) {
            books.post(transfer(round, symbol, TransferReason.DUST_RETURNED, earlierDust, "dust-returned", approver, now));
        }
        RoundFunds funds = RoundFunds.of(books.books().available(), unconfirmed);
        BigInteger distributable = funds.distributable();
        OpenLines open = planner.openLines(round.incidentId(), symbol);
        if (!distributable.equals(plan.distributable()) || !open.outstanding().equals(plan.outstanding())
                || !funds.withheldUnverified().equals(plan.withheldUnverified())) {
            throw stale(round, symbol + " now has " + distributable + " distributable (" + funds.withheldUnverified()
                    + " withheld unverified) and " + open.outstanding() + " outstanding; the plan was made with "
                    + plan.distributable() + " (" + plan.withheldUnverified() + ") and " + plan.outstanding());
        }
        EntitlementWriter writer = new EntitlementWriter(entitlements, round.id(), round.incidentId(), asset,
                writeBatchSize);
        Allocation.Outcome outcome = planner.run(round.incidentId(), symbol, open, distributable, digest, writer);
        long written = writer.finish();
        if (!RoundAssetPlan.of(symbol, outcome, funds.withheldUnverified()).equals(plan)) {
            throw stale(round, symbol + " allocates differently now: " + outcome);
        }
        EntitlementStore.Totals stored = entitlements.totals(round.id(), symbol);
        if (stored.count() != written || !stored.amount().equals(outcome.entitled())) {
            throw new IllegalStateException("round " + round.id() + " " + symbol + ": stored " + stored
                    + " entitlements, allocated " + written + " totalling " + outcome.entitled());
        }
        int updatedLines = lines.addEntitled(round.id(), symbol);
        if (updatedLines != written) {
            throw new IllegalStateException("round " + round.id() + " " + symbol + ": " + updatedLines
                    + " lines updated for " + written + " entitlements");
        }
        if (outcome.entitled().signum() > 0) {
            books.post(transfer(round, symbol, TransferReason.ENTITLEMENTS_ISSUED, outcome.entitled(), "entitlements",
                    approver, now));
        }
        if (outcome.dust().signum() > 0) {
            books.post(transfer(round, symbol, TransferReason.ROUND_DUST, outcome.dust(), "dust", approver, now));
        }
    }

    private static Transfer transfer(Round round, String asset, TransferReason reason, BigInteger amount, String part,
                                     Actor approver, Instant now) {
        return new Transfer(UUID.randomUUID(), round.incidentId(), asset, reason.posting(amount), reason,
                "round " + round.number() + " approved", Optional.empty(), Optional.empty(), Optional.of(round.id()),
                Optional.empty(), KEY_PREFIX + round.id() + ":" + asset + ":" + part, approver.text(), now);
    }

    private static ProblemException stale(Round round, String why) {
        return ProblemException.conflict("round-stale", "Round " + round.id() + " no longer matches the ledger: " + why
                + ". Reject it and propose a new one. Nothing was written.");
    }

    private static RoundAssetPlan planOf(Round round, String asset) {
        return round.assets().stream().filter(plan -> plan.asset().equals(asset)).findFirst()
                .orElseThrow(() -> new IllegalStateException("round " + round.id() + " has no plan for " + asset));
    }

    private static List<AssetSpec> bySymbol(Incident incident) {
        return incident.assets().stream().sorted(Comparator.comparing(AssetSpec::symbol)).toList();
    }

    private static Map<String, Object> state(Round round) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("incidentId", round.incidentId().toString());
        state.put("number", round.number());
        state.put("state", round.state().name());
        state.put("planDigest", round.planDigest());
        state.put("proposedBy", round.proposedBy().subjectId());
        round.decidedBy().ifPresent(by -> state.put("decidedBy", by.subjectId()));
        round.entitlementTree().ifPresent(tree -> state.put("entitlementRoot", tree.rootHex()));
        state.put("assets", round.assets().stream().map(plan -> {
            Map<String, Object> asset = new LinkedHashMap<>();
            asset.put("asset", plan.asset());
            asset.put("distributable", plan.distributable().toString());
            asset.put("outstanding", plan.outstanding().toString());
            asset.put("entitled", plan.entitled().toString());
            asset.put("dust", plan.dust().toString());
            asset.put("lines", plan.lines());
            return asset;
        }).toList());
        return state;
    }
}
