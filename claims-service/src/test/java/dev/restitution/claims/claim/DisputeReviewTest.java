package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.claim.ClaimSteps.as;
import static dev.restitution.claims.claim.ClaimSteps.attestKyc;
import static dev.restitution.claims.claim.ClaimSteps.dispute;
import static dev.restitution.claims.claim.ClaimSteps.open;
import static dev.restitution.claims.claim.ClaimSteps.outboxEvents;
import static dev.restitution.claims.claim.ClaimSteps.underReview;
import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.contracts.events.ClaimApproved;
import dev.restitution.contracts.events.ClaimRejected;
import dev.restitution.contracts.events.ClaimWithdrawn;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DisputeReviewTest {

    private static final String ALICE_ACCOUNT = DemoUsers.ALICE_ACCOUNT_ID;
    private static final String BOB_ACCOUNT = DemoUsers.BOB_ACCOUNT_ID;
    private final ClaimsFixture fixture = new ClaimsFixture();
    private final EventCodec codec = new EventCodec();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static void assign(String reviewer, String claimId) {
        as(reviewer).when().post("/claims/" + claimId + "/assignment").then().statusCode(200)
                .body("assignee.username", equalTo(reviewer));
    }

    private static Map<String, Object> approval(String lineId, String amount) {
        return Map.of("decision", "APPROVE", "lines", List.of(Map.of("lineId", lineId, "approvedAmount", amount)));
    }

    private static long audit(String claimId, String action) {
        return rows("audit_entry where chain_key = '" + claimId + "' and action = '" + action + "'");
    }

    @Test
    void disputeGoesThroughAQuestionAndTwoReviewersToApproval() throws Exception {
        // Why: the whole dispute path: a claimant disputes, an agent asks, the claimant answers, the agent proposes
        // above the four-eyes value, a support-lead approves, and ClaimApproved carries the reviewed amount.
        attestKyc(ALICE_ACCOUNT, "VERIFIED");
        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "500", "5000");
        String claimId = claim.getString("id");
        String lineId = claim.getString("lines[0].id");
        String incidentId = claim.getString("incidentId");
        as(DemoUsers.SAM).queryParam("incidentId", incidentId).when().get("/review-queue").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].claimId", equalTo(claimId))
                .body("items[0].status", equalTo("UNDER_REVIEW")).body("items[0].overdue", equalTo(false))
                .body("items[0].disputedLines[0].claimedAmount", equalTo("5000"))
                .body("items[0].disputedLines[0].snapshotAmount", equalTo("500"));
        assign(DemoUsers.SAM, claimId);
        as(DemoUsers.SAM).contentType(ContentType.JSON).body(Map.of("question", "Please send the deposit receipt."))
                .when().post("/claims/" + claimId + "/questions").then().statusCode(201)
                .body("status", equalTo("NEEDS_INFO"));
        String questionId = as(DemoUsers.ALICE).when().get("/claims/" + claimId).then().statusCode(200)
                .body("status", equalTo("NEEDS_INFO")).body("assignee", nullValue())
                .body("questions[0].question", equalTo("Please send the deposit receipt."))
                .extract().jsonPath().getString("questions[0].id");
        // While the claimant owes an answer nothing can be proposed.
        as(DemoUsers.SAM).contentType(ContentType.JSON).body(approval(lineId, "4000"))
                .when().post("/claims/" + claimId + "/proposal").then().statusCode(409);
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(Map.of("answer", "Receipt uploaded as evidence."))
                .when().post("/claims/" + claimId + "/questions/" + questionId + "/answer").then().statusCode(200)
                .body("status", equalTo("UNDER_REVIEW")).body("questions[0].answer", equalTo("Receipt uploaded as evidence."));
        as(DemoUsers.SAM).contentType(ContentType.JSON).body(Map.of("text", "Receipt matches the exchange's logs."))
                .when().post("/claims/" + claimId + "/comments").then().statusCode(201);
        as(DemoUsers.SAM).contentType(ContentType.JSON).body(approval(lineId, "4000"))
                .when().post("/claims/" + claimId + "/proposal").then().statusCode(200)
                .body("status", equalTo("PENDING_SECOND_APPROVAL")).body("proposal.proposedBy.username", equalTo(DemoUsers.SAM))
                .body("proposal.lines[0].approvedAmount", equalTo("4000"));
        assertEquals(0, outboxEvents(claimId).size());
        // An agent cannot give the second approval; the support-lead does.
        as(DemoUsers.SAM).when().post("/claims/" + claimId + "/proposal/approval").then().statusCode(403);
        as(DemoUsers.LENA).when().post("/claims/" + claimId + "/proposal/approval").then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("lines[0].approvedAmount", equalTo("4000"))
                .body("proposal", nullValue());
        List<EventEnvelope> events = outboxEvents(claimId);
        assertEquals(1, events.size());
        assertEquals(EventTypes.CLAIM_APPROVED, events.getFirst().type());
        ClaimApproved approved = codec.payload(events.getFirst(), ClaimApproved.class);
        assertEquals("4000", approved.getLines().getFirst().getApprovedAmount());
        as(DemoUsers.AUDREY).when().get("/claims/" + claimId + "/audit").then().statusCode(200)
                .body("intact", equalTo(true))
                .body("entries.action", contains("OPENED", "LINE_DISPUTED", "PAYOUT_ADDRESS_PROVEN", "SUBMITTED",
                        "ASSIGNED", "QUESTION_ASKED", "QUESTION_ANSWERED", "COMMENTED", "APPROVAL_PROPOSED", "APPROVED"));
        as(DemoUsers.AUDREY).when().get("/claims/" + claimId + "/comments").then().statusCode(200)
                .body("items", hasSize(1)).body("items[0].author.username", equalTo(DemoUsers.SAM));
        as(DemoUsers.SAM).queryParam("incidentId", incidentId).when().get("/review-queue").then().statusCode(200)
                .body("total", equalTo(0));
    }

    @Test
    void proposerNeverGivesTheSecondApproval() throws Exception {
        // Why: four eyes: a support-lead who proposed a decision above the value cannot also approve it.
        attestKyc(ALICE_ACCOUNT, "VERIFIED");
        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "600", "6000");
        String claimId = claim.getString("id");
        assign(DemoUsers.LENA, claimId);
        as(DemoUsers.LENA).contentType(ContentType.JSON).body(approval(claim.getString("lines[0].id"), "6000"))
                .when().post("/claims/" + claimId + "/proposal").then().statusCode(200)
                .body("status", equalTo("PENDING_SECOND_APPROVAL"));
        as(DemoUsers.LENA).when().post("/claims/" + claimId + "/proposal/approval").then().statusCode(403)
                .contentType("application/problem+json").body("type", containsStringIgnoringCase("own-proposal"));
        as(DemoUsers.LENA).contentType(ContentType.JSON).body(Map.of("reason", "changed my mind"))
                .when().post("/claims/" + claimId + "/proposal/rejection").then().statusCode(403);
        as(DemoUsers.SAM).when().get("/claims/" + claimId).then().statusCode(200)
                .body("status", equalTo("PENDING_SECOND_APPROVAL")).body("lines[0].approvedAmount", nullValue());
        assertEquals(0, outboxEvents(claimId).size());
        assertEquals(0, audit(claimId, "APPROVED"));
    }

    @Test
    void leadSendsAProposalBackToReview() throws Exception {
        // Why: a second reviewer who disagrees returns the claim to the agent; nothing is decided or published.
        attestKyc(ALICE_ACCOUNT, "VERIFIED");
        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "700", "7000");
        String claimId = claim.getString("id");
        assign(DemoUsers.SAM, claimId);
        as(DemoUsers.SAM).contentType(ContentType.JSON).body(approval(claim.getString("lines[0].id"), "7000"))
                .when().post("/claims/" + claimId + "/proposal").then().statusCode(200);
        as(DemoUsers.LENA).contentType(ContentType.JSON).body(Map.of("reason", "Receipt is for another account"))
                .when().post("/claims/" + claimId + "/proposal/rejection").then().statusCode(200)
                .body("status", equalTo("UNDER_REVIEW")).body("proposal", nullValue())
                .body("lines[0].approvedAmount", nullValue());
        assertEquals(0, outboxEvents(claimId).size());
        assertEquals(1, audit(claimId, "PROPOSAL_SENT_BACK"));
    }

    @Test
    void approvalAtOrBelowTheFourEyesValueNeedsOneReviewer() throws Exception {
        // Why: small corrections should not wait for a lead; the configured value (1000 in tests) decides.
        attestKyc(ALICE_ACCOUNT, "VERIFIED");
        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "800", "1200");
        String claimId = claim.getString("id");
        assign(DemoUsers.SAM, claimId);
        as(DemoUsers.SAM).contentType(ContentType.JSON).body(approval(claim.getString("lines[0].id"), "1000"))
                .when().post("/claims/" + claimId + "/proposal").then().statusCode(200)
                .body("status", equalTo("APPROVED")).body("lines[0].approvedAmount", equalTo("1000"));
        assertEquals(EventTypes.CLAIM_APPROVED, outboxEvents(claimId).getFirst().type());
    }

    @Test
    void rejectionCarriesTheReasonTheClaimantSeesAndIsPublished() throws Exception {
        // Why: a rejected claimant learns why, and the decision leaves through the outbox as ClaimRejected.
        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "900", "90000");
        String claimId = claim.getString("id");
        assign(DemoUsers.SAM, claimId);
        as(DemoUsers.SAM).contentType(ContentType.JSON)
                .body(Map.of("decision", "REJECT", "reason", "No deposit of that size reached the exchange."))
                .when().post("/claims/" + claimId + "/proposal").then().statusCode(200)
                .body("status", equalTo("REJECTED"));
        as(DemoUsers.ALICE).when().get("/claims/" + claimId).then().statusCode(200)
                .body("status", equalTo("REJECTED"))
                .body("rejectionReason", equalTo("No deposit of that size reached the exchange."));
        List<EventEnvelope> events = outboxEvents(claimId);
        assertEquals(1, events.size());
        ClaimRejected rejected = codec.payload(events.getFirst(), ClaimRejected.class);
        assertEquals(DemoUsers.SAM, rejected.getDecidedBy());
        assertEquals("No deposit of that size reached the exchange.", rejected.getReason());
        // Decided: no withdrawal, no amendment.
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(Map.of("reason", "too late"))
                .when().post("/claims/" + claimId + "/withdrawal").then().statusCode(409);
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(Map.of("claimedAmount", "1", "explanation", "x"))
                .when().post("/claims/" + claimId + "/lines/" + claim.getString("lines[0].id") + "/dispute")
                .then().statusCode(409);
        assertEquals(1, outboxEvents(claimId).size());
    }

    @Test
    void claimantWithdrawsBeforeADecisionOnce() throws Exception {
        // Why: a claimant may walk away until a decision; the withdrawal is final and published as ClaimWithdrawn.
        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "1100", "2200");
        String claimId = claim.getString("id");
        as(DemoUsers.BOB).contentType(ContentType.JSON).body(Map.of("reason", "not mine"))
                .when().post("/claims/" + claimId + "/withdrawal").then().statusCode(404);
        as(DemoUsers.SAM).contentType(ContentType.JSON).body(Map.of("reason", "agent"))
                .when().post("/claims/" + claimId + "/withdrawal").then().statusCode(403);
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(Map.of("reason", "Found the deposit elsewhere."))
                .when().post("/claims/" + claimId + "/withdrawal").then().statusCode(200)
                .body("status", equalTo("WITHDRAWN")).body("withdrawalReason", equalTo("Found the deposit elsewhere."));
        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(Map.of("reason", "again"))
                .when().post("/claims/" + claimId + "/withdrawal").then().statusCode(409);
        List<EventEnvelope> events = outboxEvents(claimId);
        assertEquals(1, events.size());
        assertEquals(ALICE_ACCOUNT, codec.payload(events.getFirst(), ClaimWithdrawn.class).getAccountId());
        // Out of the queue: no reviewer takes it any more.
        as(DemoUsers.SAM).when().post("/claims/" + claimId + "/assignment").then().statusCode(409);
    }

    @Test
    void amendingADisputeDiscardsAPendingProposal() throws Exception {
        // Why: a proposal was about the dispute as it stood; when the claimant changes it, the proposal cannot stand.
        attestKyc(ALICE_ACCOUNT, "VERIFIED");
        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "1300", "13000");
        String claimId = claim.getString("id");
        String lineId = claim.getString("lines[0].id");
        assign(DemoUsers.SAM, claimId);
        as(DemoUsers.SAM).contentType(ContentType.JSON).body(approval(lineId, "13000"))
                .when().post("/claims/" + claimId + "/proposal").then().statusCode(200);
        dispute(DemoUsers.ALICE, claimId, lineId, "12000");
        as(DemoUsers.LENA).when().get("/claims/" + claimId).then().statusCode(200)
                .body("status", equalTo("UNDER_REVIEW")).body("proposal", nullValue())
                .body("lines[0].claimedAmount", equalTo("12000"));
        as(DemoUsers.LENA).when().post("/claims/" + claimId + "/proposal/approval").then().statusCode(409);
        assertEquals(1, audit(claimId, "DISPUTE_AMENDED"));
        assertEquals(1, audit(claimId, "PROPOSAL_DISCARDED"));
        assertEquals(0, outboxEvents(claimId).size());
    }

    @Test
    void badDisputesAndProposalsAreRefusedAndWriteNothing() throws Exception {
        // Why: bad input is a 400 problem naming the field and a wrong state a 409; money and state stay as they were.
        attestKyc(ALICE_ACCOUNT, "VERIFIED");
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "1500")));
        JsonPath draft = open(DemoUsers.ALICE, incidentId);
        String draftId = draft.getString("id");
        String draftLine = draft.getString("lines[0].id");
        // "1500" (the snapshot amount) and "0" have the documented form and are refused for what they mean.
        List<Object> malformed = List.of("-5", "12a", "1".repeat(79), "1.5");
        for (Object amount : List.of("-5", "12a", "1".repeat(79), "1500", "0", "1.5")) {
            (malformed.contains(amount) ? as(DemoUsers.ALICE).filter(invalidRequestOnPurpose()) : as(DemoUsers.ALICE))
                    .contentType(ContentType.JSON).body(Map.of("claimedAmount", amount, "explanation", "x"))
                    .when().post("/claims/" + draftId + "/lines/" + draftLine + "/dispute").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        as(DemoUsers.ALICE).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON)
                .body(Map.of("claimedAmount", "2000", "explanation", "x", "evidenceUrl", "http://x"))
                .when().post("/claims/" + draftId + "/lines/" + draftLine + "/dispute").then().statusCode(400);
        as(DemoUsers.ALICE).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON)
                .body(Map.of("claimedAmount", "2000", "explanation", ""))
                .when().post("/claims/" + draftId + "/lines/" + draftLine + "/dispute").then().statusCode(400);
        as(DemoUsers.BOB).contentType(ContentType.JSON).body(Map.of("claimedAmount", "2000", "explanation", "x"))
                .when().post("/claims/" + draftId + "/lines/" + draftLine + "/dispute").then().statusCode(404);
        as(DemoUsers.ALICE).when().get("/claims/" + draftId).then().statusCode(200)
                .body("lines[0].status", equalTo("PENDING")).body("lines[0].claimedAmount", nullValue());
        assertEquals(1, rows("audit_entry where chain_key = '" + draftId + "'"));
        // A DRAFT claim is not in review: no assignment, no proposal.
        as(DemoUsers.SAM).when().post("/claims/" + draftId + "/assignment").then().statusCode(409);

        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "1600", "3200");
        String claimId = claim.getString("id");
        String lineId = claim.getString("lines[0].id");
        // Not assigned to the proposer.
        as(DemoUsers.SAM).contentType(ContentType.JSON).body(approval(lineId, "100"))
                .when().post("/claims/" + claimId + "/proposal").then().statusCode(409)
                .body("type", containsStringIgnoringCase("not-assigned-to-you"));
        assign(DemoUsers.SAM, claimId);
        as(DemoUsers.LENA).when().post("/claims/" + claimId + "/assignment").then().statusCode(409)
                .body("type", containsStringIgnoringCase("claim-assigned"));
        for (Map<String, Object> bad : List.<Map<String, Object>>of(
                approval(lineId, "3201"),
                approval(UUID.randomUUID().toString(), "100"),
                approval(lineId, "0"),
                approval(lineId, "-1"),
                Map.of("decision", "APPROVE"),
                Map.of("decision", "REJECT"),
                Map.of("decision", "REJECT", "reason", "no", "lines", List.of(Map.of("lineId", lineId, "approvedAmount", "1"))),
                Map.of("decision", "PAY", "reason", "no"),
                Map.of("decision", "REJECT", "reason", "no", "note", "unknown field"))) {
            // A negative amount, an unknown decision and an unknown field break the document; the rest are refused
            // for what they mean.
            boolean malformedProposal = bad.equals(approval(lineId, "-1")) || "PAY".equals(bad.get("decision"))
                    || bad.containsKey("note");
            (malformedProposal ? as(DemoUsers.SAM).filter(invalidRequestOnPurpose()) : as(DemoUsers.SAM))
                    .contentType(ContentType.JSON).body(bad)
                    .when().post("/claims/" + claimId + "/proposal").then().statusCode(400)
                    .contentType("application/problem+json");
        }
        as(DemoUsers.AUDREY).contentType(ContentType.JSON).body(approval(lineId, "100"))
                .when().post("/claims/" + claimId + "/proposal").then().statusCode(403);
        as(DemoUsers.ALICE).when().get("/review-queue").then().statusCode(403);
        as(DemoUsers.ALICE).when().get("/claims/" + claimId + "/comments").then().statusCode(403);
        as(DemoUsers.SAM).when().get("/claims/" + claimId).then().statusCode(200)
                .body("status", equalTo("UNDER_REVIEW")).body("lines[0].approvedAmount", nullValue());
        assertEquals(0, outboxEvents(claimId).size());
        assertEquals(0, rows("claim_question where claim_id = '" + claimId + "'"));
    }

    @Test
    void reviewQueueFiltersPagesAndFlagsOverdueClaims() throws Exception {
        // Why: agents work the oldest and overdue disputes first and narrow the queue by incident, asset and amount.
        JsonPath old = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "100", "150");
        JsonPath fresh = underReview(fixture, DemoUsers.BOB, BOB_ACCOUNT, "100", "990000");
        String oldId = old.getString("id");
        String freshId = fresh.getString("id");
        // The first entered the queue four days ago (the SLA is 72 hours).
        QuarkusTransaction.requiringNew().run(() -> Panache.getEntityManager()
                .createNativeQuery("update claim set queued_at = now() - interval '4 days' where id = '" + oldId + "'")
                .executeUpdate());
        as(DemoUsers.SAM).queryParam("overdue", true).queryParam("limit", 200).when().get("/review-queue")
                .then().statusCode(200).body("slaHours", equalTo(72))
                .body("items.find { it.claimId == '" + oldId + "' }.overdue", equalTo(true))
                .body("items.find { it.claimId == '" + oldId + "' }.ageSeconds", greaterThan(72 * 3600))
                .body("items.find { it.claimId == '" + freshId + "' }", nullValue());
        as(DemoUsers.SAM).queryParam("incidentId", fresh.getString("incidentId")).queryParam("asset", "ETH")
                .queryParam("minClaimedAmount", "990000").queryParam("maxClaimedAmount", "990000")
                .queryParam("assignedTo", "nobody").queryParam("status", "UNDER_REVIEW")
                .when().get("/review-queue").then().statusCode(200)
                .body("total", equalTo(1)).body("items[0].claimId", equalTo(freshId)).body("items[0].overdue", equalTo(false));
        as(DemoUsers.SAM).queryParam("incidentId", fresh.getString("incidentId")).queryParam("asset", "BNB")
                .when().get("/review-queue").then().statusCode(200).body("total", equalTo(0));
        as(DemoUsers.SAM).queryParam("incidentId", fresh.getString("incidentId")).queryParam("minClaimedAmount", "990001")
                .when().get("/review-queue").then().statusCode(200).body("total", equalTo(0));
        as(DemoUsers.SAM).queryParam("incidentId", old.getString("incidentId")).queryParam("minAgeHours", 90)
                .when().get("/review-queue").then().statusCode(200).body("total", equalTo(1));
        assign(DemoUsers.SAM, freshId);
        as(DemoUsers.SAM).queryParam("incidentId", fresh.getString("incidentId")).queryParam("assignedTo", "me")
                .when().get("/review-queue").then().statusCode(200).body("items[0].assignee.username", equalTo(DemoUsers.SAM));
        as(DemoUsers.LENA).queryParam("incidentId", fresh.getString("incidentId")).queryParam("assignedTo", "me")
                .when().get("/review-queue").then().statusCode(200).body("total", equalTo(0));
        // Paging: one item per page, oldest first.
        JsonPath first = as(DemoUsers.LENA).queryParam("limit", 1).when().get("/review-queue").then().statusCode(200)
                .body("items", hasSize(1)).extract().jsonPath();
        as(DemoUsers.LENA).queryParam("limit", 1).queryParam("offset", 1).when().get("/review-queue").then()
                .statusCode(200).body("items[0].claimId", org.hamcrest.Matchers.not(equalTo(first.getString("items[0].claimId"))))
                .body("total", equalTo(first.getInt("total")));
        for (String bad : List.of("status=APPROVED", "limit=201", "minClaimedAmount=-1", "asset=eth", "minAgeHours=-1",
                "assignedTo=a%20b")) {
            as(DemoUsers.SAM).filter(invalidRequestOnPurpose()).when().get("/review-queue?" + bad).then().statusCode(400).contentType("application/problem+json");
        }
        // A malformed incident id is a bad filter named as such, not an unknown page (JAX-RS alone would answer 404).
        for (String malformed : List.of("not-an-id", fresh.getString("incidentId") + "0")) {
            as(DemoUsers.SAM).filter(invalidRequestOnPurpose()).queryParam("incidentId", malformed)
                    .when().get("/review-queue").then().statusCode(400)
                    .contentType("application/problem+json").body("errors.field", equalTo(List.of("incidentId")));
        }
        // The document's validator takes this short form for a UUID (Java's UUID.fromString does); the service does not.
        as(DemoUsers.SAM).queryParam("incidentId", "1-2-3-4-5").when().get("/review-queue").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", equalTo(List.of("incidentId")));
        as(DemoUsers.AUDREY).when().get("/review-queue").then().statusCode(403);
        as(DemoUsers.IAN).when().get("/review-queue").then().statusCode(403);
    }
}
