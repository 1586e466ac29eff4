package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.claim.ClaimSteps.as;
import static dev.restitution.claims.claim.ClaimSteps.attestKyc;
import static dev.restitution.claims.claim.ClaimSteps.outboxEvents;
import static dev.restitution.claims.claim.ClaimSteps.underReview;
import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.claims.notification.domain.Amounts;
import dev.restitution.claims.notification.domain.MessageIds;
import dev.restitution.claims.notification.domain.NotificationKind;
import dev.restitution.claims.notification.persistence.NotificationStore;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.DevStack;
import dev.restitution.devstack.Mailbox;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClaimNotificationTest {

    private static final String ALICE_MAIL = "alice@example.com";
    private static final String ALICE_ACCOUNT = DemoUsers.ALICE_ACCOUNT_ID;
    private static final Duration MAIL_WAIT = Duration.ofSeconds(30);

    private final ClaimsFixture fixture = new ClaimsFixture();
    private final Mailbox mailbox = DevStack.shared().mailbox();

    @Inject
    NotificationStore store;

    @AfterEach
    void close() {
        fixture.close();
    }

    private static void language(String language) {
        as(DemoUsers.ALICE).contentType(ContentType.JSON)
                .body(Map.of("language", language, "claimsOpen", true, "barDateReminder", true))
                .when().put("/me/notification-preferences").then().statusCode(200).body("language", equalTo(language));
    }

    private static void assign(String claimId) {
        as(DemoUsers.SAM).when().post("/claims/" + claimId + "/assignment").then().statusCode(200);
    }

    private static void reject(String claimId, String reason) {
        as(DemoUsers.SAM).contentType(ContentType.JSON).body(Map.of("decision", "REJECT", "reason", reason))
                .when().post("/claims/" + claimId + "/proposal").then().statusCode(200).body("status", equalTo("REJECTED"));
    }

    /** The mails to Alice that name the claim (other tests mail Alice too). */
    private List<Mailbox.Message> mailsAbout(String claimId, int atLeast) {
        return mailbox.await(ALICE_MAIL, messages -> about(messages, claimId).size() >= atLeast, MAIL_WAIT).stream()
                .filter(message -> message.text() != null && message.text().contains(claimId)).toList();
    }

    private static List<Mailbox.Message> about(List<Mailbox.Message> messages, String claimId) {
        return messages.stream().filter(message -> message.text() != null && message.text().contains(claimId)).toList();
    }

    private static String messageIdOfDecision(String claimId) {
        return MessageIds.of(UUID.fromString(outboxEvents(claimId).getLast().id()), ALICE_ACCOUNT,
                "notifications.restitution.example");
    }

    @Test
    void aRejectionIsMailedOnceInTheClaimantsLanguageWithItsReason() throws Exception {
        // Why: a rejected claimant learns it, and why, by mail in the language they chose, exactly once.
        language("es");
        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "700", "70000");
        String claimId = claim.getString("id");
        assign(claimId);
        reject(claimId, "Ningún depósito de ese tamaño llegó.");
        List<Mailbox.Message> mails = mailsAbout(claimId, 1);
        assertEquals(1, mails.size());
        Mailbox.Message mail = mails.getFirst();
        assertEquals("Su reclamación fue rechazada", mail.subject());
        assertTrue(mail.text().contains("Motivo: Ningún depósito de ese tamaño llegó."), mail.text());
        assertTrue(mail.html().contains("lang=\"es\""), mail.html());
        assertEquals("es", mail.headers().get("Content-Language"));
        assertEquals(messageIdOfDecision(claimId), mail.messageId());
        assertFalse(mail.headers().containsKey("List-Unsubscribe"), "a decision is essential: no unsubscribe");
    }

    @Test
    void aRedeliveredEventQueuesAndSendsNoSecondMail() throws Exception {
        // Why: events arrive at least once; the key (event id, recipient) lets one mail out per event and claimant.
        language("en");
        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "710", "71000");
        String claimId = claim.getString("id");
        assign(claimId);
        reject(claimId, "No such deposit.");
        assertEquals(1, mailsAbout(claimId, 1).size());
        UUID eventId = UUID.fromString(outboxEvents(claimId).getLast().id());
        boolean queuedAgain = QuarkusTransaction.requiringNew().call(() -> store.enqueue(eventId, ALICE_ACCOUNT,
                NotificationKind.CLAIM_REJECTED, Map.of("claimId", claimId, "reason", "No such deposit."), Instant.now()));
        assertFalse(queuedAgain);
        assertEquals(1, rows("notification where event_id = '" + eventId + "'"));
        Thread.sleep(1_000); // several sender runs (every 200 ms in tests)
        assertEquals(1, about(mailbox.to(ALICE_MAIL), claimId).size());
    }

    @Test
    void aQuestionAndAnApprovalAreMailedInChineseWithTheAmountByTheAssetsDecimals() throws Exception {
        // Why: questions and decisions are essential mails; amounts are shown by the asset's decimals in the locale.
        language("zh-CN");
        attestKyc(ALICE_ACCOUNT, "VERIFIED");
        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "800", "1200");
        String claimId = claim.getString("id");
        assign(claimId);
        as(DemoUsers.SAM).contentType(ContentType.JSON).body(Map.of("question", "请提供存款收据。"))
                .when().post("/claims/" + claimId + "/questions").then().statusCode(201);
        Mailbox.Message question = mailsAbout(claimId, 1).getFirst();
        assertEquals("客服对您的索赔有一个问题", question.subject());
        assertTrue(question.text().contains("请提供存款收据。"), question.text());
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(Map.of("answer", "已上传。"))
                .when().post("/claims/" + claimId + "/questions/" + claim(claimId).getString("questions[0].id") + "/answer")
                .then().statusCode(200);
        as(DemoUsers.SAM).contentType(ContentType.JSON)
                .body(Map.of("decision", "APPROVE", "lines", List.of(Map.of("lineId", claim.getString("lines[0].id"),
                        "approvedAmount", "1000"))))
                .when().post("/claims/" + claimId + "/proposal").then().statusCode(200).body("status", equalTo("APPROVED"));
        List<Mailbox.Message> mails = mailsAbout(claimId, 2);
        assertEquals(2, mails.size());
        Mailbox.Message approval = mails.getLast();
        assertEquals("您的索赔已获批准", approval.subject());
        String amount = Amounts.format(BigInteger.valueOf(1000), 18, Locale.forLanguageTag("zh-CN")) + " ETH";
        assertEquals("0.000000000000001 ETH", amount);
        assertTrue(approval.text().contains(amount), approval.text());
        assertEquals(messageIdOfDecision(claimId), approval.messageId());
    }

    @Test
    void whileTheMailServerIsDownClaimsGoOnAndTheMailArrivesWhenItIsBack() throws Exception {
        // Why: a mail server outage delays mail; it never blocks a decision nor loses the mail.
        language("en");
        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "720", "72000");
        String claimId = claim.getString("id");
        assign(claimId);
        mailbox.stopSmtp();
        try {
            reject(claimId, "Outage test.");
            UUID eventId = UUID.fromString(outboxEvents(claimId).getLast().id());
            org.awaitility.Awaitility.await().atMost(MAIL_WAIT).until(() ->
                    rows("notification where event_id = '" + eventId + "' and status = 'PENDING' and attempts >= 2") == 1);
        } finally {
            mailbox.startSmtp();
        }
        List<Mailbox.Message> mails = mailsAbout(claimId, 1);
        assertEquals(1, mails.size());
        assertEquals("Your claim was rejected", mails.getFirst().subject());
        assertEquals(messageIdOfDecision(claimId), mails.getFirst().messageId());
        Thread.sleep(1_000); // several sender runs after the delivery (every 200 ms in tests)
        assertEquals(1, about(mailbox.to(ALICE_MAIL), claimId).size(), "delivered once, not once per failed attempt");
    }

    @Test
    void aHungMailServerNeitherSlowsADecisionNorLosesItsMail() throws Exception {
        // Why: a server that accepts connections and never answers must not hold a claim's change, nor the mail.
        language("es");
        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "760", "76000");
        String claimId = claim.getString("id");
        assign(claimId);
        mailbox.stallSmtp();
        try {
            reject(claimId, "Servidor colgado.");
            UUID eventId = UUID.fromString(outboxEvents(claimId).getLast().id());
            org.awaitility.Awaitility.await().atMost(MAIL_WAIT).until(() -> rows("notification where event_id = '"
                    + eventId + "' and status = 'PENDING' and attempts >= 1 and last_error like '%Timeout%'") == 1);
        } finally {
            mailbox.startSmtp();
        }
        List<Mailbox.Message> mails = mailsAbout(claimId, 1);
        assertEquals(1, mails.size());
        assertEquals("Su reclamación fue rechazada", mails.getFirst().subject());
        assertEquals(messageIdOfDecision(claimId), mails.getFirst().messageId());
    }

    @Test
    void aClaimsOpenMailCarriesAnUnsubscribeLinkThatStopsRemindersButNotDecisions() throws Exception {
        // Why: "claims are open" is a reminder a claimant may stop with the signed link, without a login; mails about
        // their claim (a decision) keep coming; incident-admin sees how far the mails went.
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(Map.of("claimsOpen", true, "barDateReminder", true))
                .when().put("/me/notification-preferences").then().statusCode(200);
        UUID first = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "730")));
        Mailbox.Message opened = mailbox.await(ALICE_MAIL, messages -> messages.stream()
                .anyMatch(message -> message.subject().contains(first.toString())), MAIL_WAIT).stream()
                .filter(message -> message.subject().contains(first.toString())).findFirst().orElseThrow();
        assertEquals("Claims are open: Hot wallet breach " + first, opened.subject());
        String header = opened.headers().get("List-Unsubscribe");
        assertTrue(header != null && header.startsWith("<http") && header.endsWith(">"), "List-Unsubscribe: " + header);
        assertEquals("List-Unsubscribe=One-Click", opened.headers().get("List-Unsubscribe-Post"));
        String token = header.substring(header.indexOf("token=") + "token=".length(), header.length() - 1);
        assertTrue(opened.text().contains(token), "the body carries the same link");
        as(DemoUsers.IAN).when().get("/incidents/" + first + "/notifications/claims-open").then().statusCode(200)
                .body("expanded", equalTo(true)).body("parked", equalTo(0)).body("maxPerSecond", equalTo(20));

        io.restassured.RestAssured.given().queryParam("token", token.substring(0, token.length() - 2) + "AA")
                .when().post("/notifications/unsubscribe").then().statusCode(400).body("errors[0].field", equalTo("token"));
        io.restassured.RestAssured.given().queryParam("token", token).when().post("/notifications/unsubscribe")
                .then().statusCode(200).body("claimsOpen", equalTo(false)).body("barDateReminder", equalTo(false));
        as(DemoUsers.ALICE).when().get("/me/notification-preferences").then().statusCode(200)
                .body("claimsOpen", equalTo(false));

        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "740", "74000");
        String claimId = claim.getString("id");
        String second = claim.getString("incidentId");
        org.awaitility.Awaitility.await().atMost(MAIL_WAIT).until(() -> rows("notification where account_id = '"
                + ALICE_ACCOUNT + "' and status = 'SKIPPED' and kind = 'CLAIMS_OPEN' and parameters->>'incidentId' = '"
                + second + "'") == 1);
        assign(claimId);
        reject(claimId, "Reminders off, decisions on.");
        assertEquals("Your claim was rejected", mailsAbout(claimId, 1).getFirst().subject());
        assertTrue(mailbox.to(ALICE_MAIL).stream().noneMatch(message -> message.subject().contains(second)));
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(Map.of("claimsOpen", true, "barDateReminder", true))
                .when().put("/me/notification-preferences").then().statusCode(200);
    }

    @Test
    void aDraftClaimIsRemindedOnceThatClaimsCloseSoon() throws Exception {
        // Why: a claimant who opened a claim but never submitted it is told, once, before the bar date passes.
        language("es");
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "750")));
        String claimId = ClaimSteps.open(DemoUsers.ALICE, incidentId).getString("id");
        List<Mailbox.Message> reminders = mailbox.await(ALICE_MAIL, messages -> messages.stream().anyMatch(message ->
                message.subject().startsWith("Las reclamaciones cierran el") && message.text().contains(incidentId.toString())),
                MAIL_WAIT).stream().filter(message -> message.subject().startsWith("Las reclamaciones cierran el")
                && message.text().contains(incidentId.toString())).toList();
        assertEquals(1, reminders.size());
        assertTrue(reminders.getFirst().headers().containsKey("List-Unsubscribe"), "a reminder can be switched off");
        Thread.sleep(2_000); // two more reminder runs (every second in tests)
        assertEquals(1, rows("notification where kind = 'BAR_DATE_REMINDER' and event_id = '" + claimId + "'"));
    }

    @Test
    void preferencesRefuseAnUnknownLanguageNamingTheField() {
        // Why: strict input: a language the mails are not written in is refused, and nothing is stored.
        as(DemoUsers.ALICE).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON)
                .body(Map.of("language", "fr", "claimsOpen", true, "barDateReminder", true))
                .when().put("/me/notification-preferences").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.containsString("language"));
        as(DemoUsers.SAM).when().get("/me/notification-preferences").then().statusCode(403);
    }

    private static JsonPath claim(String claimId) {
        return as(DemoUsers.ALICE).when().get("/claims/" + claimId).then().statusCode(200).extract().jsonPath();
    }
}
