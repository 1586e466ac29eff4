package dev.restitution.payout.batch;

import static dev.restitution.payout.PayoutTestInfrastructure.execute;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class BatchesResourceTest {

    // 2^200: far beyond a long, to prove amounts travel as exact digit strings.
    private static final String HUGE_TOTAL = "1606938044258990275541962092341162602522202993782792835301376";
    private static final String ITEMS_HASH = "0x" + "ab".repeat(32);

    @Test
    void financeSeesBatchesWithExactAmounts() {
        // Why: finance signs off on exact sums; an amount must never pass through a double or a long.
        UUID batchId = UUID.randomUUID();
        execute("""
                insert into payout_batch (id, incident_id, chain_id, asset_symbol, state, item_count,
                    total_minor_units, items_hash, proposed_by, proposed_at)
                values ('%s', '%s', 31337, 'ETH', 'PROPOSED', 3, %s, '%s', 'fiona', now())"""
                .formatted(batchId, UUID.randomUUID(), HUGE_TOTAL, ITEMS_HASH));
        given().auth().oauth2(tokenFor(DemoUsers.FRANK)).queryParam("limit", 200)
                .when().get("/batches")
                .then().statusCode(200)
                .body("items.id", hasItem(batchId.toString()),
                        "items.find { it.id == '" + batchId + "' }.totalMinorUnits", equalTo(HUGE_TOTAL),
                        "items.find { it.id == '" + batchId + "' }.itemsHash", equalTo(ITEMS_HASH),
                        "items.find { it.id == '" + batchId + "' }.state", equalTo("PROPOSED"));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/batches").then().statusCode(200);
    }

    @Test
    void claimantsAndAnonymousCallersCannotSeeBatches() {
        // Why: who is paid what is finance's and the auditor's business only.
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/batches")
                .then().statusCode(403).contentType("application/problem+json").body("status", equalTo(403));
        given().when().get("/batches")
                .then().statusCode(401).contentType("application/problem+json").body("status", equalTo(401));
    }

    @Test
    void pageSizeBeyondTheLimitIsRefused() {
        // Why: every list is bounded; asking for more is a clear 400 naming the parameter.
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParam("limit", 0)
                .when().get("/batches")
                .then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("limit"));
    }
}
