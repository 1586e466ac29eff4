package dev.restitution.payout.instruction;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.payout.PayoutTestInfrastructure.execute;
import static dev.restitution.payout.PayoutTestInfrastructure.realmUrl;
import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static dev.restitution.payout.instruction.PayoutFixture.entitlement;
import static dev.restitution.payout.instruction.PayoutFixture.freshAddress;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.contracts.events.EntitlementIssued;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.KeycloakAdmin;
import dev.restitution.kit.events.Topics;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.ConsumerTask;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EntitlementConsumerTest {

    private final PayoutFixture fixture = new PayoutFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void aRedeliveredEntitlementBecomesExactlyOnePendingInstruction() {
        // Why: Kafka delivers at least once; an entitlement delivered twice must never be paid twice.
        UUID incident = UUID.randomUUID();
        EntitlementIssued issued = entitlement(incident, freshAddress(), "1000000000000000000");
        String eventId = UUID.randomUUID().toString();
        fixture.publish(eventId, issued);
        fixture.publish(eventId, issued);
        // The same entitlement again under another event id (the ledger re-published it): still one instruction.
        String republished = UUID.randomUUID().toString();
        fixture.publish(republished, issued);
        // One key, one partition: once the third delivery is recorded, the two before it were consumed.
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("processed_event where event_id = '" + republished + "'") == 1);
        EntitlementIssued later = fixture.pending(incident, "5");
        assertEquals(1, rows("payout_instruction where entitlement_id = '" + issued.getEntitlementId() + "'"));
        assertEquals(1, rows("processed_event where event_id = '" + eventId + "'"));
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).queryParam("incidentId", incident.toString())
                .when().get("/instructions")
                .then().statusCode(200)
                .body("total", equalTo(2), "items", hasSize(2),
                        "items.find { it.entitlementId == '" + issued.getEntitlementId() + "' }.state", equalTo("PENDING"),
                        "items.find { it.entitlementId == '" + issued.getEntitlementId() + "' }.amountMinorUnits",
                        equalTo("1000000000000000000"),
                        "items.find { it.entitlementId == '" + later.getEntitlementId() + "' }.payoutAddress",
                        equalTo(later.getPayoutAddress()));
        assertEquals(2, rows("audit_entry where action = 'INSTRUCTION_CREATED' and after_state like '%" + incident + "%'"));
    }

    @Test
    void aRedeliveredPageAndPagesOverlappingItCreateEachEntitlementsInstructionOnce() {
        // Why: a round's entitlements arrive in pages; a page delivered twice or re-cut to overlap must pay no one twice.
        UUID incident = UUID.randomUUID();
        UUID round = UUID.randomUUID();
        List<EntitlementIssued> three = List.of(entitlement(incident, freshAddress(), "1").withRoundId(round),
                entitlement(incident, freshAddress(), "2").withRoundId(round),
                entitlement(incident, freshAddress(), "3").withRoundId(round));
        String page = UUID.randomUUID().toString();
        fixture.publishPage(page, three.subList(0, 2));
        fixture.publishPage(page, three.subList(0, 2));
        String overlapping = UUID.randomUUID().toString();
        fixture.publishPage(overlapping, three.subList(1, 3));
        // One key (the round), one partition: once the last page is recorded, the ones before it were consumed.
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("processed_event where event_id = '" + overlapping + "'") == 1);
        for (EntitlementIssued issued : three) {
            assertEquals(1, rows("payout_instruction where entitlement_id = '" + issued.getEntitlementId()
                    + "' and amount_minor_units = " + issued.getAmount()));
        }
        assertEquals(3, rows("payout_instruction where incident_id = '" + incident + "'"));
        assertEquals(3, rows("audit_entry where action = 'INSTRUCTION_CREATED' and after_state like '%" + incident + "%'"));
    }

    @Test
    void anEntitlementPublishedBeforePagesStillBecomesAnInstruction() {
        // Why: version 1 events (one entitlement each) may still sit in the topic when payout-service is upgraded.
        UUID incident = UUID.randomUUID();
        EntitlementIssued issued = entitlement(incident, freshAddress(), "9");
        fixture.publishVersion1(UUID.randomUUID().toString(), issued);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                rows("payout_instruction where entitlement_id = '" + issued.getEntitlementId() + "'") == 1);
    }

    @Test
    void anInstructionFromAnEventIsRecordedAsPayoutServicesServiceAccountNamingTheEvent() {
        // Why: a change an event caused is payout-service's own act: its realm service account, and the event by id.
        UUID incident = UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        fixture.publish(eventId, entitlement(incident, freshAddress(), "7"));
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("processed_event where event_id = '" + eventId + "'") == 1);
        KeycloakAdmin.ServiceAccountUser serviceAccount = KeycloakAdmin.serviceAccountUser(realmUrl(), "payout-service");
        assertEquals("service-account-payout-service", serviceAccount.username());
        assertEquals(1, rows("audit_entry where action = 'INSTRUCTION_CREATED' and after_state like '%" + incident
                + "%' and actor_subject_id = '" + serviceAccount.subjectId() + "' and actor_username = '"
                + serviceAccount.username() + "' and reason like '%" + eventId + "%'"));
    }

    @Test
    void anEntitlementThatContradictsItsInstructionIsParkedAndChangesNothing() {
        // Why: one entitlement is paid once, at the amount first issued; a second version is a broken invariant.
        UUID incident = UUID.randomUUID();
        EntitlementIssued issued = fixture.pending(incident, "100");
        ConsumerTask<String, String> parked = fixture.kafka.consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.LEDGER_ENTITLEMENTS + ".payout-dlq");
        String eventId = UUID.randomUUID().toString();
        fixture.publish(eventId, issued.withAmount("200"));
        await().atMost(Duration.ofSeconds(60)).until(() -> parked.getRecords().stream()
                .anyMatch(record -> record.value().contains(eventId)));
        parked.close();
        assertEquals(1, rows("payout_instruction where entitlement_id = '" + issued.getEntitlementId()
                + "' and amount_minor_units = 100"));
        assertEquals(0, rows("processed_event where event_id = '" + eventId + "'"));
    }

    @Test
    void malformedEntitlementsGoToTheDeadLetterTopicAndNothingIsWritten() {
        // Why: a bad event must neither block the topic nor create an instruction that could pay a wrong address.
        UUID incident = UUID.randomUUID();
        ConsumerTask<String, String> parked = fixture.kafka.consumeStrings()
                .withProp("auto.offset.reset", "earliest").fromTopics(Topics.LEDGER_ENTITLEMENTS + ".payout-dlq");
        EntitlementIssued lowercase = entitlement(incident, freshAddress().toLowerCase(Locale.ROOT), "7");
        String lowercaseEvent = UUID.randomUUID().toString();
        fixture.publish(lowercaseEvent, lowercase);
        // An entitlement whose CAIP-19 id names another chain's coin than its chain id does.
        String otherAssetEvent = UUID.randomUUID().toString();
        fixture.publishPage(otherAssetEvent, List.of(entitlement(incident, freshAddress(), "7")),
                Optional.of("eip155:1/slip44:60"));
        String garbageKey = "garbage-" + UUID.randomUUID();
        fixture.publishRaw(garbageKey, "{\"specversion\": \"1.0\", \"id\": \"not json");
        await().atMost(Duration.ofSeconds(60)).until(() -> parked.getRecords().stream()
                .filter(record -> record.value().contains(lowercaseEvent) || record.value().contains(otherAssetEvent)
                        || garbageKey.equals(record.key())).count() == 3);
        parked.close();
        assertEquals(0, rows("payout_instruction where incident_id = '" + incident + "'"));
        assertEquals(0, rows("processed_event where event_id = '" + lowercaseEvent + "'"));
        assertEquals(0, rows("processed_event where event_id = '" + otherAssetEvent + "'"));
        // The topic goes on: a good entitlement behind them becomes an instruction.
        fixture.pending(incident, "8");
    }

    @Test
    void anEntitlementToADenylistedAddressIsHeldVisiblyAndAudited() {
        // Why: attacker and sanctioned addresses are never paid, yet finance must see what is held and why.
        UUID incident = UUID.randomUUID();
        String attacker = freshAddress();
        execute("""
                insert into payout_denylist_entry (chain_id, address, reason, added_by, added_at)
                values (31337, '%s', 'attacker', 'ian', now())""".formatted(attacker.toLowerCase(Locale.ROOT)));
        EntitlementIssued issued = fixture.issued(entitlement(incident, attacker, "42"));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParam("incidentId", incident.toString())
                .queryParam("state", "HELD_DENIED")
                .when().get("/instructions")
                .then().statusCode(200)
                .body("total", equalTo(1), "items[0].entitlementId", equalTo(issued.getEntitlementId().toString()));
        assertEquals(1, rows("audit_entry where action = 'INSTRUCTION_HELD_DENIED' and after_state like '%"
                + issued.getEntitlementId() + "%'"));
    }

    @Test
    void onlyFinanceAndAuditorsSeeInstructionsAndAPageIsBounded() {
        // Why: who is paid what is finance's and the auditor's business; a page beyond the limit is a clear 400.
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/instructions")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).when().get("/instructions").then().statusCode(403);
        given().when().get("/instructions").then().statusCode(401);
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.FRANK)).queryParam("limit", 201)
                .when().get("/instructions").then().statusCode(400);
    }

    @Test
    void anUnknownStateFilterIsABadRequestNamingTheParameter() {
        // Why: a typo in a filter is the caller's mistake, not a missing resource; it must say which parameter is wrong.
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.FIONA)).queryParam("state", "SETTLED")
                .when().get("/instructions")
                .then().statusCode(400).contentType("application/problem+json")
                .body("status", equalTo(400), "errors", hasSize(1), "errors[0].field", equalTo("state"),
                        "errors[0].message", containsString("PENDING"));
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).queryParam("state", "FAILED")
                .when().get("/instructions").then().statusCode(200);
    }
}
