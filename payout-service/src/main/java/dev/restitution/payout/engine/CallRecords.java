package dev.restitution.payout.engine;

import dev.restitution.kit.audit.OwnActor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.payout.engine.persistence.CallTransactionEntity;
import dev.restitution.payout.engine.persistence.ChainCallEntity;
import dev.restitution.payout.engine.persistence.ChainCallStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import org.jboss.logging.Logger;
import org.web3j.crypto.Hash;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.transaction.type.Transaction1559;

/**
 * The engine's writes inside a step's transaction: a signed transaction stored, a call confirmed, failed or held,
 * each move checked by the call's lifecycle and told to the call's owner in the same transaction.
 */
@ApplicationScoped
public class CallRecords {

    private static final Logger LOG = Logger.getLogger(CallRecords.class);
    private final ChainCallStore store;
    private final AuditLog audit;
    private final OwnActor own;

    public CallRecords(ChainCallStore store, AuditLog audit, OwnActor own) {
        this.store = store;
        this.audit = audit;
        this.own = own;
    }

    /** Stores a signed transaction of {@code call} before anything broadcasts it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void store(ChainCallEntity call, int attempt, RawTransaction transaction, String signed, boolean cancels,
                      Instant now) {
        Transaction1559 fields = (Transaction1559) transaction.getTransaction();
        CallTransactionEntity stored = new CallTransactionEntity();
        stored.txHash = Hash.sha3(signed);
        stored.callId = call.id();
        stored.attempt = attempt;
        stored.nonce = fields.getNonce();
        stored.gasLimit = fields.getGasLimit();
        stored.maxFeePerGasWei = fields.getMaxFeePerGas();
        stored.maxPriorityFeePerGasWei = fields.getMaxPriorityFeePerGas();
        stored.rawTransaction = signed;
        stored.signedAt = now;
        stored.cancels = cancels;
        store.store(stored);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void confirm(CallOwner owner, ChainCallEntity call, CallTransactionEntity transaction, Instant now) {
        call.confirm(transaction.txHash, transaction.minedBlockNumber(), now);
        store.flush();
        LOG.infof("%s %s confirmed: %s in block %s", owner.kind(), call.id(), transaction.txHash,
                transaction.minedBlockNumber());
        owner.confirmed(call, transaction, now);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void fail(CallOwner owner, ChainCallEntity call, String reason, Instant now) {
        String bounded = call.fail(reason, now);
        store.flush();
        LOG.warnf("%s %s failed: %s", owner.kind(), call.id(), bounded);
        owner.failed(call, bounded, now);
    }

    /** Stops signing and broadcasting for a PENDING call, once; audited and alerted. Its receipts are still observed. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void hold(CallOwner owner, ChainCallEntity call, String reason, Instant now) {
        if (call.isHeld()) {
            return;
        }
        String nonce = call.nonce().orElseThrow().toString();
        String bounded = call.hold(reason, now);
        audit.append(own.actor(), owner.kind() + "_HELD", owner.kind(), call.id().toString(),
                AuditStates.json(Map.of("state", call.state().name(), "held", false, "nonce", nonce)),
                AuditStates.json(Map.of("state", call.state().name(), "held", true, "nonce", nonce)),
                bounded);
        LOG.errorf("ALERT %s %s held: %s", owner.kind(), call.id(), bounded);
    }
}
