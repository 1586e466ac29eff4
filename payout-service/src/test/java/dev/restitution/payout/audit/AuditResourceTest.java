package dev.restitution.payout.audit;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.payout.instruction.PayoutFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditResourceTest {

    @Test
    void auditorsReadTheChainOfOneSubjectAndFindItIntact() {
        // Why: an auditor must be able to follow every change and prove that none was edited or removed.
        String address = PayoutFixture.freshAddress();
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body(Map.of("chainId", 31337, "address", address, "reason", "sanctions list"))
                .when().post("/denylist").then().statusCode(201);
        String subject = "31337:" + address.toLowerCase(Locale.ROOT);
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParam("subjectId", subject)
                .when().get("/audit/entries")
                .then().statusCode(200)
                .body("items.action", hasItem("DENYLIST_ADDED"), "items.subjectId", everyItem(equalTo(subject)),
                        "items[0].reason", equalTo("sanctions list"));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/audit/verification")
                .then().statusCode(200).body("intact", equalTo(true));
    }

    @Test
    void auditorsFilterByActorActionSubjectTypeAndAPartOfTheSubjectId() {
        // Why: in a log of every batch, order and address, an auditor must find who did what to one thing.
        String added = PayoutFixture.freshAddress();
        String removed = PayoutFixture.freshAddress();
        for (String address : new String[] {added, removed}) {
            given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                    .body(Map.of("chainId", 31337, "address", address, "reason", "sanctions list"))
                    .when().post("/denylist").then().statusCode(201);
        }
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).queryParam("reason", "cleared by the list's issuer")
                .when().delete("/denylist/31337/" + removed).then().statusCode(204);
        String tail = removed.substring(20).toUpperCase(Locale.ROOT);

        given().auth().oauth2(tokenFor(DemoUsers.AUDREY))
                .queryParam("actor", "IAN").queryParam("action", "denylist_").queryParam("subjectType", "denylist")
                .queryParam("subjectId", tail)
                .when().get("/audit/entries")
                .then().statusCode(200)
                .body("items.action", equalTo(List.of("DENYLIST_ADDED", "DENYLIST_REMOVED")),
                        "items.subjectId", everyItem(equalTo("31337:" + removed.toLowerCase(Locale.ROOT))));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY))
                .queryParam("action", "DENYLIST_REMOVED").queryParam("subjectId", added.substring(2))
                .when().get("/audit/entries")
                .then().statusCode(200).body("items", hasSize(0));
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParam("action", "x".repeat(201))
                .when().get("/audit/entries").then().statusCode(400).contentType("application/problem+json");
    }

    @Test
    void onlyAuditorsReadTheAuditLog() {
        // Why: the log names people and addresses; it is the auditor's instrument.
        for (String user : new String[] {DemoUsers.FIONA, DemoUsers.FRANK, DemoUsers.IAN, DemoUsers.ALICE}) {
            given().auth().oauth2(tokenFor(user)).when().get("/audit/entries")
                    .then().statusCode(403).contentType("application/problem+json");
            given().auth().oauth2(tokenFor(user)).when().get("/audit/verification").then().statusCode(403);
        }
        given().when().get("/audit/entries").then().statusCode(401);
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParam("afterSequence", -1)
                .when().get("/audit/entries").then().statusCode(400);
    }
}
