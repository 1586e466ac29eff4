package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.claim.ClaimSteps.as;
import static dev.restitution.claims.claim.ClaimSteps.nonce;
import static dev.restitution.claims.claim.ClaimSteps.open;
import static dev.restitution.claims.claim.ClaimsFixture.BSC;
import static dev.restitution.claims.claim.ClaimsFixture.ETHEREUM;
import static dev.restitution.claims.claim.ClaimsFixture.checksummed;
import static dev.restitution.claims.claim.ClaimsFixture.proof;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.contracts.events.DenylistChanged;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * payout-service owns the denylist and publishes its changes (DenylistChanged); claims-service's copy refuses a
 * listed address as a payout address for the entry's chain and incident, and accepts it again once it is removed.
 */
@QuarkusTest
class PayoutDenylistCopyTest {

    private final ClaimsFixture fixture = new ClaimsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private ValidatableResponse prove(String claimId, UUID incidentId, long chainId, ECKeyPair key) throws Exception {
        return as(DemoUsers.ALICE).contentType(ContentType.JSON).body(proof(incidentId, DemoUsers.ALICE_ACCOUNT_ID,
                        chainId, checksummed(key), nonce(), Instant.now().getEpochSecond() + 600, key))
                .when().put("/claims/" + claimId + "/payout-addresses").then();
    }

    @Test
    void anEntryPayoutServiceAddsReachesClaimsAndBlocksTheAddressOnlyWhereItHolds() throws Exception {
        // Why: one list decides who is never paid; an address payout-service lists must not be named in claims either.
        UUID incidentId = fixture.sealed(Map.of(DemoUsers.ALICE_ACCOUNT_ID, Map.of("ETH", "5", "BNB", "6")));
        String claimId = open(DemoUsers.ALICE, incidentId).getString("id");
        ECKeyPair attacker = Keys.createEcKeyPair();
        String address = checksummed(attacker);

        fixture.denylistChanged(DenylistChanged.Change.ADDED, ETHEREUM, Optional.of(UUID.randomUUID()), address);
        prove(claimId, incidentId, ETHEREUM, attacker).statusCode(200);

        fixture.denylistChanged(DenylistChanged.Change.ADDED, ETHEREUM, Optional.of(incidentId), address);
        prove(claimId, incidentId, ETHEREUM, attacker).statusCode(400)
                .body("type", containsStringIgnoringCase("address-not-accepted"));
        prove(claimId, incidentId, BSC, attacker).statusCode(200);
        assertEquals(1, rows("denylist_hit where claim_id = '" + claimId + "'"));

        fixture.denylistChanged(DenylistChanged.Change.REMOVED, ETHEREUM, Optional.of(incidentId), address);
        prove(claimId, incidentId, ETHEREUM, attacker).statusCode(200);
    }

    @Test
    void anEntryForEveryIncidentBlocksEveryIncidentAndARedeliveredChangeIsAppliedOnce() throws Exception {
        // Why: a sanctioned address is refused in every incident, and Kafka may deliver a removal twice after a re-listing.
        UUID incidentId = fixture.sealed(Map.of(DemoUsers.ALICE_ACCOUNT_ID, Map.of("ETH", "7")));
        String claimId = open(DemoUsers.ALICE, incidentId).getString("id");
        ECKeyPair sanctioned = Keys.createEcKeyPair();
        String address = checksummed(sanctioned);

        String removal = fixture.denylistChanged(DenylistChanged.Change.REMOVED, ETHEREUM, Optional.empty(), address);
        fixture.denylistChanged(DenylistChanged.Change.ADDED, ETHEREUM, Optional.empty(), address);
        fixture.redeliverDenylistChange(removal, DenylistChanged.Change.REMOVED, ETHEREUM, Optional.empty(), address);

        prove(claimId, incidentId, ETHEREUM, sanctioned).statusCode(400)
                .body("type", containsStringIgnoringCase("address-not-accepted"));
        assertEquals(1, rows("denylist_copy where origin = 'PAYOUT' and address = '" + address.toLowerCase() + "'"));
    }
}
