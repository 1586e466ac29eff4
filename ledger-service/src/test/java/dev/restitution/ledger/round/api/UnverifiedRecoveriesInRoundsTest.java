package dev.restitution.ledger.round.api;

import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.recovery.LedgerFixtures.approveRound;
import static dev.restitution.ledger.recovery.LedgerFixtures.awaitProcessed;
import static dev.restitution.ledger.recovery.LedgerFixtures.balance;
import static dev.restitution.ledger.recovery.LedgerFixtures.book;
import static dev.restitution.ledger.recovery.LedgerFixtures.declareIncident;
import static dev.restitution.ledger.recovery.LedgerFixtures.entitlements;
import static dev.restitution.ledger.recovery.LedgerFixtures.proposeRound;
import static dev.restitution.ledger.recovery.LedgerFixtures.sql;
import static dev.restitution.ledger.recovery.LedgerFixtures.startDistributing;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.ledger.recovery.LedgerFixtures;
import dev.restitution.ledger.recovery.LedgerFixtures.Line;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A round distributes off-chain bookings and VERIFIED on-chain recoveries only; what the chain has not confirmed
 * (UNVERIFIED, MISMATCH) stays booked, is shown as withheld, and counts once verified. payout-service does not run
 * next to these tests, so every on-chain recovery stays UNVERIFIED until the test records the chain's answer.
 */
@QuarkusTest
class UnverifiedRecoveriesInRoundsTest {

    private final LedgerFixtures fixtures = new LedgerFixtures();

    @AfterEach
    void close() {
        fixtures.close();
    }

    /** Records the chain's final answer on a recovery, as the verification worker does. */
    private static void chainSays(String transferId, String status) {
        assertEquals(1, sql("update chain_verification set status = '" + status + "', next_attempt_at = null, "
                + "detail = 'the chain answered " + status + "', checked_at = now() where transfer_id = '" + transferId + "'"));
    }

    private record Scenario(UUID incident, Line small, Line large) {
    }

    /** ETH lines of 1000 and 6000; 3000 from the treasury, 5000 recovered on-chain (unverified), 100 mismatching. */
    private Scenario sevenThousandOwed(Map<String, String> onChain) {
        UUID incident = declareIncident("ETH");
        Line small = Line.of("ETH", 1_000);
        Line large = Line.of("ETH", 6_000);
        awaitProcessed(fixtures.approveClaim(incident, small, large));
        book(incident, "ETH", "TREASURY_CONTRIBUTION", 3_000);
        onChain.put("unverified", book(incident, "ETH", "RECOVERED_ON_CHAIN", 5_000));
        onChain.put("mismatch", book(incident, "ETH", "RECOVERED_ON_CHAIN", 100));
        chainSays(onChain.get("mismatch"), "MISMATCH");
        startDistributing(incident);
        return new Scenario(incident, small, large);
    }

    @Test
    void aRoundLeavesOutOnChainMoneyTheChainHasNotConfirmedAndCountsItOnceVerified() {
        // Why: paying claimants from a recovery whose transaction may not exist would promise money we do not have.
        Map<String, String> onChain = new HashMap<>();
        Scenario scenario = sevenThousandOwed(onChain);
        // Money: every booking stands in the books; only the round leaves the unconfirmed part out.
        assertEquals("8100", balance(scenario.incident(), "ETH", "AVAILABLE"));
        String first = proposeRound(scenario.incident());
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/rounds/" + first).then().statusCode(200)
                .body("assets[0].available", equalTo("3000"), "assets[0].unverifiedWithheld", equalTo("5100"),
                        "assets[0].outstanding", equalTo("7000"), "assets[0].entitled", equalTo("2999"));
        approveRound(first);
        Map<UUID, Map<String, Object>> firstIssued = entitlements(first);
        assertEquals("428", firstIssued.get(scenario.small().lineId()).get("amount"));
        assertEquals("2571", firstIssued.get(scenario.large().lineId()).get("amount"));
        assertEquals("5100", balance(scenario.incident(), "ETH", "AVAILABLE"), "the withheld 5100 stays available");

        chainSays(onChain.get("unverified"), "VERIFIED");
        String second = proposeRound(scenario.incident());
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/rounds/" + second).then().statusCode(200)
                .body("assets[0].available", equalTo("5001"), "assets[0].unverifiedWithheld", equalTo("100"),
                        "assets[0].outstanding", equalTo("4001"), "assets[0].entitled", equalTo("4001"));
        approveRound(second);
        assertEquals("7000", balance(scenario.incident(), "ETH", "ENTITLEMENTS"));
        assertEquals("1100", balance(scenario.incident(), "ETH", "AVAILABLE"), "the mismatching 100 was never used");
    }

    @Test
    void aVerificationConcludingAfterTheProposalMakesTheApprovalStaleAndWritesNothing() {
        // Why: the approver approves exactly the plan shown; more money becoming usable changes it, so it is refused.
        Map<String, String> onChain = new HashMap<>();
        Scenario scenario = sevenThousandOwed(onChain);
        String round = proposeRound(scenario.incident());
        chainSays(onChain.get("unverified"), "VERIFIED");
        given().auth().oauth2(tokenFor(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body("{\"reason\": \"checked\"}")
                .when().post("/rounds/" + round + "/approval")
                .then().statusCode(409).body("type", equalTo("/problems/round-stale"));
        assertEquals("0", balance(scenario.incident(), "ETH", "ENTITLEMENTS"));
        assertEquals("8100", balance(scenario.incident(), "ETH", "AVAILABLE"));
    }
}
