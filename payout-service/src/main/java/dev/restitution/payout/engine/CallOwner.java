package dev.restitution.payout.engine;

import dev.restitution.payout.engine.domain.CallData;
import dev.restitution.payout.engine.persistence.CallTransactionEntity;
import dev.restitution.payout.engine.persistence.ChainCallEntity;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What a chain call is for: a payment order today, a commitment or a distributor call next. The engine gets the
 * call's transaction mined exactly once; the owner says what to sign, whether it may be signed at that moment, and
 * what the outcome means.
 */
public interface CallOwner {

    /** The entity the owner's calls are stored as. */
    Class<? extends ChainCallEntity> entity();

    /** The audit subject of the owner's calls, e.g. PAYMENT_ORDER; a held call is audited as {@code <kind>_HELD}. */
    String kind();

    /**
     * Owners of a lower rank have their open calls advanced first in each run: commitments (rank 0, a few per
     * incident) before the payments that wait for them (rank 1).
     */
    default int rank() {
        return 1;
    }

    /**
     * What to sign for a QUEUED call, why it never can be, or why not yet. Runs outside any transaction (it may read the chain
     * through {@code chain}); the check it returns runs inside the signing transaction.
     */
    Plan plan(UUID callId, EvmChain chain);

    /** The check a replacement of a transaction carrying {@code call} passes; chain reads happen here, outside any transaction. */
    SigningCheck replacementCheck(CallData call, EvmChain chain);

    /** The call is CONFIRMED by {@code transaction}, in the engine's transaction. */
    void confirmed(ChainCallEntity call, CallTransactionEntity transaction, Instant now);

    /**
     * The chain's node accepted {@code transaction} of the call for the first time, in the engine's transaction that
     * records it; a replacement is told again with its own hash. Nothing to do by default.
     */
    default void broadcast(ChainCallEntity call, CallTransactionEntity transaction, Instant now) {
    }

    /** The call is FAILED with {@code reason}, in the engine's transaction. */
    void failed(ChainCallEntity call, String reason, Instant now);

    /** Checked inside the signing transaction, under the call's and the sender's row locks: why not to sign now, or empty. */
    @FunctionalInterface
    interface SigningCheck {
        Optional<String> refusal(ChainCallEntity call, Instant now);
    }

    /** What {@link #plan} answers. */
    sealed interface Plan {
        /** Sign {@code call} if {@code check} lets it. */
        record Sign(CallData call, SigningCheck check) implements Plan {
        }

        /** The call can never be signed: it fails with {@code reason}. */
        record Refuse(String reason) implements Plan {
        }

        /** The call may not be signed yet: it stays QUEUED, nothing is signed, and it is planned again next run. */
        record Wait(String reason) implements Plan {
        }
    }
}
