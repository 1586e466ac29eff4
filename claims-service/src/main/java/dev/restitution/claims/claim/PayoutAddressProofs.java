package dev.restitution.claims.claim;

import dev.restitution.claims.address.PayoutAddressProofVerifier;
import dev.restitution.claims.address.PayoutDenylist;
import dev.restitution.claims.address.persistence.AddressProofStore;
import dev.restitution.claims.audit.ClaimAudit;
import dev.restitution.claims.claim.domain.ClaimDetails;
import dev.restitution.claims.claim.persistence.ClaimEntity;
import dev.restitution.claims.claim.persistence.PayoutAddressRow;
import dev.restitution.claims.config.ClaimsConfig;
import dev.restitution.claims.secondfactor.SecondFactorResets;
import dev.restitution.claims.security.Caller;
import dev.restitution.claims.security.StepUpCheck;
import dev.restitution.kit.chain.Eip55;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Payout address proofs: a claimant shows, with an EIP-712 signature of the address's key, that a payout address of
 * their claim is theirs. The first address of a chain (on a DRAFT claim) is in force at once; a later one replaces it
 * only after the cool-down ({@link PayoutAddressChanges}). One transaction per proof under the claim's lock, with its
 * audit entry.
 */
@ApplicationScoped
public class PayoutAddressProofs {

    private static final int UINT256_BITS = 256;

    private final ClaimService service;
    private final ClaimAudit audit;
    private final PayoutDenylist denylist;
    private final AddressProofStore proofs;
    private final PayoutAddressProofVerifier proofVerifier = new PayoutAddressProofVerifier();
    private final Duration maxProofValidity;
    private final Clock clock;
    private final PayoutAddressChanges changes;
    private final StepUpCheck stepUp;
    private final SecondFactorResets resets;
    private final ClaimEvents events;

    public PayoutAddressProofs(ClaimService service, ClaimAudit audit, PayoutDenylist denylist,
                               AddressProofStore proofs, ClaimsConfig config, Clock clock, PayoutAddressChanges changes,
                               StepUpCheck stepUp, SecondFactorResets resets, ClaimEvents events) {
        this.resets = resets;
        this.events = events;
        this.changes = changes;
        this.stepUp = stepUp;
        this.service = service;
        this.audit = audit;
        this.denylist = denylist;
        this.proofs = proofs;
        this.maxProofValidity = config.addressProof().maxValidity();
        this.clock = clock;
    }

    /** What the claimant sends to prove a payout address. */
    public record AddressProof(long chainId, String address, BigInteger nonce, long expiryEpochSeconds, String signature) {
    }

    /**
     * One transaction, under the claim's lock: the proof's fields, expiry and nonce are checked, the address is
     * looked up on the denylist for the incident and chain (a listed address is refused and the refusal recorded), the signature
     * is verified, and the address recorded. A concurrent proof with the same nonce is refused by the unique nonce.
     */
    public ClaimDetails provePayoutAddress(UUID claimId, AddressProof proof, Caller caller) {
        Optional<ClaimDetails> proven;
        try {
            proven = QuarkusTransaction.requiringNew().call(() -> prove(claimId, proof, caller));
        } catch (ProblemException refused) {
            throw refused;
        } catch (RuntimeException raced) {
            if (QuarkusTransaction.requiringNew().call(() -> proofs.nonceUsed(caller.accountId(), proof.nonce()))) {
                throw nonceUsed();
            }
            throw raced;
        }
        return proven.orElseThrow(ClaimProblems::addressNotAccepted);
    }

    /** The claim with the address proven, or empty when the address is listed (the refusal is recorded). */
    private Optional<ClaimDetails> prove(UUID claimId, AddressProof proof, Caller caller) {
        ClaimEntity claim = service.ownLocked(claimId, caller);
        if (inForce(claim, proof.chainId()).isPresent()) {
            stepUp.require("Replacing the proven payout address of chain " + proof.chainId());
        }
        checkProof(claim, proof, caller);
        Optional<PayoutAddressRow> inForce = inForce(claim, proof.chainId());
        if (inForce.isPresent()) {
            changes.requireReplaceable(claim, proof.chainId());
        } else {
            ClaimService.requireDraft(claim);
        }
        Instant now = clock.instant();
        if (denylist.lists(claim.incidentId, proof.chainId(), proof.address())) {
            denylist.recordAttempt(claim.incidentId, claimId, caller.accountId(), proof.address(), caller.actor(), now);
            audit.append(claimId, caller.actor(), now, "PAYOUT_ADDRESS_REFUSED", Optional.empty(),
                    Map.of("chainId", proof.chainId(), "address", proof.address()));
            return Optional.empty();
        }
        PayoutAddressProofVerifier.Proof signed = new PayoutAddressProofVerifier.Proof(claim.incidentId,
                caller.accountId(), proof.chainId(), proof.address(), proof.nonce(), proof.expiryEpochSeconds());
        if (!proofVerifier.signedByPayoutAddress(signed, proof.signature())) {
            throw new ProblemException(ProblemDetails.of("signature-mismatch", "Signature does not match", 400,
                    "The signature is not the address's signature of this proof (incident, account, address, "
                            + "nonce, expiry, chain). Nothing was written."));
        }
        return Optional.of(writeProof(claim, inForce, proof, caller, now));
    }

    private static Optional<PayoutAddressRow> inForce(ClaimEntity claim, long chainId) {
        return claim.payoutAddresses.stream().filter(address -> address.chainId == chainId).findFirst();
    }

    /** Checks everything but the denylist and the signature. */
    private void checkProof(ClaimEntity claim, AddressProof proof, Caller caller) {
        List<FieldViolation> violations = new ArrayList<>();
        if (claim.lines.stream().noneMatch(line -> line.chainId == proof.chainId())) {
            violations.add(new FieldViolation("chainId", "no line of this claim is paid on chain " + proof.chainId()));
        }
        Eip55.problemWith(proof.address()).ifPresent(problem -> violations.add(new FieldViolation("address", problem)));
        if (proof.nonce().bitLength() > UINT256_BITS) {
            violations.add(new FieldViolation("nonce", "must be a uint256"));
        }
        long nowSeconds = clock.instant().getEpochSecond();
        if (proof.expiryEpochSeconds() > nowSeconds + maxProofValidity.toSeconds()) {
            violations.add(new FieldViolation("expiry", "must be at most " + maxProofValidity.toSeconds()
                    + " seconds ahead"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        if (proof.expiryEpochSeconds() <= nowSeconds) {
            throw new ProblemException(ProblemDetails.of("proof-expired", "Proof expired", 400,
                    "The signed proof expired at " + Instant.ofEpochSecond(proof.expiryEpochSeconds())
                            + "; sign a new one."));
        }
        if (proofs.nonceUsed(caller.accountId(), proof.nonce())) {
            throw nonceUsed();
        }
    }

    /** The first address of a chain is in force at once; a replacing one waits out the cool-down. */
    private ClaimDetails writeProof(ClaimEntity claim, Optional<PayoutAddressRow> inForce, AddressProof proof,
                                    Caller caller, Instant now) {
        proofs.record(new AddressProofStore.Accepted(claim.id, caller.accountId(), proof.chainId(), proof.address(),
                proof.nonce(), proof.expiryEpochSeconds(), proof.signature(), now));
        boolean sameAddress = inForce.filter(address -> address.address.trim().equals(proof.address())).isPresent();
        if (inForce.isPresent() && !sameAddress) {
            changes.request(claim, inForce.get(), proof.address(), caller.actor(), now);
            return service.details(claim);
        }
        // A first address, or the one in force proven again: nothing changes where money goes, so no cool-down.
        // Except after a second-factor reset: until its cool-down ends, a first address is not paid either.
        Optional<Instant> heldUntil = inForce.isPresent() ? Optional.empty() : resets.coolDownEnd(caller.accountId(), now);
        inForce.ifPresent(claim.payoutAddresses::remove);
        PayoutAddressRow row = new PayoutAddressRow();
        row.chainId = proof.chainId();
        row.address = proof.address();
        row.provenAt = now;
        row.heldUntil = heldUntil.or(() -> inForce.map(address -> address.heldUntil)).orElse(null);
        claim.payoutAddresses.add(row);
        Map<String, Object> after = new HashMap<>(Map.of("chainId", proof.chainId(), "address", proof.address(),
                "nonce", proof.nonce().toString()));
        heldUntil.ifPresent(until -> after.put("heldUntil", until.toString()));
        audit.append(claim.id, caller.actor(), now, "PAYOUT_ADDRESS_PROVEN",
                inForce.map(address -> Map.<String, Object>of("chainId", address.chainId, "address", address.address)),
                after);
        heldUntil.ifPresent(until -> events.payoutAddressHeld(claim, proof.chainId(), proof.address(), until, now));
        return service.details(claim);
    }

    private static ProblemException nonceUsed() {
        return ProblemException.conflict("nonce-used", "This nonce was already used in a proof; sign with a new nonce.");
    }
}
