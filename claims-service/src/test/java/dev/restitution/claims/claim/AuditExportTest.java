package dev.restitution.claims.claim;

import static dev.restitution.claims.claim.ClaimSteps.as;
import static dev.restitution.claims.claim.ClaimSteps.open;
import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditExportTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClaimsFixture fixture = new ClaimsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** Every entry, page by page, as the auditor's export gives them. */
    private static List<JsonNode> exportAll() throws Exception {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            String page = as(DemoUsers.AUDREY).accept("application/x-ndjson").queryParam("afterId", after)
                    .queryParam("limit", 50).when().get("/audit/entries").then().statusCode(200)
                    .contentType(startsWith("application/x-ndjson")).extract().asString();
            List<JsonNode> lines = new ArrayList<>();
            for (String line : page.split("\n")) {
                if (!line.isEmpty()) {
                    lines.add(JSON.readTree(line));
                }
            }
            all.addAll(lines);
            if (lines.size() < 50) {
                return all;
            }
            after = lines.getLast().get("id").asLong();
        }
    }

    @Test
    void auditorExportsTheLogAndAVerificationFindsAForgedEntry() throws Exception {
        // Why: auditors take the log away (NDJSON, CSV) and check it; an entry slipped into a chain is caught.
        UUID incidentId = fixture.sealed(Map.of(DemoUsers.ALICE_ACCOUNT_ID, Map.of("ETH", "47")));
        String claimId = open(DemoUsers.ALICE, incidentId).getString("id");
        List<JsonNode> entries = exportAll();
        assertTrue(entries.stream().anyMatch(entry -> claimId.equals(entry.get("chainId").asText())
                && "OPENED".equals(entry.get("action").asText())));
        for (int index = 1; index < entries.size(); index++) {
            assertTrue(entries.get(index).get("id").asLong() > entries.get(index - 1).get("id").asLong());
        }
        String csv = as(DemoUsers.AUDREY).accept("text/csv").queryParam("limit", 10000).when().get("/audit/entries")
                .then().statusCode(200).contentType(startsWith("text/csv")).extract().asString();
        assertTrue(csv.startsWith("id,chainId,sequence,version,at,actorSubjectId,actorUsername,action,before,after,"
                + "previousHash,hash\r\n"));
        assertTrue(csv.contains(claimId));
        as(DemoUsers.AUDREY).when().get("/audit/verification").then().statusCode(200).body("intact", equalTo(true));

        // A forged second entry (the table takes inserts; updates and deletes it refuses) breaks the claim's chain.
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager().createNativeQuery("""
                        insert into claim_audit (claim_id, sequence, version, actor_subject_id, actor, at, action,
                            before_state, after_state, previous_hash, hash)
                        select claim_id, 2, 2, 'mallory-subject', 'mallory', now(), 'APPROVED', '{}',
                            '{"status":"APPROVED"}', hash, repeat('ab', 32)
                        from claim_audit where claim_id = :claim and sequence = 1""")
                .setParameter("claim", UUID.fromString(claimId)).executeUpdate());
        as(DemoUsers.AUDREY).when().get("/audit/verification").then().statusCode(200)
                .body("intact", equalTo(false)).body("breaks.chainId", hasItem(claimId));
        as(DemoUsers.AUDREY).when().get("/claims/" + claimId + "/audit").then().statusCode(200)
                .body("intact", equalTo(false));
    }

    @Test
    void onlyAuditorsExportOrVerifyTheLog() {
        // Why: the whole log names every account; claimants and staff other than auditors read only per claim.
        for (String user : List.of(DemoUsers.ALICE, DemoUsers.SAM, DemoUsers.LENA, DemoUsers.IAN, DemoUsers.FIONA)) {
            as(user).when().get("/audit/entries").then().statusCode(403);
            as(user).when().get("/audit/verification").then().statusCode(403);
        }
        given().when().get("/audit/entries").then().statusCode(401);
        given().when().get("/audit/verification").then().statusCode(401);
        for (String bad : List.of("limit=0", "limit=10001", "afterId=-1")) {
            as(DemoUsers.AUDREY).filter(invalidRequestOnPurpose()).when().get("/audit/entries?" + bad)
                    .then().statusCode(400);
        }
    }
}
