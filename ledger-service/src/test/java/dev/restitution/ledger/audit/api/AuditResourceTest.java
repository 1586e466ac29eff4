package dev.restitution.ledger.audit.api;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.recovery.LedgerFixtures.book;
import static dev.restitution.ledger.recovery.LedgerFixtures.declareIncident;
import static dev.restitution.ledger.recovery.LedgerFixtures.sql;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.ledger.recovery.LedgerFixtures;
import dev.restitution.ledger.LedgerTestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditResourceTest {

    private static JsonPath verification() {
        return given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/audit/verification")
                .then().statusCode(200).extract().jsonPath();
    }

    /** The audit entry that recorded the booking of {@code transferId}. */
    private static Map<String, Object> entryOf(String transferId) {
        long after = 0;
        while (true) {
            List<Map<String, Object>> items = given().auth().oauth2(tokenFor(DemoUsers.AUDREY))
                    .queryParam("afterSequence", after).queryParam("limit", 200)
                    .when().get("/audit/entries").then().statusCode(200).extract().jsonPath().getList("items");
            for (Map<String, Object> item : items) {
                if (transferId.equals(item.get("subjectId"))) {
                    return item;
                }
            }
            if (items.isEmpty()) {
                throw new AssertionError("no audit entry for transfer " + transferId);
            }
            after = ((Number) items.getLast().get("sequence")).longValue();
        }
    }

    @Test
    void everyBookingIsAuditedWithWhoWhatBeforeAfterAndWhyInAnIntactChain() {
        // Why: an auditor must see who moved which money and why, and be able to check nothing was rewritten.
        UUID incident = declareIncident("ETH");
        String transferId = book(incident, "ETH", "TREASURY_CONTRIBUTION", 42);
        Map<String, Object> entry = entryOf(transferId);
        assertEquals("RECOVERY_BOOKED", entry.get("action"));
        assertEquals("TRANSFER", entry.get("subjectType"));
        assertEquals("test booking", entry.get("reason"));
        assertEquals("{\"AVAILABLE\":\"0\",\"TREASURY\":\"0\"}", entry.get("before"));
        assertEquals(true, ((String) entry.get("after")).contains("\"AVAILABLE\":\"42\""));
        assertEquals(2, entry.get("version"));
        @SuppressWarnings("unchecked")
        Map<String, Object> actor = (Map<String, Object>) entry.get("actor");
        assertEquals("fiona", actor.get("username"));
        assertEquals(LedgerFixtures.subjectOf(DemoUsers.FIONA), actor.get("subjectId"));
        JsonPath verification = verification();
        assertEquals(true, verification.getBoolean("intact"));
        assertEquals(verification.getLong("headSequence"), verification.getLong("verifiedEntries"));
    }

    @Test
    void aTamperedAuditRowIsDetectedAtItsSequence() {
        // Why: the hash chain exists to expose an edited entry, even one edited with the database's own tools.
        UUID incident = declareIncident("ETH");
        String transferId = book(incident, "ETH", "TREASURY_CONTRIBUTION", 42);
        long sequence = ((Number) entryOf(transferId).get("sequence")).longValue();
        String original = (String) entryOf(transferId).get("reason");
        tamper(sequence, "reason = 'nothing to see here'");
        try {
            given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/audit/verification")
                    .then().statusCode(200).body("intact", equalTo(false),
                            "firstBrokenSequence", equalTo((int) sequence),
                            "verifiedEntries", equalTo((int) sequence - 1),
                            "problem", containsString("does not match"));
        } finally {
            tamper(sequence, "reason = '" + original + "'");
        }
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/audit/verification")
                .then().statusCode(200).body("intact", equalTo(true), "firstBrokenSequence", nullValue());
    }

    /**
     * Edits an entry as the database's owner could (never the service, whose role may not): with the
     * append-only trigger switched off.
     */
    private static void tamper(long sequence, String assignment) {
        try (Connection owner = LedgerTestInfrastructure.ownerConnection(); Statement statement = owner.createStatement()) {
            statement.execute("alter table audit_entry disable trigger audit_entry_immutable; "
                    + "update audit_entry set " + assignment + " where sequence = " + sequence + "; "
                    + "alter table audit_entry enable trigger audit_entry_immutable");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot tamper with audit entry " + sequence, e);
        }
    }

    @Test
    void auditEntriesCannotBeChangedOrDeleted() {
        // Why: append-only is enforced by the database, not by the application's good manners.
        UUID incident = declareIncident("ETH");
        long sequence = ((Number) entryOf(book(incident, "ETH", "TREASURY_CONTRIBUTION", 1)).get("sequence")).longValue();
        assertThrows(RuntimeException.class,
                () -> sql("update audit_entry set reason = 'x' where sequence = " + sequence));
        assertThrows(RuntimeException.class, () -> sql("delete from audit_entry where sequence = " + sequence));
        assertEquals(true, verification().getBoolean("intact"));
    }

    @Test
    void theLedgerFiltersTheLogByActorActionSubjectTypeAndSubjectIdIgnoringCase() {
        // Why: an auditor looks for one subject or one person's actions in a long log; the ledger selects them, so a
        // page holds only matches and no match hides behind a page of other entries.
        UUID incident = declareIncident("ETH");
        String transferId = book(incident, "ETH", "TREASURY_CONTRIBUTION", 7);
        String otherTransferId = book(incident, "ETH", "TREASURY_CONTRIBUTION", 8);

        List<Map<String, Object>> bySubject = entries(Map.of("subjectId", transferId.toUpperCase(java.util.Locale.ROOT)));
        assertEquals(List.of(transferId), bySubject.stream().map(entry -> entry.get("subjectId")).toList());

        List<Map<String, Object>> byPart = entries(Map.of("subjectId", transferId.substring(0, 13), "action", "recovery_booked",
                "subjectType", "transfer", "actor", "FIONA"));
        assertEquals(List.of(transferId), byPart.stream().map(entry -> entry.get("subjectId")).toList());

        List<Map<String, Object>> ofIncident = entries(Map.of("action", "RECOVERY_BOOKED"));
        assertEquals(true, ofIncident.stream().allMatch(entry -> "RECOVERY_BOOKED".equals(entry.get("action"))));
        assertEquals(true, ofIncident.stream().anyMatch(entry -> otherTransferId.equals(entry.get("subjectId"))));

        long sequence = ((Number) bySubject.getFirst().get("sequence")).longValue();
        assertEquals(List.of(), entries(Map.of("subjectId", transferId, "afterSequence", sequence)), "keyset paging applies to matches");
        assertEquals(List.of(), entries(Map.of("subjectId", transferId, "actor", "audrey")), "every filter must match");
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParam("actor", "x".repeat(201)).when().get("/audit/entries")
                .then().statusCode(400);
    }

    /** Every audit entry that matches {@code query}, read page by page. */
    private static List<Map<String, Object>> entries(Map<String, Object> query) {
        List<Map<String, Object>> all = new java.util.ArrayList<>();
        long after = ((Number) query.getOrDefault("afterSequence", 0L)).longValue();
        while (true) {
            Map<String, Object> parameters = new java.util.HashMap<>(query);
            parameters.put("afterSequence", after);
            List<Map<String, Object>> items = given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParams(parameters)
                    .queryParam("limit", 200).when().get("/audit/entries").then().statusCode(200).extract().jsonPath().getList("items");
            all.addAll(items);
            if (items.size() < 200) {
                return all;
            }
            after = ((Number) items.getLast().get("sequence")).longValue();
        }
    }

    @Test
    void onlyAuditorsReadTheAuditLog() {
        // Why: the log names people and amounts; finance reads its own screens, not the audit trail.
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).when().get("/audit/entries").then().statusCode(403);
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/audit/verification").then().statusCode(403);
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParam("limit", 500).when().get("/audit/entries")
                .then().statusCode(400);
    }
}
