package dev.restitution.claims.kyc;

import dev.restitution.claims.kyc.persistence.KycAttestationStore;
import dev.restitution.kit.audit.Actor;
import dev.restitution.claims.claim.ClaimVerification;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Instant;
import org.jboss.logging.Logger;

/**
 * Takes the KYC provider's attestations. A VERIFIED attestation verifies, in the same transaction,
 * every SUBMITTED claim of the account that waited for it.
 */
@ApplicationScoped
public class KycService {

    private static final Logger LOG = Logger.getLogger(KycService.class);

    private final KycAttestationStore statuses;
    private final ClaimVerification verification;
    private final Clock clock;

    public KycService(KycAttestationStore statuses, ClaimVerification verification, Clock clock) {
        this.statuses = statuses;
        this.verification = verification;
        this.clock = clock;
    }

    @Transactional
    public KycAttestationStore.Attestation attest(String accountId, KycAttestationStore.Status status, String reference, Actor attestedBy) {
        Instant now = clock.instant();
        KycAttestationStore.Attestation attestation = new KycAttestationStore.Attestation(accountId, status, reference, attestedBy, now);
        statuses.put(attestation);
        if (status == KycAttestationStore.Status.VERIFIED) {
            int approved = verification.verifyWaitingClaims(accountId, now);
            LOG.infof("KYC of account %s verified by %s; %d waiting claim(s) approved", accountId, attestedBy.username(), approved);
        }
        return attestation;
    }
}
