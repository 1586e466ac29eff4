package dev.restitution.claims.claim;

import static dev.restitution.claims.claim.ClaimSteps.as;
import static dev.restitution.claims.claim.ClaimSteps.open;
import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.devstack.DemoUsers;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The claims audit log through the audit API every service offers: listing with filters, verification. */
@QuarkusTest
class AuditExportTest {

    private final ClaimsFixture fixture = new ClaimsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Every matching entry, page by page, as an auditor's export reads them. */
    private static List<Map<String, Object>> entries(Map<String, Object> filters) {
        List<Map<String, Object>> all = new ArrayList<>();
        long after = 0;
        while (true) {
            Map<String, Object> parameters = new HashMap<>(filters);
            parameters.put("afterSequence", after);
            List<Map<String, Object>> items = as(DemoUsers.AUDREY).queryParams(parameters).queryParam("limit", 50)
                    .when().get("/audit/entries").then().statusCode(200).extract().jsonPath().getList("items");
            all.addAll(items);
            if (items.size() < 50) {
                return all;
            }
            after = ((Number) items.getLast().get("sequence")).longValue();
        }
    }

    @Test
    void auditorsListTheClaimsLogByClaimActorAndActionAndAVerificationFindsAForgedEntry() {
        // Why: auditors read the claims log with the same filters as every other log and check it; an entry slipped
        // into a claim's chain is caught, by the whole log's verification and by the claim's own view.
        UUID incidentId = fixture.sealed(Map.of(DemoUsers.ALICE_ACCOUNT_ID, Map.of("ETH", "47")));
        String claimId = open(DemoUsers.ALICE, incidentId).getString("id");

        List<Map<String, Object>> ofClaim = entries(Map.of("subjectId", claimId.toUpperCase()));
        assertEquals(1, ofClaim.size(), ofClaim::toString);
        Map<String, Object> opened = ofClaim.getFirst();
        assertEquals(List.of("OPENED", claimId, 1, "CLAIM", claimId, DemoUsers.ALICE), List.of(opened.get("action"),
                opened.get("chainKey"), opened.get("chainSequence"), opened.get("subjectType"), opened.get("subjectId"),
                ((Map<?, ?>) opened.get("actor")).get("username")));
        assertEquals(List.of(opened), entries(Map.of("subjectId", claimId, "action", "opened", "actor", DemoUsers.ALICE)));
        assertEquals(List.of(), entries(Map.of("subjectId", claimId, "action", "SUBMITTED")));
        List<Map<String, Object>> everything = entries(Map.of());
        for (int index = 1; index < everything.size(); index++) {
            assertTrue(((Number) everything.get(index).get("sequence")).longValue()
                    > ((Number) everything.get(index - 1).get("sequence")).longValue(), "the order of writing");
        }
        as(DemoUsers.AUDREY).when().get("/audit/verification").then().statusCode(200).body("intact", equalTo(true));

        // A forged second entry (the table takes inserts; updates and deletes it refuses) breaks the claim's chain.
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery("""
                        insert into audit_entry (sequence, chain_key, chain_sequence, version, occurred_at,
                            actor_subject_id, actor_username, action, subject_type, subject_id, after_state, reason,
                            previous_hash, hash)
                        select nextval('audit_entry_keyed_sequence'), chain_key, 2, 2, now(), 'mallory-subject',
                            'mallory', 'APPROVED', 'CLAIM', subject_id, '{"status":"APPROVED"}', 'approved', hash,
                            repeat('ab', 32)
                        from audit_entry where chain_key = :claim and chain_sequence = 1""")
                .setParameter("claim", claimId).executeUpdate());
        as(DemoUsers.AUDREY).when().get("/audit/verification").then().statusCode(200)
                .body("intact", equalTo(false)).body("problem", containsString(claimId));
        as(DemoUsers.AUDREY).when().get("/claims/" + claimId + "/audit").then().statusCode(200)
                .body("intact", equalTo(false)).body("entries[1].actor.username", equalTo("mallory"));
    }

    @Test
    void onlyAuditorsListOrVerifyTheLog() {
        // Why: the whole log names every account; claimants and staff other than auditors read only per claim.
        for (String user : List.of(DemoUsers.ALICE, DemoUsers.SAM, DemoUsers.LENA, DemoUsers.IAN, DemoUsers.FIONA)) {
            as(user).when().get("/audit/entries").then().statusCode(403);
            as(user).when().get("/audit/verification").then().statusCode(403);
        }
        given().when().get("/audit/entries").then().statusCode(401);
        given().when().get("/audit/verification").then().statusCode(401);
        for (String bad : List.of("limit=0", "limit=201", "afterSequence=-1", "actor=" + "x".repeat(201))) {
            as(DemoUsers.AUDREY).filter(invalidRequestOnPurpose()).when().get("/audit/entries?" + bad)
                    .then().statusCode(400);
        }
    }
}
