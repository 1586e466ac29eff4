package dev.restitution.ledger.reconciliation;

import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.recovery.LedgerFixtures.awaitProcessed;
import static dev.restitution.ledger.recovery.LedgerFixtures.declareIncident;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.ScrapedMetrics;
import dev.restitution.ledger.recovery.LedgerFixtures;
import dev.restitution.ledger.recovery.LedgerFixtures.Line;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** restitution_ledger_reconciliation_differences moves with the differences the reconciliation reports. */
@QuarkusTest
class ReconciliationMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TestHTTPResource(management = true)
    URL managementRoot;

    private final LedgerFixtures fixtures = new LedgerFixtures();

    @AfterEach
    void close() {
        fixtures.close();
    }

    private String metrics() {
        return managementRoot.toString().replaceAll("/+$", "") + "/metrics";
    }

    @Test
    void aDifferenceTheReconciliationFindsIsCountedPerIncidentAndCode() {
        // Why: RestitutionReconciliationDifference fires on this gauge; it must name the incident and the code found.
        UUID incident = declareIncident("ETH");
        String importId = UUID.randomUUID().toString();
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType("text/csv")
                .body("account_id,asset,amount\nACC-1,ETH,600\nACC-2,ETH,500\n")
                .when().put("/incidents/" + incident + "/snapshot/imports/" + importId).then().statusCode(201);
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType("application/json")
                .body("{\"importId\": \"" + importId + "\"}")
                .when().post("/incidents/" + incident + "/snapshot/seal").then().statusCode(200);
        awaitProcessed(fixtures.approveClaim(incident, Line.of("ETH", 1_000)));
        // Reconciled and consistent: the incident shows no difference at all.
        Map<String, String> thisIncident = Map.of("incident", incident.toString());
        sleepPastOneRefresh();
        assertTrue(ScrapedMetrics.scrape(metrics()).series("restitution_ledger_reconciliation_differences").stream()
                .noneMatch(sample -> sample.labels().entrySet().containsAll(thisIncident.entrySet())
                        && sample.value() > 0), "no difference while the books agree");

        awaitProcessed(fixtures.approveClaim(incident, Line.of("ETH", 101)));

        double differences = ScrapedMetrics.awaitValue(metrics(), "restitution_ledger_reconciliation_differences",
                Map.of("incident", incident.toString(), "code", "APPROVED_EXCEEDS_SNAPSHOT", "service", "ledger-service"),
                value -> value > 0, WAIT);
        assertEquals(1.0, differences);
    }

    private static void sleepPastOneRefresh() {
        try {
            Thread.sleep(2_500);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(interrupted);
        }
    }
}
