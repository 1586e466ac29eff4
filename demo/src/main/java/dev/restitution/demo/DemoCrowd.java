package dev.restitution.demo;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Hundreds of affected users claiming at once, each the way alice does: registered in Keycloak by the exchange
 * (admin API: a user with its {@code account_id} attribute, in the claimants' group), then signing in with a password,
 * opening their claim, accepting every line, proving a payout address per chain with an EIP-712 signature and
 * submitting; the KYC provider attests each account. They act in parallel, at most {@code concurrency} at a time.
 */
public final class DemoCrowd {

    private final DemoCase demo;
    private final DemoRealm realm;
    private final int concurrency;

    public DemoCrowd(ServiceEndpoints endpoints, DemoCase demo, int concurrency) {
        this.demo = Objects.requireNonNull(demo, "demo");
        this.realm = new DemoRealm(endpoints.realmUrl());
        if (concurrency < 1 || concurrency > BoundedPool.MAX_CONCURRENCY) {
            throw new IllegalArgumentException("concurrency between 1 and " + BoundedPool.MAX_CONCURRENCY + ", not " + concurrency);
        }
        this.concurrency = concurrency;
    }

    /** Registers every claimant in the realm (a claimant registered by an earlier seeding stays as it is). */
    public void register(List<DemoClaimant> claimants) {
        realm.ensureClaimantsGroup();
        Optional<DemoPassword> hashed = realm.hashedDemoPassword();
        BoundedPool.map(claimants, concurrency, claimant -> {
            realm.register(claimant, hashed);
            return claimant;
        });
    }

    /**
     * Each registered claimant signs in and files an accepted claim (approved automatically); answers the claim ids in
     * the claimants' order.
     */
    public List<String> claimAccepted(String incidentId, List<DemoClaimant> claimants) {
        String kycProvider = demo.kycProviderToken();
        return BoundedPool.map(claimants, concurrency,
                claimant -> demo.claimAccepted(incidentId, claimant.accountId(), realm.signIn(claimant), kycProvider));
    }
}
