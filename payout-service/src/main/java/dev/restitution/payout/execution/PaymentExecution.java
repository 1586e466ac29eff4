package dev.restitution.payout.execution;

import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.execution.ChainReader.Estimate;
import dev.restitution.payout.execution.persistence.PaymentOrderEntity;
import dev.restitution.payout.execution.persistence.PaymentOrderState;
import dev.restitution.payout.execution.persistence.PaymentTransactionEntity;
import dev.restitution.payout.execution.signer.TransactionSigner;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.core.methods.response.TransactionReceipt;

/**
 * Drives payment orders to the chain, one durable step at a time, holding nothing in memory between steps:
 * a restarted service (or another instance) resumes from the database alone.
 *
 * <ol>
 * <li>{@link #sign}: QUEUED to PENDING. Inside one transaction: the order's row lock, the sender's nonce row
 *     lock, the guard (allowlist, caps, denylist), then signing and storing the signed transaction and its hash
 *     with the order's nonce. A refusal fails the order instead. Nothing is broadcast yet.</li>
 * <li>{@link #observe}: for a PENDING order, looks up the receipts of all its stored transactions (all share
 *     one nonce, so at most one is ever mined). Mined: recorded with its block; at the configured depth the
 *     order is CONFIRMED (or FAILED when the transaction reverted) and the event fires in that transaction.
 *     A recorded block that is no longer canonical is a reorg: the record is cleared. Not mined: the latest
 *     stored transaction is broadcast (again); when it has waited longer than configured, a replacement with
 *     higher fees at the same nonce is signed and stored, then broadcast.</li>
 * </ol>
 * An order is never signed with a second nonce, so no two of its transactions can both be mined; the
 * contract's batch id (derived from the order id) refuses a second execution besides.
 */
@ApplicationScoped
public class PaymentExecution {

    private static final Logger LOG = Logger.getLogger(PaymentExecution.class);
    /** eth_estimateGas is exact for the state it ran on; the margin absorbs state changing before mining. */
    private static final int GAS_MARGIN_PERCENT = 20;
    private static final int MAX_REASON_CHARS = 2000;

    private final EntityManager entityManager;
    private final ChainReader chain;
    private final TransactionSigner signer;
    private final ExecutionGuard guard;
    private final Nonces nonces;
    private final Event<PaymentConfirmed> confirmedEvents;
    private final Event<PaymentFailed> failedEvents;
    private final FeePolicy fees;
    private final PayoutConfig.Execution config;
    private final long chainId;

    public PaymentExecution(EntityManager entityManager, ChainReader chain, TransactionSigner signer,
                            ExecutionGuard guard, Nonces nonces, Event<PaymentConfirmed> confirmedEvents,
                            Event<PaymentFailed> failedEvents, PayoutConfig config) {
        this.entityManager = entityManager;
        this.chain = chain;
        this.signer = signer;
        this.guard = guard;
        this.nonces = nonces;
        this.confirmedEvents = confirmedEvents;
        this.failedEvents = failedEvents;
        this.config = config.execution();
        this.chainId = config.chain().chainId();
        PayoutConfig.Fees feeConfig = config.execution().fees();
        this.fees = new FeePolicy(feeConfig.maxFeePerGasCeilingWei(), feeConfig.priorityFeeWei(),
                feeConfig.replacementBumpPercent());
    }

    /** The next step for the order, whatever its state: what the worker runs and what a restart resumes with. */
    public void advance(UUID orderId) {
        if (state(orderId) == PaymentOrderState.QUEUED) {
            sign(orderId);
        }
        if (state(orderId) == PaymentOrderState.PENDING) {
            observe(orderId);
        }
    }

    /** The oldest open orders, at most the configured number per run, each advanced on its own. */
    public void runOnce() {
        List<UUID> open = QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery("""
                        select o.id from PaymentOrderEntity o where o.state in (:queued, :pending)
                        order by o.queuedAt, o.id""", UUID.class)
                .setParameter("queued", PaymentOrderState.QUEUED)
                .setParameter("pending", PaymentOrderState.PENDING)
                .setMaxResults(config.ordersPerRun())
                .getResultList());
        for (UUID orderId : open) {
            try {
                advance(orderId);
            } catch (RuntimeException stepFailed) {
                // The step's transaction rolled back; the order is where the database says and is retried next run.
                LOG.errorf("payment order %s: step failed, retried next run: %s", orderId, stepFailed.getMessage());
            }
        }
    }

    public PaymentOrderState state(UUID orderId) {
        return QuarkusTransaction.requiringNew().call(() -> {
            PaymentOrderEntity order = entityManager.find(PaymentOrderEntity.class, orderId);
            if (order == null) {
                throw new IllegalArgumentException("no payment order " + orderId);
            }
            return order.state;
        });
    }

    // ---- step 1: sign -------------------------------------------------------------------------------------

    private record Queued(PaymentMethod method, Optional<String> tokenContract, List<PaymentItem> items) {
    }

    /** QUEUED to PENDING with one stored signed transaction, or to FAILED with the reason it was refused. */
    public void sign(UUID orderId) {
        Queued queued = QuarkusTransaction.requiringNew().call(() -> {
            PaymentOrderEntity order = entityManager.find(PaymentOrderEntity.class, orderId);
            return order.state != PaymentOrderState.QUEUED ? null : new Queued(order.method,
                    Optional.ofNullable(order.tokenContract), PaymentOrders.toItems(order));
        });
        if (queued == null) {
            return;
        }
        if (queued.method() == PaymentMethod.BATCH_CONTRACT && config.batchPayoutContract().isEmpty()) {
            QuarkusTransaction.requiringNew().run(() -> failIfState(orderId, PaymentOrderState.QUEUED,
                    "no BatchPayout contract is configured"));
            return;
        }
        // Chain reads happen before the signing transaction, so no row stays locked while the node answers.
        String sender = signer.address();
        PaymentCall call = PaymentCall.of(orderId, queued.method(), queued.tokenContract(), queued.items(),
                config.batchPayoutContract());
        boolean recipientHasCode = queued.method() == PaymentMethod.PLAIN_TRANSFER
                && queued.tokenContract().isEmpty() && chain.hasCode(call.to());
        Estimate estimate = chain.estimate(sender, call);
        BigInteger baseFee = chain.latestBlock().getBaseFeePerGas();
        BigInteger pendingNonce = chain.pendingNonce(sender);
        QuarkusTransaction.requiringNew().run(() -> signLocked(orderId, sender, call, recipientHasCode, estimate,
                baseFee, pendingNonce));
    }

    private void signLocked(UUID orderId, String sender, PaymentCall call, boolean recipientHasCode,
                            Estimate estimate, BigInteger baseFee, BigInteger pendingNonce) {
        PaymentOrderEntity order = entityManager.find(PaymentOrderEntity.class, orderId, LockModeType.PESSIMISTIC_WRITE);
        if (order.state != PaymentOrderState.QUEUED) {
            return;
        }
        Instant now = Instant.now();
        BigInteger nonce = nonces.lock(order.chainId, sender, pendingNonce);
        Optional<String> refusal = guard.refusal(order, call, recipientHasCode, now);
        if (refusal.isPresent()) {
            fail(order, refusal.get(), now);
            return;
        }
        if (estimate.refusal().isPresent()) {
            fail(order, "the chain refuses the payment: " + estimate.refusal().get(), now);
            return;
        }
        BigInteger estimated = estimate.gas().orElseThrow();
        BigInteger maxGas = BigInteger.valueOf(config.maxGasPerTransaction());
        if (estimated.compareTo(maxGas) > 0) {
            fail(order, "the payment needs " + estimated + " gas, above the per-transaction bound " + maxGas, now);
            return;
        }
        Optional<FeePolicy.Fees> offered = fees.first(baseFee);
        if (offered.isEmpty()) {
            LOG.warnf("payment order %s waits: base fee %s wei leaves no room under the max-fee ceiling", orderId, baseFee);
            return;
        }
        BigInteger gasLimit = estimated.multiply(BigInteger.valueOf(100 + GAS_MARGIN_PERCENT))
                .divide(BigInteger.valueOf(100)).min(maxGas);
        RawTransaction transaction = RawTransaction.createTransaction(chainId, nonce, gasLimit, call.to(),
                call.value(), call.data(), offered.get().maxPriorityFeePerGasWei(), offered.get().maxFeePerGasWei());
        store(order, 1, transaction, signer.sign(transaction), now);
        order.state = PaymentOrderState.PENDING;
        order.sender = sender;
        order.nonce = nonce;
        order.signedAt = now;
        order.updatedAt = now;
        nonces.taken(order.chainId, sender, nonce);
        LOG.infof("payment order %s signed with nonce %s", orderId, nonce);
    }

    private void store(PaymentOrderEntity order, int attempt, RawTransaction transaction, String signed, Instant now) {
        Transaction1559 fields = (Transaction1559) transaction.getTransaction();
        PaymentTransactionEntity stored = new PaymentTransactionEntity();
        stored.txHash = Hash.sha3(signed);
        stored.orderId = order.id;
        stored.attempt = attempt;
        stored.nonce = fields.getNonce();
        stored.gasLimit = fields.getGasLimit();
        stored.maxFeePerGasWei = fields.getMaxFeePerGas();
        stored.maxPriorityFeePerGasWei = fields.getMaxPriorityFeePerGas();
        stored.rawTransaction = signed;
        stored.signedAt = now;
        entityManager.persist(stored);
    }

    // ---- step 2: broadcast, observe, replace, confirm -----------------------------------------------------

    private record Mined(String txHash, TransactionReceipt receipt) {
    }

    /**
     * For a PENDING order: records what the chain says about its transactions, confirms or fails it at the
     * configured depth, and otherwise (re-)broadcasts its latest transaction and replaces it when overdue.
     */
    public void observe(UUID orderId) {
        List<String> hashes = QuarkusTransaction.requiringNew().call(() -> transactionsOf(orderId).stream()
                .map(stored -> stored.txHash).toList());
        long head = chain.headBlockNumber();
        Mined mined = null;
        for (String hash : hashes) {
            Optional<TransactionReceipt> receipt = chain.receipt(hash);
            if (receipt.isPresent() && chain.canonicalHash(receipt.get().getBlockNumber().longValueExact())
                    .filter(receipt.get().getBlockHash()::equals).isPresent()) {
                mined = new Mined(hash, receipt.get());
                break;
            }
        }
        Mined seen = mined;
        boolean open = QuarkusTransaction.requiringNew().call(() -> record(orderId, seen, head));
        if (open && seen == null) {
            broadcast(orderId);
            if (overdue(orderId)) {
                replace(orderId);
            }
        }
    }

    /** Records the receipt (or its absence); answers whether the order is still open. */
    private boolean record(UUID orderId, Mined mined, long head) {
        PaymentOrderEntity order = entityManager.find(PaymentOrderEntity.class, orderId, LockModeType.PESSIMISTIC_WRITE);
        if (order.state != PaymentOrderState.PENDING) {
            return false;
        }
        Instant now = Instant.now();
        for (PaymentTransactionEntity stored : transactionsOf(orderId)) {
            boolean minedThere = mined != null && stored.txHash.equals(mined.txHash())
                    && mined.receipt().getBlockHash().equals(stored.minedBlockHash);
            if (stored.minedBlockHash != null && !minedThere) {
                LOG.warnf("payment order %s: transaction %s is no longer in block %s (%s): reorg; it is broadcast again",
                        orderId, stored.txHash, stored.minedBlockNumber, stored.minedBlockHash);
                stored.minedBlockNumber = null;
                stored.minedBlockHash = null;
                stored.succeeded = null;
                stored.gasUsed = null;
                stored.reorgedCount++;
            }
        }
        if (mined == null) {
            return true;
        }
        TransactionReceipt receipt = mined.receipt();
        PaymentTransactionEntity stored = entityManager.find(PaymentTransactionEntity.class, mined.txHash());
        stored.minedBlockNumber = receipt.getBlockNumber().longValueExact();
        stored.minedBlockHash = receipt.getBlockHash();
        stored.succeeded = receipt.isStatusOK();
        stored.gasUsed = receipt.getGasUsed();
        if (stored.broadcastAt == null) {
            stored.broadcastAt = now;
        }
        long depth = head - stored.minedBlockNumber + 1;
        if (depth < config.confirmations()) {
            return true;
        }
        if (stored.succeeded) {
            confirm(order, stored, now);
        } else {
            fail(order, "transaction " + stored.txHash + " reverted in block " + stored.minedBlockNumber, now);
        }
        return false;
    }

    private void confirm(PaymentOrderEntity order, PaymentTransactionEntity stored, Instant now) {
        order.state = PaymentOrderState.CONFIRMED;
        order.confirmedTxHash = stored.txHash;
        order.confirmedBlockNumber = stored.minedBlockNumber;
        order.updatedAt = now;
        entityManager.flush();
        LOG.infof("payment order %s confirmed: %s in block %s", order.id, stored.txHash, stored.minedBlockNumber);
        confirmedEvents.fire(new PaymentConfirmed(order.id, order.batchId, stored.txHash, stored.minedBlockNumber, now));
    }

    private void failIfState(UUID orderId, PaymentOrderState expected, String reason) {
        PaymentOrderEntity order = entityManager.find(PaymentOrderEntity.class, orderId, LockModeType.PESSIMISTIC_WRITE);
        if (order.state == expected) {
            fail(order, reason, Instant.now());
        }
    }

    private void fail(PaymentOrderEntity order, String reason, Instant now) {
        String bounded = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason;
        order.state = PaymentOrderState.FAILED;
        order.failureReason = bounded;
        order.updatedAt = now;
        entityManager.flush();
        LOG.warnf("payment order %s failed: %s", order.id, bounded);
        failedEvents.fire(new PaymentFailed(order.id, order.batchId, bounded, now));
    }

    /** Sends the order's latest stored transaction; records when it was first accepted. */
    public void broadcast(UUID orderId) {
        PaymentTransactionEntity latest = QuarkusTransaction.requiringNew().call(() -> latestOf(orderId));
        if (latest == null) {
            return;
        }
        Optional<String> error = chain.broadcast(latest.rawTransaction);
        if (error.isPresent() && !alreadyTaken(error.get())) {
            LOG.warnf("payment order %s: the node refused transaction %s: %s", orderId, latest.txHash, error.get());
            return;
        }
        if (latest.broadcastAt == null) {
            QuarkusTransaction.requiringNew().run(() -> entityManager.createQuery("""
                            update PaymentTransactionEntity t set t.broadcastAt = :now
                            where t.txHash = :hash and t.broadcastAt is null""")
                    .setParameter("now", Instant.now()).setParameter("hash", latest.txHash).executeUpdate());
        }
    }

    /** The node already has it, or its nonce is used (by it, mined; the receipt check tells). */
    private static boolean alreadyTaken(String error) {
        String message = error.toLowerCase(Locale.ROOT);
        return message.contains("already known") || message.contains("already imported")
                || message.contains("nonce too low") || message.contains("already exists");
    }

    private boolean overdue(UUID orderId) {
        PaymentTransactionEntity latest = QuarkusTransaction.requiringNew().call(() -> latestOf(orderId));
        return latest != null && latest.broadcastAt != null
                && Duration.between(latest.broadcastAt, Instant.now()).compareTo(config.replaceAfter()) >= 0;
    }

    /**
     * Signs and stores a replacement of the latest transaction: the same nonce, recipient, value and data
     * (decoded from the stored transaction itself), higher fees; then broadcasts it.
     */
    public void replace(UUID orderId) {
        BigInteger baseFee = chain.latestBlock().getBaseFeePerGas();
        boolean replaced = QuarkusTransaction.requiringNew().call(() -> replaceLocked(orderId, baseFee));
        if (replaced) {
            broadcast(orderId);
        }
    }

    private boolean replaceLocked(UUID orderId, BigInteger baseFee) {
        PaymentOrderEntity order = entityManager.find(PaymentOrderEntity.class, orderId, LockModeType.PESSIMISTIC_WRITE);
        if (order.state != PaymentOrderState.PENDING) {
            return false;
        }
        List<PaymentTransactionEntity> stored = transactionsOf(orderId);
        if (stored.stream().anyMatch(transaction -> transaction.minedBlockHash != null)) {
            return false;
        }
        PaymentTransactionEntity latest = stored.getLast();
        if (!order.sender.equals(signer.address())) {
            LOG.errorf("payment order %s: cannot replace; it was signed by %s but the signer now signs for %s",
                    orderId, order.sender, signer.address());
            return false;
        }
        Optional<FeePolicy.Fees> higher = fees.replacement(
                new FeePolicy.Fees(latest.maxFeePerGasWei, latest.maxPriorityFeePerGasWei), baseFee);
        if (higher.isEmpty()) {
            LOG.warnf("payment order %s: no replacement; higher fees would cross the max-fee ceiling", orderId);
            return false;
        }
        Transaction1559 previous = (Transaction1559) TransactionDecoder.decode(latest.rawTransaction).getTransaction();
        if (!previous.getNonce().equals(order.nonce)) {
            throw new IllegalStateException("stored transaction " + latest.txHash + " does not carry the order's nonce");
        }
        RawTransaction replacement = RawTransaction.createTransaction(previous.getChainId(), order.nonce,
                previous.getGasLimit(), previous.getTo(), previous.getValue(), previous.getData(),
                higher.get().maxPriorityFeePerGasWei(), higher.get().maxFeePerGasWei());
        store(order, latest.attempt + 1, replacement, signer.sign(replacement), Instant.now());
        order.updatedAt = Instant.now();
        LOG.infof("payment order %s: transaction %s not mined in %s; replacement %d signed with max fee %s wei",
                orderId, latest.txHash, config.replaceAfter(), latest.attempt + 1, higher.get().maxFeePerGasWei());
        return true;
    }

    private List<PaymentTransactionEntity> transactionsOf(UUID orderId) {
        return entityManager.createQuery("""
                        select t from PaymentTransactionEntity t where t.orderId = :order order by t.attempt""",
                        PaymentTransactionEntity.class)
                .setParameter("order", orderId).getResultList();
    }

    private PaymentTransactionEntity latestOf(UUID orderId) {
        List<PaymentTransactionEntity> stored = transactionsOf(orderId);
        return stored.isEmpty() ? null : stored.getLast();
    }
}
