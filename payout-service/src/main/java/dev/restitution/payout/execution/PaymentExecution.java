package dev.restitution.payout.execution;

import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.execution.ChainReader.Estimate;
import dev.restitution.payout.execution.persistence.PaymentOrderEntity;
import dev.restitution.payout.execution.persistence.PaymentOrderState;
import dev.restitution.payout.execution.persistence.PaymentTransactionEntity;
import dev.restitution.payout.execution.signer.TransactionSigner;
import dev.restitution.payout.security.OwnActor;
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
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.utils.Numeric;

/**
 * Drives payment orders to the chain, one durable step at a time, holding nothing in memory between steps:
 * a restarted service (or another instance) resumes from the database alone.
 *
 * <ol>
 * <li>{@link #sign}: QUEUED to PENDING. Inside one transaction: the order's row lock, the sender's nonce row
 *     lock, the guard (allowlist, caps, denylist), then signing and storing the signed transaction and its hash
 *     with the order's nonce. A refusal fails the order instead. Nothing is broadcast yet. A sender whose key
 *     the chain shows used elsewhere is halted ({@link Nonces}): its orders stay QUEUED, nothing is signed.</li>
 * <li>{@link #observe}: for a PENDING order, looks up the receipts of all its stored transactions (all share
 *     one nonce, so at most one is ever mined). Mined: recorded with its block; at the configured depth the
 *     order is CONFIRMED (or FAILED when the transaction reverted) and the event fires in that transaction.
 *     A recorded block that is no longer canonical is a reorg: the record is cleared. Not mined: the latest
 *     stored transaction is broadcast (again); when it has waited longer than configured, a replacement with
 *     higher fees at the same nonce is signed and stored, then broadcast. A replacement passes the same guard
 *     as the first signature. On a refusal the order is held and, instead of the replacement, a cancellation is
 *     signed and broadcast: a transfer of nothing from the sender to itself at the order's nonce with the
 *     replacement's higher fees, so that the payment signed before is not mined. Whichever of the order's
 *     transactions is mined decides: the cancellation fails the order at depth (nothing paid), a payment
 *     transaction confirms it (paid once). When the order's nonce was used at depth by a transaction this service
 *     did not sign, or the sender is halted, the order is held and nothing more is signed or broadcast for it;
 *     its transactions are still observed (a signed one may still be mined, and is then confirmed as paid).</li>
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
    /** A transfer of nothing to an account without code costs exactly the intrinsic gas. */
    private static final BigInteger CANCELLATION_GAS = BigInteger.valueOf(21_000);
    static final String ORDER_SUBJECT = "PAYMENT_ORDER";

    private final EntityManager entityManager;
    private final ChainReader chain;
    private final TransactionSigner signer;
    private final ExecutionGuard guard;
    private final Nonces nonces;
    private final AuditLog audit;
    private final OwnActor own;
    private final Event<PaymentConfirmed> confirmedEvents;
    private final Event<PaymentFailed> failedEvents;
    private final FeePolicy fees;
    private final PayoutConfig.Execution config;
    private final long chainId;

    public PaymentExecution(EntityManager entityManager, ChainReader chain, TransactionSigner signer,
                            ExecutionGuard guard, Nonces nonces, AuditLog audit, Event<PaymentConfirmed> confirmedEvents,
                            Event<PaymentFailed> failedEvents, PayoutConfig config,
                            OwnActor own) {
        this.entityManager = entityManager;
        this.chain = chain;
        this.signer = signer;
        this.guard = guard;
        this.nonces = nonces;
        this.audit = audit;
        this.own = own;
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

    /**
     * The sender check, then the oldest open orders (held ones last, so they never crowd out the rest), at most
     * the configured number per run, each advanced on its own.
     */
    public void runOnce() {
        checkSender();
        List<UUID> open = QuarkusTransaction.requiringNew().call(() -> entityManager.createQuery("""
                        select o.id from PaymentOrderEntity o where o.state in (:queued, :pending)
                        order by case when o.heldAt is null then 0 else 1 end, o.queuedAt, o.id""", UUID.class)
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

    /**
     * Compares the signing address's pending transaction count with its sequence; halts it when the chain counts
     * transactions this service did not sign, even while no order is waiting to be signed.
     */
    public void checkSender() {
        String sender = signer.address();
        BigInteger pendingNonce = chain.pendingNonce(sender);
        QuarkusTransaction.requiringNew().run(() -> nonces.lock(chainId, sender, pendingNonce));
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
        Nonces.Lock lock = nonces.lock(order.chainId, sender, pendingNonce);
        if (lock.halted().isPresent()) {
            LOG.errorf("payment order %s stays unsigned: sending address %s is halted: %s", orderId, sender,
                    lock.halted().get());
            return;
        }
        BigInteger nonce = lock.next();
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
        store(order, 1, transaction, signer.sign(transaction), false, now);
        order.state = PaymentOrderState.PENDING;
        order.sender = sender;
        order.nonce = nonce;
        order.signedAt = now;
        order.updatedAt = now;
        nonces.taken(order.chainId, sender, nonce);
        LOG.infof("payment order %s signed with nonce %s", orderId, nonce);
    }

    private void store(PaymentOrderEntity order, int attempt, RawTransaction transaction, String signed, boolean cancels,
                       Instant now) {
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
        stored.cancels = cancels;
        entityManager.persist(stored);
    }

    // ---- step 2: broadcast, observe, replace, confirm -----------------------------------------------------

    private record Mined(String txHash, TransactionReceipt receipt) {
    }

    private record Watched(List<String> hashes, String sender, BigInteger nonce) {
    }

    /**
     * For a PENDING order: records what the chain says about its transactions, confirms or fails it at the
     * configured depth, holds it when a foreign transaction used its nonce, and otherwise (re-)broadcasts its
     * latest transaction and replaces it when overdue. A held order is only observed.
     */
    public void observe(UUID orderId) {
        Watched watched = QuarkusTransaction.requiringNew().call(() -> {
            PaymentOrderEntity order = entityManager.find(PaymentOrderEntity.class, orderId);
            return new Watched(transactionsOf(orderId).stream().map(stored -> stored.txHash).toList(), order.sender,
                    order.nonce);
        });
        long head = chain.headBlockNumber();
        // Read before the receipts: a nonce counted here and no receipt of ours afterwards was used by someone else.
        long depthBlock = head - config.confirmations() + 1;
        Optional<BigInteger> countAtDepth = watched.sender() == null || depthBlock < 0 ? Optional.empty()
                : Optional.of(chain.nonceAt(watched.sender(), depthBlock));
        Mined mined = null;
        for (String hash : watched.hashes()) {
            Optional<TransactionReceipt> receipt = chain.receipt(hash);
            if (receipt.isPresent() && chain.canonicalHash(receipt.get().getBlockNumber().longValueExact())
                    .filter(receipt.get().getBlockHash()::equals).isPresent()) {
                mined = new Mined(hash, receipt.get());
                break;
            }
        }
        Mined seen = mined;
        boolean waiting = QuarkusTransaction.requiringNew().call(() -> record(orderId, seen, head, countAtDepth));
        if (waiting) {
            broadcast(orderId);
            if (overdue(orderId)) {
                replace(orderId);
            }
        }
    }

    /**
     * Records the receipt (or its absence); answers whether the order still waits to be mined and may be
     * broadcast: open, not mined, and not held or held with a cancellation to broadcast.
     */
    private boolean record(UUID orderId, Mined mined, long head, Optional<BigInteger> countAtDepth) {
        PaymentOrderEntity order = entityManager.find(PaymentOrderEntity.class, orderId, LockModeType.PESSIMISTIC_WRITE);
        if (order.state != PaymentOrderState.PENDING) {
            return false;
        }
        Instant now = Instant.now();
        List<PaymentTransactionEntity> transactions = transactionsOf(orderId);
        for (PaymentTransactionEntity stored : transactions) {
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
        if (mined == null && countAtDepth.filter(count -> count.compareTo(order.nonce) > 0).isPresent()) {
            foreignNonceUse(order, countAtDepth.get(), now);
        }
        if (mined == null) {
            return order.heldAt == null || transactions.getLast().cancels;
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
        if (stored.cancels) {
            fail(order, "cancelled: transaction " + stored.txHash + " took nonce " + order.nonce + " in block "
                    + stored.minedBlockNumber + ", so no payment of the order was mined; held because: "
                    + order.heldReason, now);
        } else if (stored.succeeded) {
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

    /**
     * The order's nonce is used at depth and none of its transactions is in the chain: a transaction this service
     * did not sign took it. The sender is halted and the order held; none of its transactions can be mined unless
     * that block is reorganised away, which observing it further would still notice. Nothing is paid again.
     */
    private void foreignNonceUse(PaymentOrderEntity order, BigInteger chainCount, Instant now) {
        // The sender's row lock, as for signing; the count passed is the order's own nonce, never above the sequence.
        BigInteger databaseNext = nonces.lock(order.chainId, order.sender, order.nonce).next();
        String reason = "nonce " + order.nonce + " of " + order.sender + " is used on chain by a transaction this"
                + " service did not sign; none of the order's transactions can be mined";
        String halt = nonces.halt(order.chainId, order.sender, databaseNext, chainCount, reason);
        hold(order, reason + " (sender halted: " + halt + ")", now);
    }

    /** Stops signing and broadcasting for a PENDING order, once; audited and alerted. Its receipts are still observed. */
    private void hold(PaymentOrderEntity order, String reason, Instant now) {
        if (order.heldAt != null) {
            return;
        }
        String bounded = reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason;
        order.heldReason = bounded;
        order.heldAt = now;
        order.updatedAt = now;
        audit.append(own.actor(), "PAYMENT_ORDER_HELD", ORDER_SUBJECT, order.id.toString(),
                AuditStates.json(Map.of("state", order.state.name(), "held", false, "nonce", order.nonce.toString())),
                AuditStates.json(Map.of("state", order.state.name(), "held", true, "nonce", order.nonce.toString())),
                bounded);
        LOG.errorf("ALERT payment order %s of batch %s held: %s", order.id, order.batchId, bounded);
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
     * (decoded from the stored transaction itself), higher fees; then broadcasts it. The replacement passes the
     * same guard as a first signature, at this moment: a recipient denylisted since, a cap or an allowlist that
     * no longer admits it hold the order and sign its cancellation instead; a halted sender holds it and nothing
     * is signed. A cancellation is never replaced.
     */
    public void replace(UUID orderId) {
        PaymentTransactionEntity latest = QuarkusTransaction.requiringNew().call(() -> latestOf(orderId));
        if (latest == null || latest.cancels) {
            return;
        }
        // Chain reads happen before the signing transaction, so no row stays locked while the node answers.
        Transaction1559 previous = (Transaction1559) TransactionDecoder.decode(latest.rawTransaction).getTransaction();
        boolean plainNative = previous.getData() == null || Numeric.cleanHexPrefix(previous.getData()).isEmpty();
        boolean recipientHasCode = plainNative && chain.hasCode(previous.getTo());
        BigInteger baseFee = chain.latestBlock().getBaseFeePerGas();
        BigInteger pendingNonce = chain.pendingNonce(signer.address());
        boolean replaced = QuarkusTransaction.requiringNew().call(() -> replaceLocked(orderId, latest.txHash,
                previous, recipientHasCode, baseFee, pendingNonce));
        if (replaced) {
            broadcast(orderId);
        }
    }

    private boolean replaceLocked(UUID orderId, String decodedHash, Transaction1559 previous, boolean recipientHasCode,
                                  BigInteger baseFee, BigInteger pendingNonce) {
        PaymentOrderEntity order = entityManager.find(PaymentOrderEntity.class, orderId, LockModeType.PESSIMISTIC_WRITE);
        if (order.state != PaymentOrderState.PENDING || order.heldAt != null) {
            return false;
        }
        List<PaymentTransactionEntity> stored = transactionsOf(orderId);
        if (stored.stream().anyMatch(transaction -> transaction.minedBlockHash != null)) {
            return false;
        }
        PaymentTransactionEntity latest = stored.getLast();
        if (!latest.txHash.equals(decodedHash)) {
            return false;
        }
        if (!previous.getNonce().equals(order.nonce)) {
            throw new IllegalStateException("stored transaction " + latest.txHash + " does not carry the order's nonce");
        }
        if (!order.sender.equals(signer.address())) {
            LOG.errorf("payment order %s: cannot replace; it was signed by %s but the signer now signs for %s",
                    orderId, order.sender, signer.address());
            return false;
        }
        Instant now = Instant.now();
        Nonces.Lock lock = nonces.lock(order.chainId, order.sender, pendingNonce);
        if (lock.halted().isPresent()) {
            hold(order, "no replacement signed: sending address " + order.sender + " is halted: "
                    + lock.halted().get(), now);
            return false;
        }
        Optional<String> refusal = guard.refusal(order, new PaymentCall(previous.getTo(), previous.getValue(),
                previous.getData()), recipientHasCode, now);
        Optional<FeePolicy.Fees> higher = fees.replacement(
                new FeePolicy.Fees(latest.maxFeePerGasWei, latest.maxPriorityFeePerGasWei), baseFee);
        if (refusal.isPresent()) {
            return cancel(order, latest, refusal.get(), higher, now);
        }
        if (higher.isEmpty()) {
            LOG.warnf("payment order %s: no replacement; higher fees would cross the max-fee ceiling", orderId);
            return false;
        }
        RawTransaction replacement = RawTransaction.createTransaction(previous.getChainId(), order.nonce,
                previous.getGasLimit(), previous.getTo(), previous.getValue(), previous.getData(),
                higher.get().maxPriorityFeePerGasWei(), higher.get().maxFeePerGasWei());
        store(order, latest.attempt + 1, replacement, signer.sign(replacement), false, now);
        order.updatedAt = now;
        LOG.infof("payment order %s: transaction %s not mined in %s; replacement %d signed with max fee %s wei",
                orderId, latest.txHash, config.replaceAfter(), latest.attempt + 1, higher.get().maxFeePerGasWei());
        return true;
    }

    /**
     * Holds the order the guard no longer lets pay and signs its cancellation: nothing from the sender to itself at
     * the order's nonce, with the fees a replacement would offer ({@code higher}), so that nodes drop the payment
     * for it. The cancellation passes no guard: it moves nothing, and its fees stay under the ceiling. Answers
     * whether one was signed (to be broadcast); when the ceiling leaves no room, the order is only held.
     */
    private boolean cancel(PaymentOrderEntity order, PaymentTransactionEntity latest, String refusal,
                           Optional<FeePolicy.Fees> higher, Instant now) {
        if (higher.isEmpty()) {
            hold(order, "no replacement signed: " + refusal + "; no cancellation either: higher fees would cross the"
                    + " max-fee ceiling; transaction " + latest.txHash + " signed before may still be mined and is"
                    + " then confirmed as paid", now);
            return false;
        }
        RawTransaction cancellation = RawTransaction.createTransaction(chainId, order.nonce,
                CANCELLATION_GAS, order.sender, BigInteger.ZERO, "", higher.get().maxPriorityFeePerGasWei(),
                higher.get().maxFeePerGasWei());
        String signed = signer.sign(cancellation);
        store(order, latest.attempt + 1, cancellation, signed, true, now);
        hold(order, "no replacement signed: " + refusal + "; cancellation " + Hash.sha3(signed) + " signed at nonce "
                + order.nonce + " so that transaction " + latest.txHash + " signed before is not mined; if it is"
                + " mined all the same, the order is confirmed as paid", now);
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
