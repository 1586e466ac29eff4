package dev.restitution.ledger.snapshot.api;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.declareIncident;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.loaded;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.seal;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;

import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class IncidentsWithRowsTest {

    private static String sealedWith(String... accounts) {
        StringBuilder csv = new StringBuilder("account_id,asset,amount\n");
        for (String account : accounts) {
            csv.append(account).append(",ETH,5\n");
        }
        String incident = declareIncident();
        seal(incident, loaded(incident, csv.toString())).statusCode(200);
        return incident;
    }

    private static ValidatableResponse ask(String user, List<String> incidentIds) {
        return given().auth().oauth2(tokenFor(user)).queryParam("incidentId", incidentIds.toArray())
                .when().get("/snapshots/me/incidents").then();
    }

    @Test
    void oneQuestionAnswersWhichIncidentsHoldTheCallersRowsAndNothingElse() {
        // Why: claims-service builds a claimant's list with one call; it must name only incidents sealed with their rows.
        String aliceAndBob = sealedWith(DemoUsers.ALICE_ACCOUNT_ID, DemoUsers.BOB_ACCOUNT_ID);
        String bobOnly = sealedWith(DemoUsers.BOB_ACCOUNT_ID);
        String notSealed = declareIncident();
        loaded(notSealed, "account_id,asset,amount\n" + DemoUsers.ALICE_ACCOUNT_ID + ",ETH,3\n");
        String unknown = UUID.randomUUID().toString();
        List<String> asked = List.of(unknown, bobOnly, notSealed, aliceAndBob);
        ask(DemoUsers.ALICE, asked).statusCode(200).body("incidentIds", contains(aliceAndBob));
        ask(DemoUsers.BOB, asked).statusCode(200).body("incidentIds", contains(bobOnly, aliceAndBob));
        ask(DemoUsers.ALICE, List.of(bobOnly)).statusCode(200).body("incidentIds", empty());
    }

    @Test
    void theQuestionIsBoundedAndForClaimantsOnly() {
        // Why: every list has a limit; staff have their own views and no account of their own to ask about.
        List<String> tooMany = new ArrayList<>();
        for (int index = 0; index < 201; index++) {
            tooMany.add(UUID.randomUUID().toString());
        }
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).filter(invalidRequestOnPurpose())
                .queryParam("incidentId", tooMany.toArray()).when().get("/snapshots/me/incidents").then().statusCode(400);
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).filter(invalidRequestOnPurpose())
                .when().get("/snapshots/me/incidents").then().statusCode(400);
        ask(DemoUsers.IAN, List.of(UUID.randomUUID().toString())).statusCode(403);
        given().queryParam("incidentId", UUID.randomUUID().toString()).when().get("/snapshots/me/incidents")
                .then().statusCode(401);
    }
}
