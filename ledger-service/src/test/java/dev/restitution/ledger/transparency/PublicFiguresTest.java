package dev.restitution.ledger.transparency;

import static dev.restitution.ledger.LedgerTestInfrastructure.realmUrl;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.recovery.LedgerFixtures.approveRound;
import static dev.restitution.ledger.recovery.LedgerFixtures.awaitProcessed;
import static dev.restitution.ledger.recovery.LedgerFixtures.book;
import static dev.restitution.ledger.recovery.LedgerFixtures.declareIncident;
import static dev.restitution.ledger.recovery.LedgerFixtures.proposeRound;
import static dev.restitution.ledger.recovery.LedgerFixtures.startDistributing;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.Tokens;
import dev.restitution.ledger.recovery.LedgerFixtures;
import dev.restitution.ledger.recovery.LedgerFixtures.Line;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PublicFiguresTest {

    private final LedgerFixtures fixtures = new LedgerFixtures();

    @AfterEach
    void close() {
        fixtures.close();
    }

    private static String transparencyToken() {
        return Tokens.forClient(realmUrl(), DemoUsers.PORTAL_TRANSPARENCY_CLIENT_ID,
                DemoUsers.PORTAL_TRANSPARENCY_CLIENT_SECRET);
    }

    @Test
    void thePublicFiguresHoldTotalsRootsAndCounterpartiesButNoAccountAmountOrAddressOfAClaimant() {
        // Why: the public page is served to anyone; what the ledger hands it must be totals and on-chain facts only.
        UUID incident = declareIncident("ETH");
        Line alice = Line.of("ETH", 700);
        Line other = Line.of("ETH", 300);
        awaitProcessed(fixtures.approveClaimOf(incident, DemoUsers.ALICE_ACCOUNT_ID, alice));
        awaitProcessed(fixtures.approveClaimOf(incident, "ACC-PUBLIC-B", other));
        book(incident, "ETH", "FROZEN_BY_COUNTERPARTY", 400);
        book(incident, "ETH", "TREASURY_CONTRIBUTION", 500);
        startDistributing(incident);
        String roundId = proposeRound(incident);
        String entitlementRoot = approveRound(roundId).getString("entitlementRoot");

        String token = transparencyToken();
        String incidentJson = given().auth().oauth2(token).when().get("/public/incidents/" + incident)
                .then().statusCode(200)
                .body("incidentId", equalTo(incident.toString()), "assets[0].symbol", equalTo("ETH"),
                        "snapshot.rowCount", equalTo(1), "snapshot.totals[0].total", equalTo(LedgerFixtures.SNAPSHOT_AMOUNT),
                        "recoveries[0].frozenPending", equalTo("400"), "recoveries[0].recovered", equalTo("400"),
                        "recoveries[0].treasury", equalTo("500"), "recoveries[0].counterparties", equalTo(List.of("Binance")),
                        "reconciliation.consistent", equalTo(true), "approvedRounds", equalTo(1))
                .extract().asString();
        // 500 of 1000 outstanding is available: alice is entitled to 350, the other line to 150.
        String roundsJson = given().auth().oauth2(token).queryParam("limit", 10).when()
                .get("/public/incidents/" + incident + "/rounds").then().statusCode(200)
                .body("total", equalTo(1), "items[0].number", equalTo(1), "items[0].entitlementRoot", equalTo(entitlementRoot),
                        "items[0].coverage[0].coverage", equalTo("0.500000"), "items[0].totals[0].total", equalTo("500"),
                        "items[0].totals[0].count", equalTo(2))
                .extract().asString();
        JsonPath listed = given().auth().oauth2(token).queryParam("limit", 200).when().get("/public/incidents")
                .then().statusCode(200).extract().jsonPath();
        assertEquals(1, listed.getList("items.findAll { it.incidentId == '" + incident + "' }").size());

        for (String json : List.of(incidentJson, roundsJson, listed.prettify())) {
            String lower = json.toLowerCase(Locale.ROOT);
            for (String personal : List.of(DemoUsers.ALICE_ACCOUNT_ID, "ACC-PUBLIC-B", "ACC-SNAPSHOT",
                    alice.payoutAddress(), other.payoutAddress(), "\"350\"", "\"150\"", "\"700\"")) {
                assertFalse(lower.contains(personal.toLowerCase(Locale.ROOT)), personal + " must not be public: " + json);
            }
        }
    }

    @Test
    void onlyTheTransparencyReaderReadsThePublicFiguresAndItReadsNothingElse() {
        // Why: the role exists for one service account; staff read the full figures elsewhere, and a leaked
        // transparency token must not open the personal endpoints.
        UUID incident = declareIncident("ETH");
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/public/incidents/" + incident)
                .then().statusCode(403);
        given().when().get("/public/incidents").then().statusCode(401);
        String token = transparencyToken();
        given().auth().oauth2(token).when().get("/incidents/" + incident).then().statusCode(403);
        given().auth().oauth2(token).when().get("/incidents/" + incident + "/snapshot/accounts/" + DemoUsers.ALICE_ACCOUNT_ID)
                .then().statusCode(403);
        given().auth().oauth2(token).when().get("/public/incidents/" + UUID.randomUUID()).then().statusCode(404);
        given().auth().oauth2(token).when().get("/public/incidents/" + incident)
                .then().statusCode(200).body("approvedRounds", equalTo(0), "recoveries[0].counterparties", equalTo(List.of()));
    }
}
