package dev.restitution.claims.claim;

import dev.restitution.claims.claim.domain.ClaimDetails;
import dev.restitution.claims.claim.persistence.ClaimEntity;
import dev.restitution.claims.claim.persistence.ClaimRepository;
import dev.restitution.claims.claim.persistence.PayoutAddressChangeStore;
import dev.restitution.claims.kyc.persistence.KycAttestationStore;
import dev.restitution.kit.problem.ProblemException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.util.Optional;
import java.util.UUID;

/**
 * How the dispute, review and evidence features reach a claim: locked for a change (commands on one
 * claim run one after the other), visible only to its own account when {@code onlyAccount} is given
 * (another account's claim does not exist for a claimant), and shown as {@link ClaimDetails}.
 */
@ApplicationScoped
public class ClaimAccess {

    private final ClaimRepository claims;
    private final KycAttestationStore kyc;
    private final PayoutAddressChangeStore addressChanges;
    private final Clock clock;

    public ClaimAccess(ClaimRepository claims, KycAttestationStore kyc, PayoutAddressChangeStore addressChanges,
                       Clock clock) {
        this.claims = claims;
        this.kyc = kyc;
        this.addressChanges = addressChanges;
        this.clock = clock;
    }

    /** Locked with its lines, read by the statement that locks it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public ClaimEntity locked(UUID claimId, Optional<String> onlyAccount) {
        return visible(claims.lockedWithLines(claimId), claimId, onlyAccount);
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public ClaimEntity read(UUID claimId, Optional<String> onlyAccount) {
        return visible(claims.findByIdOptional(claimId), claimId, onlyAccount);
    }

    private static ClaimEntity visible(Optional<ClaimEntity> claim, UUID claimId, Optional<String> onlyAccount) {
        return claim.filter(found -> onlyAccount.map(found.accountId::equals).orElse(true))
                .orElseThrow(() -> ProblemException.notFound("claim " + claimId));
    }

    public ClaimDetails details(ClaimEntity claim) {
        return ClaimRepository.toDetails(claim, kyc.isVerified(claim.accountId),
                addressChanges.waitingOfClaim(claim.id, clock.instant()));
    }

    public boolean kycVerified(String accountId) {
        return kyc.isVerified(accountId);
    }
}
