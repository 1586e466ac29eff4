package dev.restitution.payout.commitment;

import dev.restitution.payout.commitment.domain.CommitmentEncoding;
import dev.restitution.payout.commitment.persistence.CommitmentCallEntity;
import dev.restitution.payout.commitment.persistence.CommitmentEntity;
import dev.restitution.payout.commitment.persistence.CommitmentEntity.Kind;
import dev.restitution.payout.commitment.persistence.CommitmentEntity.State;
import dev.restitution.payout.commitment.persistence.CommitmentStore;
import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.engine.CallOwner;
import dev.restitution.payout.engine.EvmChain;
import dev.restitution.payout.engine.domain.CallData;
import dev.restitution.payout.engine.persistence.CallTransactionEntity;
import dev.restitution.payout.engine.persistence.ChainCallEntity;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.web3j.crypto.Hash;
import org.web3j.protocol.core.DefaultBlockParameter;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.utils.Numeric;

/**
 * The chain calls that publish commitments: commitSnapshot or commitRound to the configured CommitmentRegistry,
 * signed by the chain's payout signer and mined exactly once by the transaction engine (nonce, fees, stored before
 * broadcast, replacement, confirmations, reorgs). Before signing, the plan reads the contract's
 * {@code commitments(id)}: empty, the call is signed; our hash, it is on-chain already (an attempt before a crash, or a
 * transaction the engine lost track of): its event's transaction is adopted at depth and nothing is sent again; another
 * hash, a conflict: refused loudly and never sent. A round waits until its incident's snapshot is published (the
 * contract refuses it before).
 */
@ApplicationScoped
public class CommitmentCalls implements CallOwner {

    private static final Logger LOG = Logger.getLogger(CommitmentCalls.class);
    private static final String SNAPSHOT_EVENT = Hash.sha3String("SnapshotCommitted(bytes16,bytes32,uint64,bytes32,uint64)");
    private static final String ROUND_EVENT = Hash.sha3String("RoundCommitted(bytes16,uint32,bytes16,bytes32,bytes32)");
    private static final String EMPTY = "0x" + "0".repeat(64);

    private final CommitmentStore store;
    private final Commitments commitments;
    private final Clock clock;
    private final DefaultBlockParameter registryDeployedAt;

    public CommitmentCalls(CommitmentStore store, Commitments commitments, Clock clock, PayoutConfig config) {
        this.store = store;
        this.commitments = commitments;
        this.clock = clock;
        this.registryDeployedAt = DefaultBlockParameter.valueOf(
                BigInteger.valueOf(config.commitments().deployedAtBlock()));
    }

    @Override
    public Class<? extends ChainCallEntity> entity() {
        return CommitmentCallEntity.class;
    }

    @Override
    public String kind() {
        return CommitmentCallEntity.KIND;
    }

    /** Commitments first: payments of a round wait for its commitment. */
    @Override
    public int rank() {
        return 0;
    }

    /** What the plan reads in one transaction: the attempt, its commitment and (for a round) its snapshot's state. */
    private record Planned(String contract, CommitmentEntity commitment, Optional<State> snapshotState) {
    }

    @Override
    public Plan plan(UUID callId, EvmChain chain) {
        Planned planned = QuarkusTransaction.requiringNew().call(() -> {
            CommitmentCallEntity call = store.findCall(callId)
                    .orElseThrow(() -> new IllegalStateException("the engine names commitment call " + callId + ", which is not stored"));
            CommitmentEntity commitment = store.find(call.commitmentId).orElseThrow();
            Optional<State> snapshot = commitment.kind == Kind.ROUND
                    ? store.find(CommitmentEncoding.snapshotCommitmentId(commitment.incidentId)).map(found -> found.state)
                    : Optional.empty();
            return new Planned(call.contract, commitment, snapshot);
        });
        CommitmentEntity commitment = planned.commitment();
        if (commitment.state != State.OPEN) {
            return new Plan.Refuse("commitment " + commitment.commitmentId + " is " + commitment.state + "; nothing to send");
        }
        if (commitment.kind == Kind.ROUND && planned.snapshotState().filter(State.PUBLISHED::equals).isEmpty()) {
            return new Plan.Wait("the snapshot of incident " + commitment.incidentId + " is not committed yet ("
                    + planned.snapshotState().map(Enum::name).orElse("not received") + ")");
        }
        String onChain = stored(chain, planned.contract(), commitment.commitmentId);
        if (onChain.equals(commitment.committedHash)) {
            return adopt(chain, planned.contract(), commitment);
        }
        if (!onChain.equals(EMPTY)) {
            String reason = "the CommitmentRegistry " + planned.contract() + " on chain " + chain.chainId()
                    + " holds " + onChain + " under commitment id " + commitment.commitmentId + ", not our "
                    + commitment.committedHash;
            QuarkusTransaction.requiringNew().run(() -> commitments.conflict(commitment.commitmentId, reason, clock.instant()));
            return new Plan.Refuse(reason);
        }
        CallData call = new CallData.Of(planned.contract(), BigInteger.ZERO, callData(commitment));
        return new Plan.Sign(call, (signed, now) -> stillOpen(signed));
    }

    /** A replacement is signed only while the commitment is still OPEN; otherwise the engine cancels it. */
    @Override
    public SigningCheck replacementCheck(CallData call, EvmChain chain) {
        return (signed, now) -> stillOpen(signed);
    }

    private Optional<String> stillOpen(ChainCallEntity signed) {
        CommitmentCallEntity call = (CommitmentCallEntity) signed;
        CommitmentEntity commitment = store.find(call.commitmentId).orElseThrow();
        return commitment.state == State.OPEN ? Optional.empty()
                : Optional.of("commitment " + commitment.commitmentId + " is " + commitment.state + " already");
    }

    @Override
    public void confirmed(ChainCallEntity call, CallTransactionEntity transaction, Instant now) {
        CommitmentCallEntity attempt = (CommitmentCallEntity) call;
        commitments.published(attempt.commitmentId, attempt.chainId(), attempt.contract, transaction.txHash,
                transaction.minedBlockNumber(), "attempt " + attempt.attempt + " confirmed", now);
    }

    @Override
    public void failed(ChainCallEntity call, String reason, Instant now) {
        CommitmentCallEntity attempt = (CommitmentCallEntity) call;
        LOG.warnf("commitment %s: attempt %d failed (%s); a new attempt follows unless it is published or in conflict",
                attempt.commitmentId, attempt.attempt, reason);
    }

    /** What {@code commitments(id)} of the registry holds at the latest block, 0x and 64 lowercase hex digits. */
    private static String stored(EvmChain chain, String contract, String commitmentId) {
        String answer = chain.reader().callLatest(contract, CommitmentEncoding.commitmentsCall(commitmentId))
                .orElseThrow(() -> new IllegalStateException("commitments(" + commitmentId + ") of " + contract
                        + " reverted: is it a CommitmentRegistry?"));
        return Numeric.toHexStringWithPrefixZeroPadded(Numeric.toBigInt(answer), 64).toLowerCase(Locale.ROOT);
    }

    /**
     * The registry holds our hash already: finds the commitment's event, and at the chain's depth publishes its
     * transaction and refuses this attempt (nothing is sent again); before that depth the attempt waits.
     */
    private Plan adopt(EvmChain chain, String contract, CommitmentEntity commitment) {
        List<String> topics = new ArrayList<>();
        topics.add(commitment.kind == Kind.SNAPSHOT ? SNAPSHOT_EVENT : ROUND_EVENT);
        topics.add(Numeric.toHexString(CommitmentEncoding.bytes16(commitment.incidentId)) + "0".repeat(32));
        if (commitment.kind == Kind.ROUND) {
            topics.add(Numeric.toHexStringWithPrefixZeroPadded(BigInteger.valueOf(commitment.roundNumber), 64));
        }
        EthFilter filter = new EthFilter(registryDeployedAt, DefaultBlockParameterName.LATEST, contract);
        topics.forEach(filter::addSingleTopic);
        Optional<Log> event = chain.reader().logs(filter).stream().filter(log -> !log.isRemoved()).findFirst();
        if (event.isEmpty()) {
            LOG.errorf("commitment %s is on-chain in %s but the node shows no event of it; waiting", commitment.commitmentId,
                    contract);
            return new Plan.Wait("commitment on-chain, its event not found");
        }
        long block = event.get().getBlockNumber().longValueExact();
        long depth = chain.reader().headBlockNumber() - block + 1;
        if (depth < chain.confirmations()) {
            return new Plan.Wait("commitment on-chain in " + event.get().getTransactionHash() + ", block " + block
                    + ", not yet at depth " + chain.confirmations());
        }
        String txHash = event.get().getTransactionHash();
        QuarkusTransaction.requiringNew().run(() -> commitments.published(commitment.commitmentId, chain.chainId(), contract,
                txHash, block, "found on-chain (sent before)", clock.instant()));
        return new Plan.Refuse("commitment " + commitment.commitmentId + " is on-chain already in " + txHash
                + " (block " + block + "); adopted, nothing sent again");
    }

    private static String callData(CommitmentEntity commitment) {
        return commitment.kind == Kind.SNAPSHOT
                ? CommitmentEncoding.commitSnapshotCall(commitment.incidentId, commitment.root, commitment.rowCount,
                        commitment.totalsHash, commitment.cutoffSeconds)
                : CommitmentEncoding.commitRoundCall(commitment.incidentId, commitment.roundNumber, commitment.roundId,
                        commitment.root, commitment.totalsHash);
    }
}
