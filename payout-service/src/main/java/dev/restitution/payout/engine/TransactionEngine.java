package dev.restitution.payout.engine;

import dev.restitution.kit.tracing.Tracing;
import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.engine.domain.CallState;
import dev.restitution.payout.engine.persistence.CallTransactionEntity;
import dev.restitution.payout.engine.persistence.ChainCallEntity;
import dev.restitution.payout.engine.persistence.ChainCallStore;
import dev.restitution.payout.engine.persistence.Nonces;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.context.Scope;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Gets each chain call's transaction mined exactly once, on the call's chain, one durable step at a time, holding
 * nothing in memory between steps: a restarted service (or another instance) resumes from the database alone.
 *
 * <ol>
 * <li>{@link #sign}: QUEUED to PENDING ({@link Signing}): the transaction is signed and stored with the call's
 *     nonce under the call's and the sender's row locks, after the owner's check; a refusal fails the call, a call
 *     its owner says must wait (a payment of a round not yet committed on-chain) stays QUEUED. Nothing is broadcast
 *     yet. A sender whose key the chain shows used elsewhere is halted ({@link Nonces}): its calls stay
 *     QUEUED, nothing is signed.</li>
 * <li>{@link #observe}: for a PENDING call, looks up the receipts of all its stored transactions (all share one
 *     nonce, so at most one is ever mined). Mined: recorded with its block; at the chain's depth the call is
 *     CONFIRMED (or FAILED when the transaction reverted) and its owner told in that transaction. A recorded block
 *     that is no longer canonical is a reorg: the record is cleared. Not mined: the latest stored transaction is
 *     broadcast (again); when it has waited longer than configured, a replacement with higher fees at the same
 *     nonce is signed, stored and broadcast, or, when the owner's check now refuses, the call is held and a
 *     cancellation (nothing to itself at the same nonce) is signed and broadcast instead. Whichever transaction is
 *     mined decides: the cancellation fails the call at depth, the payload confirms it. When the call's nonce was
 *     used at depth by a transaction this service did not sign, the sender is halted and the call held; its
 *     transactions are still observed.</li>
 * </ol>
 * A call is never signed with a second nonce, so no two of its transactions can both be mined.
 */
@ApplicationScoped
public class TransactionEngine {

    private static final Logger LOG = Logger.getLogger(TransactionEngine.class);
    /** The engine's span around one step of one call. */
    static final String STEP_SPAN = "chain call step";
    static final AttributeKey<String> CALL_ID = AttributeKey.stringKey("restitution.chain_call_id");

    private final ChainCallStore store;
    private final EvmChains chains;
    private final Signing signing;
    private final CallRecords records;
    private final Nonces nonces;
    private final List<CallOwner> owners;
    private final Clock clock;
    private final int callsPerRun;

    public TransactionEngine(ChainCallStore store, EvmChains chains, Signing signing, CallRecords records,
                             Nonces nonces, Instance<CallOwner> owners, Clock clock, PayoutConfig config) {
        this.store = store;
        this.chains = chains;
        this.signing = signing;
        this.records = records;
        this.nonces = nonces;
        this.owners = owners.stream().sorted(Comparator.comparingInt(CallOwner::rank)).toList();
        this.clock = clock;
        this.callsPerRun = config.execution().ordersPerRun();
    }

    /** Where a call is, and on which chain for which owner. */
    private record Located(CallOwner owner, EvmChain chain, CallState state) {
    }

    /** The next step for the call, whatever its state: what the worker runs and what a restart resumes with. */
    public void advance(UUID callId) {
        if (state(callId) == CallState.QUEUED) {
            sign(callId);
        }
        if (state(callId) == CallState.PENDING) {
            observe(callId);
        }
    }

    /**
     * The sender check of every chain, then the oldest open calls (held ones last, so they never crowd out the
     * rest; the calls of owners of a lower {@link CallOwner#rank} first), at most the configured number per run, each
     * advanced on its own.
     */
    public void runOnce() {
        for (EvmChain chain : chains.all()) {
            try {
                checkSender(chain);
            } catch (RuntimeException unavailable) {
                // One chain's node being down must not stop the others; its calls' steps fail on their own below.
                LOG.errorf("chain %d: sender check failed, retried next run: %s", chain.chainId(),
                        unavailable.getMessage());
            }
        }
        List<UUID> open = QuarkusTransaction.requiringNew().call(() -> {
            List<UUID> found = new ArrayList<>();
            owners.forEach(owner -> found.addAll(store.open(owner.entity(), callsPerRun - found.size())));
            return found;
        });
        for (UUID callId : open) {
            // The engine's own span for the step: what it records for the call's owner (a payment's spans in each
            // claim's trace) links to it.
            Span step = Tracing.tracer().spanBuilder(STEP_SPAN).setAttribute(CALL_ID, callId.toString()).startSpan();
            try (Scope ignored = step.makeCurrent()) {
                advance(callId);
            } catch (RuntimeException stepFailed) {
                // The step's transaction rolled back; the call is where the database says and is retried next run.
                step.recordException(stepFailed);
                step.setStatus(StatusCode.ERROR);
                LOG.errorf("chain call %s: step failed, retried next run: %s", callId, stepFailed.getMessage());
            } finally {
                step.end();
            }
        }
    }

    /**
     * Compares the chain's signing address's pending transaction count with its sequence; halts it when the chain
     * counts transactions this service did not sign, even while no call is waiting to be signed.
     */
    public void checkSender(EvmChain chain) {
        String sender = chain.signer().address();
        BigInteger pendingNonce = chain.reader().pendingNonce(sender);
        QuarkusTransaction.requiringNew().run(() -> nonces.lock(chain.chainId(), sender, pendingNonce));
    }

    public CallState state(UUID callId) {
        return locate(callId).state();
    }

    private Located locate(UUID callId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            for (CallOwner owner : owners) {
                Optional<? extends ChainCallEntity> call = store.find(owner.entity(), callId);
                if (call.isPresent()) {
                    return new Located(owner, chains.chain(call.get().chainId()), call.get().state());
                }
            }
            throw new IllegalArgumentException("no chain call " + callId);
        });
    }

    /** QUEUED to PENDING with one stored signed transaction, or to FAILED with the reason it was refused. */
    public void sign(UUID callId) {
        Located located = locate(callId);
        if (located.state() == CallState.QUEUED) {
            signing.sign(located.owner(), callId, located.chain());
        }
    }

    private record Mined(String txHash, TransactionReceipt receipt) {
    }

    private record Watched(List<String> hashes, Optional<String> sender, Optional<BigInteger> nonce) {
    }

    /**
     * For a PENDING call: records what the chain says about its transactions, confirms or fails it at the chain's
     * depth, holds it when a foreign transaction used its nonce, and otherwise (re-)broadcasts its latest
     * transaction and replaces it when overdue. A held call is only observed.
     */
    public void observe(UUID callId) {
        Located located = locate(callId);
        EvmChain chain = located.chain();
        Watched watched = QuarkusTransaction.requiringNew().call(() -> {
            ChainCallEntity call = store.find(located.owner().entity(), callId).orElseThrow();
            return new Watched(store.transactionsOf(callId).stream().map(stored -> stored.txHash).toList(),
                    call.sender(), call.nonce());
        });
        long head = chain.reader().headBlockNumber();
        // Read before the receipts: a nonce counted here and no receipt of ours afterwards was used by someone else.
        long depthBlock = head - chain.confirmations() + 1;
        Optional<BigInteger> countAtDepth = watched.sender().isEmpty() || depthBlock < 0 ? Optional.empty()
                : Optional.of(chain.reader().nonceAt(watched.sender().get(), depthBlock));
        Mined mined = null;
        for (String hash : watched.hashes()) {
            Optional<TransactionReceipt> receipt = chain.reader().receipt(hash);
            if (receipt.isPresent() && chain.reader().canonicalHash(receipt.get().getBlockNumber().longValueExact())
                    .filter(receipt.get().getBlockHash()::equals).isPresent()) {
                mined = new Mined(hash, receipt.get());
                break;
            }
        }
        Mined seen = mined;
        boolean waiting = QuarkusTransaction.requiringNew().call(() -> record(located, callId, seen, head, countAtDepth));
        if (waiting) {
            broadcast(callId);
            if (overdue(callId, chain)) {
                replace(callId);
            }
        }
    }

    /**
     * Records the receipt (or its absence); answers whether the call still waits to be mined and may be broadcast:
     * open, not mined, and not held or held with a cancellation to broadcast.
     */
    private boolean record(Located located, UUID callId, Mined mined, long head, Optional<BigInteger> countAtDepth) {
        CallOwner owner = located.owner();
        ChainCallEntity call = store.lock(owner.entity(), callId);
        if (call.state() != CallState.PENDING) {
            return false;
        }
        Instant now = clock.instant();
        List<CallTransactionEntity> transactions = store.transactionsOf(callId);
        for (CallTransactionEntity stored : transactions) {
            boolean minedThere = mined != null && stored.txHash.equals(mined.txHash())
                    && stored.isMinedIn(mined.receipt().getBlockHash());
            if (stored.isMined() && !minedThere) {
                LOG.warnf("%s %s: transaction %s is no longer in block %s (%s): reorg; it is broadcast again",
                        owner.kind(), callId, stored.txHash, stored.minedBlockNumber(), stored.minedBlockHash());
                stored.reorged();
            }
        }
        BigInteger nonce = call.nonce().orElseThrow();
        if (mined == null && countAtDepth.filter(count -> count.compareTo(nonce) > 0).isPresent()) {
            foreignNonceUse(owner, call, located.chain(), countAtDepth.get(), now);
        }
        if (mined == null) {
            return !call.isHeld() || transactions.getLast().cancels;
        }
        TransactionReceipt receipt = mined.receipt();
        CallTransactionEntity stored = store.transaction(mined.txHash());
        stored.mined(receipt.getBlockNumber().longValueExact(), receipt.getBlockHash(), receipt.isStatusOK(),
                receipt.getGasUsed(), now);
        long depth = head - stored.minedBlockNumber() + 1;
        if (depth < located.chain().confirmations()) {
            return true;
        }
        if (stored.cancels) {
            records.fail(owner, call, "cancelled: transaction " + stored.txHash + " took nonce " + nonce + " in block "
                    + stored.minedBlockNumber() + ", so no payment of the order was mined; held because: "
                    + call.heldReason().orElse(""), now);
        } else if (stored.succeeded()) {
            records.confirm(owner, call, stored, now);
        } else {
            records.fail(owner, call, "transaction " + stored.txHash + " reverted in block "
                    + stored.minedBlockNumber(), now);
        }
        return false;
    }

    /**
     * The call's nonce is used at depth and none of its transactions is in the chain: a transaction this service
     * did not sign took it. The sender is halted and the call held; none of its transactions can be mined unless
     * that block is reorganised away, which observing it further would still notice. Nothing is sent again.
     */
    private void foreignNonceUse(CallOwner owner, ChainCallEntity call, EvmChain chain, BigInteger chainCount,
                                 Instant now) {
        String sender = call.sender().orElseThrow();
        BigInteger nonce = call.nonce().orElseThrow();
        // The sender's row lock, as for signing; the count passed is the call's own nonce, never above the sequence.
        BigInteger databaseNext = nonces.lock(chain.chainId(), sender, nonce).next();
        String reason = "nonce " + nonce + " of " + sender + " is used on chain by a transaction this"
                + " service did not sign; none of the order's transactions can be mined";
        String halt = nonces.halt(chain.chainId(), sender, databaseNext, chainCount, reason);
        records.hold(owner, call, reason + " (sender halted: " + halt + ")", now);
    }

    /** Sends the call's latest stored transaction; records when it was first accepted, and tells the owner. */
    public void broadcast(UUID callId) {
        Located located = locate(callId);
        EvmChain chain = located.chain();
        Optional<CallTransactionEntity> latest = QuarkusTransaction.requiringNew().call(() -> store.latestOf(callId));
        if (latest.isEmpty()) {
            return;
        }
        Optional<String> error = chain.reader().broadcast(latest.get().rawTransaction);
        if (error.isPresent() && !alreadyTaken(error.get())) {
            LOG.warnf("chain call %s: the node refused transaction %s: %s", callId, latest.get().txHash, error.get());
            return;
        }
        if (latest.get().broadcastAt() == null) {
            QuarkusTransaction.requiringNew().run(() -> {
                Instant now = clock.instant();
                store.broadcast(latest.get().txHash, now);
                located.owner().broadcast(store.find(located.owner().entity(), callId).orElseThrow(),
                        store.transaction(latest.get().txHash), now);
            });
        }
    }

    /** The node already has it, or its nonce is used (by it, mined; the receipt check tells). */
    private static boolean alreadyTaken(String error) {
        String message = error.toLowerCase(Locale.ROOT);
        return message.contains("already known") || message.contains("already imported")
                || message.contains("nonce too low") || message.contains("already exists");
    }

    private boolean overdue(UUID callId, EvmChain chain) {
        Optional<CallTransactionEntity> latest = QuarkusTransaction.requiringNew().call(() -> store.latestOf(callId));
        return latest.isPresent() && latest.get().broadcastAt() != null
                && Duration.between(latest.get().broadcastAt(), clock.instant()).compareTo(chain.replaceAfter()) >= 0;
    }

    /** Signs a replacement (or, when the owner's check refuses, a cancellation) of an overdue call and broadcasts it. */
    public void replace(UUID callId) {
        Located located = locate(callId);
        if (signing.replace(located.owner(), callId, located.chain())) {
            broadcast(callId);
        }
    }
}
