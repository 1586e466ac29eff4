package dev.restitution.payout.engine.persistence;

import dev.restitution.payout.engine.domain.CallLifecycle;
import dev.restitution.payout.engine.domain.CallLifecycle.Step;
import dev.restitution.payout.engine.domain.CallState;
import jakarta.persistence.Column;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.MappedSuperclass;
import java.math.BigInteger;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/**
 * What the engine keeps of one chain call: its chain, state, sending address and nonce, why it failed or is held,
 * and the transaction that confirmed it. Its owner's entity (a payment order today) extends it with what the call
 * is for. The state changes only through the methods here, each checked against {@link CallLifecycle}.
 */
@MappedSuperclass
public abstract class ChainCallEntity {

    /** Reasons are bounded so one refusal cannot grow a row without limit. */
    public static final int MAX_REASON_CHARS = 2000;

    @Id
    private UUID id;

    @Column(name = "chain_id", nullable = false)
    private long chainId;

    @Enumerated(EnumType.STRING)
    @Column(nullable = false)
    private CallState state;

    @Column
    private String sender;

    @Column(precision = 78, scale = 0)
    private BigInteger nonce;

    @Column(name = "failure_reason")
    private String failureReason;

    @Column(name = "confirmed_tx_hash")
    private String confirmedTxHash;

    @Column(name = "confirmed_block_number")
    private Long confirmedBlockNumber;

    @Column(name = "queued_at", nullable = false)
    private Instant queuedAt;

    @Column(name = "signed_at")
    private Instant signedAt;

    /** Set when the engine stopped signing and broadcasting for this PENDING call; its receipts are still observed. */
    @Column(name = "held_reason")
    private String heldReason;

    @Column(name = "held_at")
    private Instant heldAt;

    /**
     * When its owner last said the QUEUED call must wait (e.g. for its round's commitment); a waiting call goes to the
     * back of the open calls, so calls that wait long never crowd out the ones that can be signed.
     */
    @Column(name = "waited_at")
    private Instant waitedAt;

    @Column(name = "updated_at", nullable = false)
    private Instant updatedAt;

    /** A new call, QUEUED: nothing signed. */
    protected void queue(UUID callId, long callChainId, Instant now) {
        if (state != null) {
            throw new IllegalStateException("call " + id + " is queued already");
        }
        this.id = callId;
        this.chainId = callChainId;
        this.state = CallState.QUEUED;
        this.queuedAt = now;
        this.updatedAt = now;
    }

    /** Its owner said the QUEUED call must wait at {@code now}: nothing is signed, the call stays QUEUED. */
    public void waited(Instant now) {
        if (state != CallState.QUEUED) {
            throw new IllegalStateException("call " + id + " is " + state + ", only a QUEUED call waits");
        }
        this.waitedAt = now;
    }

    /** QUEUED to PENDING: its first transaction, at {@code signedNonce} from {@code signingSender}, is stored. */
    public void signed(String signingSender, BigInteger signedNonce, Instant now) {
        state = CallLifecycle.next(state, isHeld(), Step.SIGN);
        sender = signingSender;
        nonce = signedNonce;
        signedAt = now;
        updatedAt = now;
    }

    /** A replacement or cancellation was stored for this PENDING call. */
    public void touched(Instant now) {
        if (state != CallState.PENDING) {
            throw new IllegalStateException("call " + id + " is " + state + ", not PENDING");
        }
        updatedAt = now;
    }

    /** PENDING to CONFIRMED by {@code txHash}, mined in {@code blockNumber}. */
    public void confirm(String txHash, long blockNumber, Instant now) {
        state = CallLifecycle.next(state, isHeld(), Step.CONFIRM);
        confirmedTxHash = txHash;
        confirmedBlockNumber = blockNumber;
        updatedAt = now;
    }

    /** QUEUED (refused before signing) or PENDING (reverted, cancelled) to FAILED; answers the bounded reason. */
    public String fail(String reason, Instant now) {
        state = CallLifecycle.next(state, isHeld(), state == CallState.QUEUED ? Step.REFUSE : Step.FAIL);
        failureReason = bounded(reason);
        updatedAt = now;
        return failureReason;
    }

    /** Holds a PENDING call, once; answers the bounded reason. */
    public String hold(String reason, Instant now) {
        state = CallLifecycle.next(state, isHeld(), Step.HOLD);
        heldReason = bounded(reason);
        heldAt = now;
        updatedAt = now;
        return heldReason;
    }

    private static String bounded(String reason) {
        return reason.length() > MAX_REASON_CHARS ? reason.substring(0, MAX_REASON_CHARS) : reason;
    }

    public UUID id() {
        return id;
    }

    public long chainId() {
        return chainId;
    }

    public CallState state() {
        return state;
    }

    public boolean isHeld() {
        return heldAt != null;
    }

    public Optional<String> sender() {
        return Optional.ofNullable(sender);
    }

    public Optional<BigInteger> nonce() {
        return Optional.ofNullable(nonce);
    }

    public Optional<String> failureReason() {
        return Optional.ofNullable(failureReason);
    }

    public Optional<String> heldReason() {
        return Optional.ofNullable(heldReason);
    }

    public Optional<Instant> heldAt() {
        return Optional.ofNullable(heldAt);
    }

    public Optional<String> confirmedTxHash() {
        return Optional.ofNullable(confirmedTxHash);
    }

    public Optional<Long> confirmedBlockNumber() {
        return Optional.ofNullable(confirmedBlockNumber);
    }

    public Instant queuedAt() {
        return queuedAt;
    }

    public Optional<Instant> signedAt() {
        return Optional.ofNullable(signedAt);
    }

    public Instant updatedAt() {
        return updatedAt;
    }
}
