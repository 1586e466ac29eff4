package dev.restitution.payout.engine;

import dev.restitution.payout.engine.ChainReader.Estimate;
import dev.restitution.payout.engine.domain.CallData;
import dev.restitution.payout.engine.domain.CallState;
import dev.restitution.payout.engine.domain.FeePolicy;
import dev.restitution.payout.engine.persistence.CallTransactionEntity;
import dev.restitution.payout.engine.persistence.ChainCallEntity;
import dev.restitution.payout.engine.persistence.ChainCallStore;
import dev.restitution.payout.engine.persistence.Nonces;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.jboss.logging.Logger;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionDecoder;
import org.web3j.crypto.transaction.type.Transaction1559;

/**
 * Every signature the engine makes: a call's first transaction, a replacement at the same nonce with higher fees,
 * and a cancellation. Chain reads happen before the signing transaction, so no row stays locked while the node
 * answers; inside it the call's row lock, the sender's nonce row lock and the owner's check come first, and the
 * signed transaction is stored before anything broadcasts it.
 */
@ApplicationScoped
public class Signing {

    private static final Logger LOG = Logger.getLogger(Signing.class);
    /** eth_estimateGas is exact for the state it ran on; the margin absorbs state changing before mining. */
    private static final int GAS_MARGIN_PERCENT = 20;
    /** A transfer of nothing to an account without code costs exactly the intrinsic gas. */
    private static final BigInteger CANCELLATION_GAS = BigInteger.valueOf(21_000);

    private final ChainCallStore store;
    private final CallRecords records;
    private final Nonces nonces;
    private final Clock clock;

    public Signing(ChainCallStore store, CallRecords records, Nonces nonces, Clock clock) {
        this.store = store;
        this.records = records;
        this.nonces = nonces;
        this.clock = clock;
    }

    /**
     * QUEUED to PENDING with one stored signed transaction, or to FAILED with the reason it was refused; a call its
     * owner says must wait stays QUEUED.
     */
    public void sign(CallOwner owner, UUID callId, EvmChain chain) {
        CallOwner.Plan plan = owner.plan(callId, chain);
        if (plan instanceof CallOwner.Plan.Refuse refuse) {
            QuarkusTransaction.requiringNew().run(() -> {
                ChainCallEntity call = store.lock(owner.entity(), callId);
                if (call.state() == CallState.QUEUED) {
                    records.fail(owner, call, refuse.reason(), clock.instant());
                }
            });
            return;
        }
        if (plan instanceof CallOwner.Plan.Wait wait) {
            LOG.debugf("%s %s stays unsigned for now: %s", owner.kind(), callId, wait.reason());
            QuarkusTransaction.requiringNew().run(() -> {
                ChainCallEntity call = store.lock(owner.entity(), callId);
                if (call.state() == CallState.QUEUED) {
                    call.waited(clock.instant());
                }
            });
            return;
        }
        CallOwner.Plan.Sign signing = (CallOwner.Plan.Sign) plan;
        String sender = chain.signer().address();
        Estimate estimate = chain.reader().estimate(sender, signing.call());
        BigInteger baseFee = chain.reader().latestBlock().getBaseFeePerGas();
        BigInteger pendingNonce = chain.reader().pendingNonce(sender);
        QuarkusTransaction.requiringNew().run(() -> signLocked(owner, callId, chain, sender, signing, estimate,
                baseFee, pendingNonce));
    }

    private void signLocked(CallOwner owner, UUID callId, EvmChain chain, String sender, CallOwner.Plan.Sign signing,
                            Estimate estimate, BigInteger baseFee, BigInteger pendingNonce) {
        ChainCallEntity call = store.lock(owner.entity(), callId);
        if (call.state() != CallState.QUEUED) {
            return;
        }
        Instant now = clock.instant();
        Nonces.Lock lock = nonces.lock(chain.chainId(), sender, pendingNonce);
        if (lock.halted().isPresent()) {
            LOG.errorf("%s %s stays unsigned: sending address %s is halted: %s", owner.kind(), callId, sender,
                    lock.halted().get());
            return;
        }
        Optional<String> refusal = signing.check().refusal(call, now);
        if (refusal.isPresent()) {
            records.fail(owner, call, refusal.get(), now);
            return;
        }
        if (estimate.refusal().isPresent()) {
            records.fail(owner, call, "the chain refuses the payment: " + estimate.refusal().get(), now);
            return;
        }
        BigInteger estimated = estimate.gas().orElseThrow();
        BigInteger maxGas = BigInteger.valueOf(chain.maxGasPerTransaction());
        if (estimated.compareTo(maxGas) > 0) {
            records.fail(owner, call, "the payment needs " + estimated + " gas, above the per-transaction bound "
                    + maxGas, now);
            return;
        }
        Optional<FeePolicy.Fees> offered = chain.fees().first(baseFee);
        if (offered.isEmpty()) {
            LOG.warnf("%s %s waits: base fee %s wei leaves no room under the max-fee ceiling", owner.kind(), callId,
                    baseFee);
            return;
        }
        BigInteger nonce = lock.next();
        BigInteger gasLimit = estimated.multiply(BigInteger.valueOf(100 + GAS_MARGIN_PERCENT))
                .divide(BigInteger.valueOf(100)).min(maxGas);
        CallData data = signing.call();
        RawTransaction transaction = RawTransaction.createTransaction(chain.chainId(), nonce, gasLimit, data.to(),
                data.value(), data.data(), offered.get().maxPriorityFeePerGasWei(), offered.get().maxFeePerGasWei());
        records.store(call, 1, transaction, chain.signer().sign(transaction), false, now);
        call.signed(sender, nonce, now);
        nonces.taken(chain.chainId(), sender, nonce);
        LOG.infof("%s %s signed with nonce %s", owner.kind(), callId, nonce);
    }

    /**
     * Signs and stores a replacement of the latest transaction: the same nonce, recipient, value and data
     * (decoded from the stored transaction itself), higher fees. The replacement passes the owner's check at this
     * moment; a refusal holds the call and signs its cancellation instead; a halted sender holds it and nothing is
     * signed. A cancellation is never replaced. Answers whether something was signed (to be broadcast).
     */
    public boolean replace(CallOwner owner, UUID callId, EvmChain chain) {
        Optional<CallTransactionEntity> found = QuarkusTransaction.requiringNew().call(() -> store.latestOf(callId));
        if (found.isEmpty() || found.get().cancels) {
            return false;
        }
        CallTransactionEntity latest = found.get();
        Transaction1559 previous = (Transaction1559) TransactionDecoder.decode(latest.rawTransaction).getTransaction();
        CallOwner.SigningCheck check = owner.replacementCheck(
                new CallData.Of(previous.getTo(), previous.getValue(), previous.getData()), chain);
        BigInteger baseFee = chain.reader().latestBlock().getBaseFeePerGas();
        BigInteger pendingNonce = chain.reader().pendingNonce(chain.signer().address());
        return QuarkusTransaction.requiringNew().call(() -> replaceLocked(owner, callId, chain, latest.txHash,
                previous, check, baseFee, pendingNonce));
    }

    private boolean replaceLocked(CallOwner owner, UUID callId, EvmChain chain, String decodedHash,
                                  Transaction1559 previous, CallOwner.SigningCheck check, BigInteger baseFee,
                                  BigInteger pendingNonce) {
        ChainCallEntity call = store.lock(owner.entity(), callId);
        if (call.state() != CallState.PENDING || call.isHeld()) {
            return false;
        }
        List<CallTransactionEntity> stored = store.transactionsOf(callId);
        if (stored.stream().anyMatch(CallTransactionEntity::isMined)) {
            return false;
        }
        CallTransactionEntity latest = stored.getLast();
        if (!latest.txHash.equals(decodedHash)) {
            return false;
        }
        BigInteger nonce = call.nonce().orElseThrow();
        String sender = call.sender().orElseThrow();
        if (!previous.getNonce().equals(nonce)) {
            throw new IllegalStateException("stored transaction " + latest.txHash + " does not carry the call's nonce");
        }
        if (!sender.equals(chain.signer().address())) {
            LOG.errorf("%s %s: cannot replace; it was signed by %s but the signer now signs for %s", owner.kind(),
                    callId, sender, chain.signer().address());
            return false;
        }
        Instant now = clock.instant();
        Nonces.Lock lock = nonces.lock(chain.chainId(), sender, pendingNonce);
        if (lock.halted().isPresent()) {
            records.hold(owner, call, "no replacement signed: sending address " + sender + " is halted: "
                    + lock.halted().get(), now);
            return false;
        }
        Optional<String> refusal = check.refusal(call, now);
        Optional<FeePolicy.Fees> higher = chain.fees().replacement(
                new FeePolicy.Fees(latest.maxFeePerGasWei, latest.maxPriorityFeePerGasWei), baseFee);
        if (refusal.isPresent()) {
            return cancel(owner, call, chain, latest, refusal.get(), higher, now);
        }
        if (higher.isEmpty()) {
            LOG.warnf("%s %s: no replacement; higher fees would cross the max-fee ceiling", owner.kind(), callId);
            return false;
        }
        RawTransaction replacement = RawTransaction.createTransaction(previous.getChainId(), nonce,
                previous.getGasLimit(), previous.getTo(), previous.getValue(), previous.getData(),
                higher.get().maxPriorityFeePerGasWei(), higher.get().maxFeePerGasWei());
        records.store(call, latest.attempt + 1, replacement, chain.signer().sign(replacement), false, now);
        call.touched(now);
        LOG.infof("%s %s: transaction %s not mined in %s; replacement %d signed with max fee %s wei", owner.kind(),
                callId, latest.txHash, chain.replaceAfter(), latest.attempt + 1, higher.get().maxFeePerGasWei());
        return true;
    }

    /**
     * Holds the call its owner no longer lets sign and signs its cancellation: nothing from the sender to itself at
     * the call's nonce, with the fees a replacement would offer ({@code higher}), so that nodes drop the transaction
     * signed before. The cancellation passes no check: it moves nothing, and its fees stay under the ceiling.
     * Answers whether one was signed (to be broadcast); when the ceiling leaves no room, the call is only held.
     */
    private boolean cancel(CallOwner owner, ChainCallEntity call, EvmChain chain, CallTransactionEntity latest,
                           String refusal, Optional<FeePolicy.Fees> higher, Instant now) {
        if (higher.isEmpty()) {
            records.hold(owner, call, "no replacement signed: " + refusal + "; no cancellation either: higher fees"
                    + " would cross the max-fee ceiling; transaction " + latest.txHash + " signed before may still be"
                    + " mined and is then confirmed as paid", now);
            return false;
        }
        BigInteger nonce = call.nonce().orElseThrow();
        RawTransaction cancellation = RawTransaction.createTransaction(chain.chainId(), nonce, CANCELLATION_GAS,
                call.sender().orElseThrow(), BigInteger.ZERO, "", higher.get().maxPriorityFeePerGasWei(),
                higher.get().maxFeePerGasWei());
        String signed = chain.signer().sign(cancellation);
        records.store(call, latest.attempt + 1, cancellation, signed, true, now);
        records.hold(owner, call, "no replacement signed: " + refusal + "; cancellation " + Hash.sha3(signed)
                + " signed at nonce " + nonce + " so that transaction " + latest.txHash + " signed before is not"
                + " mined; if it is mined all the same, the order is confirmed as paid", now);
        return true;
    }
}
