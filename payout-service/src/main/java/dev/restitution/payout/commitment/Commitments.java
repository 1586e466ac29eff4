package dev.restitution.payout.commitment;

import dev.restitution.contracts.events.CommitmentPublished;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.audit.OwnActor;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.messaging.Outbox;
import dev.restitution.kit.messaging.ProcessedEvents;
import dev.restitution.payout.commitment.domain.CommitmentEncoding;
import dev.restitution.payout.commitment.persistence.CommitmentCallEntity;
import dev.restitution.payout.commitment.persistence.CommitmentEntity;
import dev.restitution.payout.commitment.persistence.CommitmentEntity.Kind;
import dev.restitution.payout.commitment.persistence.CommitmentEntity.State;
import dev.restitution.payout.commitment.persistence.CommitmentStore;
import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.engine.domain.CallState;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * The on-chain commitments of sealed snapshots and approved rounds: each taken once from its ledger event (keyed by
 * its commitment id), published by one attempt at a time (a chain call of {@link CommitmentCalls}) until one is
 * confirmed at depth, then announced as CommitmentPublished in that transaction. A failed attempt (reverted, refused
 * before signing) is followed by a new one; a commitment the contract holds with another hash is a conflict: never
 * sent again, and its round is never paid.
 */
@ApplicationScoped
public class Commitments {

    private static final Logger LOG = Logger.getLogger(Commitments.class);
    static final String SOURCE = "/payout-service";
    /** Commitments given a new attempt per run. */
    static final int QUEUED_PER_RUN = 50;
    private static final int MAX_REASON_CHARS = 2000;

    private final CommitmentStore store;
    private final ProcessedEvents processedEvents;
    private final Outbox outbox;
    private final EventCodec codec;
    private final AuditLog audit;
    private final OwnActor own;
    private final Clock clock;
    private final Optional<Long> chainId;
    private final Optional<String> contract;
    private final Duration retryAfter;

    public Commitments(CommitmentStore store, ProcessedEvents processedEvents, Outbox outbox, EventCodec codec,
                       AuditLog audit, OwnActor own, Clock clock, PayoutConfig config) {
        this.store = store;
        this.processedEvents = processedEvents;
        this.outbox = outbox;
        this.codec = codec;
        this.audit = audit;
        this.own = own;
        this.clock = clock;
        this.chainId = config.commitments().chainId();
        this.contract = config.commitments().contract().map(address -> address.toLowerCase(Locale.ROOT));
        this.retryAfter = config.commitments().retryAfter();
    }

    /** What one ledger event asks to commit. */
    public sealed interface Request {
        UUID incidentId();

        String root();

        String totalsHash();

        String commitmentId();

        String committedHash();
    }

    /** A sealed snapshot: its root, row count, per-asset totals hash and the incident's cutoff (Unix seconds). */
    public record SnapshotRequest(UUID incidentId, String root, long rowCount, String totalsHash, long cutoffSeconds)
            implements Request {
        @Override
        public String commitmentId() {
            return CommitmentEncoding.snapshotCommitmentId(incidentId);
        }

        @Override
        public String committedHash() {
            return CommitmentEncoding.snapshotHash(root, rowCount, totalsHash, cutoffSeconds);
        }
    }

    /** An approved round: its number, id, entitlement root and this round's per-asset totals hash. */
    public record RoundRequest(UUID incidentId, int roundNumber, UUID roundId, String root, String totalsHash)
            implements Request {
        @Override
        public String commitmentId() {
            return CommitmentEncoding.roundCommitmentId(incidentId, roundNumber);
        }

        @Override
        public String committedHash() {
            return CommitmentEncoding.roundHash(roundId, root, totalsHash);
        }
    }

    /** Whether a registry is configured; without one nothing is committed (and no round paid). */
    public boolean configured() {
        return chainId.isPresent() && contract.isPresent();
    }

    /**
     * Takes the commitment {@code request} of event {@code eventId} once: a redelivered event, or another event asking
     * for the same commitment id, creates nothing. A request whose id is taken with other fields is refused loudly
     * (audited, never committed). The first attempt is queued in the same transaction when a registry is configured.
     */
    @Transactional
    public void request(UUID eventId, String eventType, Request request) {
        Instant now = clock.instant();
        if (!processedEvents.firstDelivery(eventId, eventType, now)) {
            LOG.debugf("event %s already processed, ignored", eventId);
            return;
        }
        String commitmentId = request.commitmentId();
        Optional<CommitmentEntity> existing = store.lock(commitmentId);
        if (existing.isPresent()) {
            if (!existing.get().committedHash.equals(request.committedHash())) {
                String reason = "event " + eventId + " asks to commit " + describe(request) + " under commitment id "
                        + commitmentId + ", which is taken by other fields (" + existing.get().committedHash + ")";
                LOG.errorf("ALERT commitment %s: %s; nothing is committed for it", commitmentId, reason);
                audit.append(own.actor(), "COMMITMENT_REFUSED", "COMMITMENT", commitmentId, null, null, reason);
            }
            return;
        }
        CommitmentEntity commitment = new CommitmentEntity();
        commitment.commitmentId = commitmentId;
        commitment.incidentId = request.incidentId();
        commitment.root = request.root();
        commitment.totalsHash = request.totalsHash();
        commitment.committedHash = request.committedHash();
        commitment.state = State.OPEN;
        commitment.sourceEventId = eventId;
        commitment.createdAt = now;
        commitment.updatedAt = now;
        switch (request) {
            case SnapshotRequest snapshot -> {
                commitment.kind = Kind.SNAPSHOT;
                commitment.rowCount = snapshot.rowCount();
                commitment.cutoffSeconds = snapshot.cutoffSeconds();
            }
            case RoundRequest round -> {
                commitment.kind = Kind.ROUND;
                commitment.roundId = round.roundId();
                commitment.roundNumber = round.roundNumber();
            }
        }
        store.add(commitment);
        audit.append(own.actor(), "COMMITMENT_REQUESTED", "COMMITMENT", commitmentId, null,
                AuditStates.json(auditState(commitment)), "from event " + eventType + " " + eventId);
        if (configured()) {
            queueAttempt(commitment, 1, now);
        } else {
            LOG.warnf("commitment %s (%s) waits: no CommitmentRegistry is configured (restitution.commitments)",
                    commitmentId, describe(request));
        }
    }

    /** Gives every OPEN commitment without a live attempt, whose last attempt failed long enough ago, a new attempt. */
    public void queueDue() {
        if (!configured()) {
            return;
        }
        Instant now = clock.instant();
        List<String> due = QuarkusTransaction.requiringNew().call(() -> store.due(now.minus(retryAfter), QUEUED_PER_RUN));
        for (String commitmentId : due) {
            QuarkusTransaction.requiringNew().run(() -> {
                CommitmentEntity commitment = store.lock(commitmentId).orElseThrow();
                List<CommitmentCallEntity> calls = store.callsOf(commitmentId);
                boolean live = calls.stream().anyMatch(call -> call.state() != CallState.FAILED);
                if (commitment.state == State.OPEN && !live) {
                    queueAttempt(commitment, calls.size() + 1, clock.instant());
                }
            });
        }
    }

    private void queueAttempt(CommitmentEntity commitment, int attempt, Instant now) {
        CommitmentCallEntity call = CommitmentCallEntity.queued(commitment.commitmentId, attempt, chainId.orElseThrow(),
                contract.orElseThrow(), now);
        store.addCall(call);
        LOG.infof("commitment %s (%s): attempt %d queued as call %s on chain %d", commitment.commitmentId,
                commitment.kind, attempt, call.id(), call.chainId());
    }

    /**
     * The commitment is on-chain at depth in {@code txHash} (block {@code blockNumber}) of {@code contractAddress}:
     * PUBLISHED, and CommitmentPublished goes to the outbox, in the caller's transaction. Once: a commitment already
     * published is left as it is.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void published(String commitmentId, long onChain, String contractAddress, String txHash, long blockNumber,
                          String how, Instant now) {
        CommitmentEntity commitment = store.lock(commitmentId)
                .orElseThrow(() -> new IllegalStateException("no commitment " + commitmentId));
        if (commitment.state != State.OPEN) {
            LOG.warnf("commitment %s is %s already; %s in %s changes nothing", commitmentId, commitment.state, how, txHash);
            return;
        }
        Map<String, Object> before = auditState(commitment);
        commitment.state = State.PUBLISHED;
        commitment.chainId = onChain;
        commitment.contract = contractAddress.toLowerCase(Locale.ROOT);
        commitment.txHash = txHash.toLowerCase(Locale.ROOT);
        commitment.blockNumber = blockNumber;
        commitment.publishedAt = now;
        commitment.updatedAt = now;
        CommitmentPublished payload = new CommitmentPublished()
                .withCommitmentId(commitment.commitmentId)
                .withKind(CommitmentPublished.Kind.valueOf(commitment.kind.name()))
                .withIncidentId(commitment.incidentId)
                .withRoundId(commitment.roundId)
                .withRoundNumber(commitment.roundNumber)
                .withRoot(commitment.root)
                .withChainId(onChain)
                .withContract(commitment.contract)
                .withTxHash(commitment.txHash)
                .withBlockNumber(blockNumber)
                .withPublishedAt(now.atOffset(ZoneOffset.UTC));
        outbox.append(EventTypes.topicOf(EventTypes.COMMITMENT_PUBLISHED), codec.wrap(UUID.randomUUID().toString(),
                EventTypes.COMMITMENT_PUBLISHED, SOURCE, now, commitment.incidentId.toString(), payload), now);
        audit.append(own.actor(), "COMMITMENT_PUBLISHED", "COMMITMENT", commitmentId, AuditStates.json(before),
                AuditStates.json(auditState(commitment)), how + " in transaction " + txHash + ", block " + blockNumber);
        LOG.infof("commitment %s (%s of incident %s) published: %s in block %d", commitmentId, commitment.kind,
                commitment.incidentId, txHash, blockNumber);
    }

    /**
     * The contract holds another hash under the commitment's id: CONFLICT, audited and alerted. Nothing is sent for it
     * again, and a round in conflict is never paid.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public void conflict(String commitmentId, String reason, Instant now) {
        CommitmentEntity commitment = store.lock(commitmentId)
                .orElseThrow(() -> new IllegalStateException("no commitment " + commitmentId));
        if (commitment.state != State.OPEN) {
            return;
        }
        Map<String, Object> before = auditState(commitment);
        commitment.state = State.CONFLICT;
        commitment.conflictReason = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason;
        commitment.updatedAt = now;
        audit.append(own.actor(), "COMMITMENT_CONFLICT", "COMMITMENT", commitmentId, AuditStates.json(before),
                AuditStates.json(auditState(commitment)), commitment.conflictReason);
        LOG.errorf("ALERT commitment %s (%s of incident %s) in conflict, never sent again%s: %s", commitmentId,
                commitment.kind, commitment.incidentId,
                commitment.kind == Kind.ROUND ? " and round " + commitment.roundId + " is never paid" : "", reason);
    }

    private static String describe(Request request) {
        return switch (request) {
            case SnapshotRequest snapshot -> "the snapshot of incident " + snapshot.incidentId() + " (root " + snapshot.root() + ")";
            case RoundRequest round -> "round " + round.roundNumber() + " (" + round.roundId() + ") of incident "
                    + round.incidentId() + " (entitlement root " + round.root() + ")";
        };
    }

    static Map<String, Object> auditState(CommitmentEntity commitment) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", commitment.state.name());
        state.put("kind", commitment.kind.name());
        state.put("incidentId", commitment.incidentId.toString());
        if (commitment.roundId != null) {
            state.put("roundId", commitment.roundId.toString());
            state.put("roundNumber", commitment.roundNumber);
        }
        state.put("root", commitment.root);
        state.put("committedHash", commitment.committedHash);
        if (commitment.txHash != null) {
            state.put("txHash", commitment.txHash);
            state.put("blockNumber", commitment.blockNumber);
        }
        return state;
    }
}
