package dev.restitution.claims.claim;

import static dev.restitution.claims.claim.ClaimSteps.as;
import static dev.restitution.claims.claim.ClaimSteps.attestKyc;
import static dev.restitution.claims.claim.ClaimSteps.open;
import static dev.restitution.claims.claim.ClaimSteps.proveEthereumAddress;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.Traces;
import dev.restitution.kit.tracing.TraceParent;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A claim keeps the trace of its submission, and its approval, whenever it comes, continues that trace. */
@QuarkusTest
class ClaimTracingTest {

    private static final String BOB_ACCOUNT = DemoUsers.BOB_ACCOUNT_ID;
    private static final Duration SPANS_ARRIVE = Duration.ofSeconds(30);

    private final ClaimsFixture fixture = new ClaimsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    @Test
    void anApprovalInALaterRequestIsASpanOfTheSubmissionsTraceLinkedToThatRequest() throws Exception {
        // Why: a claim's life spans many requests; the ledger and the payout follow its approval event, so that event
        // must be written in the submission's trace, not in the trace of the KYC attestation that happened to trigger it.
        UUID incidentId = fixture.sealed(Map.of(BOB_ACCOUNT, Map.of("ETH", "42")));
        attestKyc(BOB_ACCOUNT, "REJECTED");
        JsonPath claim = open(DemoUsers.BOB, incidentId);
        String claimId = claim.getString("id");
        as(DemoUsers.BOB).when().post("/claims/" + claimId + "/lines/" + claim.getString("lines[0].id") + "/accept")
                .then().statusCode(200);
        proveEthereumAddress(DemoUsers.BOB, BOB_ACCOUNT, incidentId, claimId);
        as(DemoUsers.BOB).header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/claims/" + claimId + "/submit").then().statusCode(200).body("status", equalTo("SUBMITTED"));
        TraceParent submission = TraceParent.ofNullable(traceParentOf(claimId))
                .orElseThrow(() -> new AssertionError("claim " + claimId + " kept no trace of its submission"));

        attestKyc(BOB_ACCOUNT, "VERIFIED");
        as(DemoUsers.BOB).when().get("/claims/" + claimId).then().statusCode(200).body("status", equalTo("APPROVED"));

        Traces traces = Traces.ofSharedStack();
        Traces.Span approved = traces.awaitSpans("claims-service", "claim approved",
                Map.of("restitution.claim_id", claimId), SPANS_ARRIVE).getFirst();
        assertEquals(submission.traceId(), approved.traceId(), "the approval is in the submission's trace");
        assertEquals(submission.spanId(), approved.parentSpanId(), "a child of the submission");
        assertEquals(Optional.of(incidentId.toString()), approved.attribute("restitution.incident_id"));
        assertEquals(1, approved.links().size(), "linked to the request that approved it: " + approved.links());
        assertNotEquals(submission.traceId(), approved.links().getFirst().traceId(),
                "the attestation's request is a trace of its own");
        Traces.Span submitted = traces.awaitTrace(submission.traceId(), trace -> trace.span(submission.spanId())
                .isPresent(), SPANS_ARRIVE).span(submission.spanId()).orElseThrow();
        assertEquals("SERVER", submitted.kind());
        assertTrue(submitted.name().endsWith("/submit"), submitted.name());
        assertEquals(Optional.of(claimId), submitted.attribute("restitution.claim_id"));
    }

    private static String traceParentOf(String claimId) {
        return QuarkusTransaction.requiringNew().call(() -> (String) Panache.getEntityManager()
                .createNativeQuery("select trace_parent from claim where id = cast(:id as uuid)")
                .setParameter("id", claimId).getSingleResult());
    }
}
