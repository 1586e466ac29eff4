package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.ownerConnection;
import static dev.restitution.claims.claim.ClaimSteps.as;
import static dev.restitution.claims.claim.ClaimSteps.open;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.ScrapedMetrics;
import io.quarkus.scheduler.Scheduler;
import io.quarkus.scheduler.Trigger;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The business gauges of claims-service (and the kit's outbox gauges) move with the state they report. */
@QuarkusTest
class ClaimMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(20);

    @TestHTTPResource(management = true)
    URL managementRoot;

    @Inject
    Scheduler scheduler;

    private final ClaimsFixture fixture = new ClaimsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private String metrics() {
        return managementRoot.toString().replaceAll("/+$", "") + "/metrics";
    }

    private double current(String name, Map<String, String> labels) {
        return ScrapedMetrics.awaitValue(metrics(), name, labels, value -> true, WAIT);
    }

    @Test
    void claimsPerStateFollowAClaimFromDraftToWithdrawn() {
        // Why: the dashboard's claims per state must count a claim in the state it is in now, and only there.
        double drafts = current("restitution_claims", Map.of("state", "DRAFT"));
        double withdrawn = current("restitution_claims", Map.of("state", "WITHDRAWN"));
        UUID incidentId = fixture.sealed(Map.of(DemoUsers.ALICE_ACCOUNT_ID, Map.of("ETH", "12")));
        String claimId = open(DemoUsers.ALICE, incidentId).getString("id");

        ScrapedMetrics.awaitValue(metrics(), "restitution_claims", Map.of("state", "DRAFT"),
                value -> value == drafts + 1, WAIT);

        as(DemoUsers.ALICE).contentType(ContentType.JSON).body(Map.of("reason", "Paid elsewhere."))
                .when().post("/claims/" + claimId + "/withdrawal").then().statusCode(200);
        ScrapedMetrics.awaitValue(metrics(), "restitution_claims", Map.of("state", "WITHDRAWN"),
                value -> value == withdrawn + 1, WAIT);
        assertEquals(drafts, current("restitution_claims", Map.of("state", "DRAFT")));
        assertEquals(Map.of("service", "claims-service", "state", "WITHDRAWN"),
                ScrapedMetrics.scrape(metrics()).series("restitution_claims").stream()
                        .filter(sample -> "WITHDRAWN".equals(sample.labels().get("state"))).findFirst().orElseThrow()
                        .labels(), "every meter carries the service tag");
    }

    @Test
    void anEventTheRelayDoesNotPublishShowsAsOutboxLagUntilItIsGone() throws SQLException {
        // Why: RestitutionOutboxNotDraining fires on these two gauges; they must see a stuck row and forget it once gone.
        Trigger relay = scheduler.getScheduledJobs().stream()
                .filter(job -> job.getMethodDescription().contains("OutboxRelay#relay")).findFirst().orElseThrow();
        UUID stuck = UUID.randomUUID();
        scheduler.pause(relay.getId());
        try (Connection connection = ownerConnection()) {
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into outbox_event (id, topic, message_key, event_type, payload, created_at)
                    values (?, 'claims.metrics-test', 'metrics-test', 'MetricsTest', '{}', ?)""")) {
                insert.setObject(1, stuck);
                insert.setTimestamp(2, Timestamp.from(Instant.now().minus(Duration.ofHours(1))));
                insert.executeUpdate();
            }
            double oldest = ScrapedMetrics.awaitValue(metrics(), "restitution_outbox_oldest_unpublished_seconds",
                    Map.of(), value -> value >= 3600, WAIT);
            assertTrue(oldest < 3600 + WAIT.toSeconds() + 60, "the age of the stuck row, not more: " + oldest);
            ScrapedMetrics.awaitValue(metrics(), "restitution_outbox_unpublished_events", Map.of(),
                    value -> value >= 1, WAIT);

            try (PreparedStatement delete = connection.prepareStatement("delete from outbox_event where id = ?")) {
                delete.setObject(1, stuck);
                delete.executeUpdate();
            }
        } finally {
            scheduler.resume(relay.getId());
        }
        ScrapedMetrics.awaitValue(metrics(), "restitution_outbox_oldest_unpublished_seconds", Map.of(),
                value -> value < 3600, WAIT);
    }
}
