package dev.restitution.portal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.DevStack;
import dev.restitution.portal.transparency.TransparencyReports;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * On demand only (the class name matches none of Surefire's default test patterns):
 * <pre>./mvnw -B -pl portal -am verify -Dtest=TransparencyBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.requests=2000</pre>
 * An incident with alice's approved claim, 10 approved rounds (each after a treasury contribution, through the APIs)
 * and 1,000 settled payout batches (one confirmed transaction each, inserted straight into payout-service's tables
 * for volume), then times {@code GET /transparency/{id}.json} as a visitor would load it: warm (the report cached)
 * and cold (the cache emptied before each request, so the portal reads the ledger's and payout-service's public read
 * models with its service account). Prints p50, p99 and the goal of each. The per-address rate limit is lifted for
 * the run (a test profile), since every request comes from one address.
 */
@QuarkusTest
@TestProfile(TransparencyBenchmark.Unlimited.class)
class TransparencyBenchmark {

    private static final int ROUNDS = 10;
    private static final int BATCHES = 1_000;
    private static final int WARM_REQUESTS = Integer.getInteger("bench.requests", 2_000);
    private static final int COLD_REQUESTS = Math.max(100, WARM_REQUESTS / 10);
    private static final double WARM_GOAL_P99_MILLIS = 50;
    private static final double COLD_GOAL_P99_MILLIS = 500;

    /** Every request of the benchmark comes from 127.0.0.1: the rate limit would measure itself. */
    public static class Unlimited implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("restitution.portal.transparency.requests-per-minute", "1000000",
                    "restitution.portal.transparency.burst", "1000000");
        }
    }

    @Inject
    TransparencyReports reports;

    @Test
    void transparencyReportOfTenRoundsAndAThousandBatches() throws Exception {
        String incidentId = seededIncident();
        HttpClient client = HttpClient.newHttpClient();
        URI uri = URI.create(PortalBrowser.PORTAL + "/transparency/" + incidentId + ".json");
        HttpRequest request = HttpRequest.newBuilder(uri).GET().build();
        for (int warmup = 0; warmup < 50; warmup++) {
            reports.forgetAll();
            requireOk(client.send(request, HttpResponse.BodyHandlers.ofString()));
        }
        HttpResponse<String> sample = client.send(request, HttpResponse.BodyHandlers.ofString());
        requireOk(sample);

        double[] warm = new double[WARM_REQUESTS];
        for (int index = 0; index < WARM_REQUESTS; index++) {
            long started = System.nanoTime();
            requireOk(client.send(request, HttpResponse.BodyHandlers.ofString()));
            warm[index] = (System.nanoTime() - started) / 1e6;
        }
        double[] cold = new double[COLD_REQUESTS];
        for (int index = 0; index < COLD_REQUESTS; index++) {
            reports.forgetAll();
            long started = System.nanoTime();
            requireOk(client.send(request, HttpResponse.BodyHandlers.ofString()));
            cold[index] = (System.nanoTime() - started) / 1e6;
        }
        System.out.printf("%nTransparency report: %d rounds, %d settled batches (page of %d shown), %d bytes of JSON%n",
                ROUNDS, BATCHES, 50, sample.body().length());
        print("warm (cached report)", warm, WARM_GOAL_P99_MILLIS);
        print("cold (cache emptied, services read)", cold, COLD_GOAL_P99_MILLIS);
    }

    private static void print(String what, double[] millis, double goalP99) {
        double[] sorted = millis.clone();
        Arrays.sort(sorted);
        double p50 = sorted[(int) Math.floor(0.50 * (sorted.length - 1))];
        double p99 = sorted[(int) Math.ceil(0.99 * (sorted.length - 1))];
        System.out.printf("  %-38s %5d requests  p50 %7.2f ms  p99 %7.2f ms  goal p99 under %.0f ms: %s%n", what,
                millis.length, p50, p99, goalP99, p99 < goalP99 ? "met" : "NOT met");
    }

    private static void requireOk(HttpResponse<String> response) {
        if (response.statusCode() != 200) {
            throw new IllegalStateException("the portal answered " + response.statusCode() + ": " + response.body());
        }
    }

    /** The incident through the APIs (claim, 10 rounds), its 1,000 settled batches straight into payout's tables. */
    private static String seededIncident() throws Exception {
        String incidentId = Services.sealedIncident();
        Services.approvedClaim(incidentId);
        Services.startDistributing(incidentId);
        String fiona = Services.token(DemoUsers.FIONA);
        String frank = Services.token(DemoUsers.FRANK);
        for (int round = 1; round <= ROUNDS; round++) {
            given().baseUri(Services.url("ledger")).auth().oauth2(fiona).contentType(ContentType.JSON)
                    .header("Idempotency-Key", "bench-" + UUID.randomUUID())
                    .body(Map.of("assetSymbol", "ETH", "kind", "TREASURY_CONTRIBUTION", "amount", "100000000000000000",
                            "reason", "benchmark: treasury tranche " + round))
                    .when().post("/incidents/" + incidentId + "/recoveries").then().statusCode(201);
            String roundId = given().baseUri(Services.url("ledger")).auth().oauth2(fiona).contentType(ContentType.JSON)
                    .header("Idempotency-Key", "bench-" + UUID.randomUUID()).body(Map.of("note", "tranche " + round))
                    .when().post("/incidents/" + incidentId + "/rounds").then().statusCode(201).extract().path("id");
            given().baseUri(Services.url("ledger")).auth().oauth2(frank).contentType(ContentType.JSON)
                    .body(Map.of("reason", "benchmark")).when().post("/rounds/" + roundId + "/approval").then().statusCode(200);
        }
        DevStack stack = DevStack.shared();
        try (Connection payout = DriverManager.getConnection(stack.postgresJdbcUrl("payout"),
                stack.databaseOwner("payout"), stack.databaseOwnerPassword("payout"))) {
            String sender = "0x" + UUID.randomUUID().toString().replace("-", "").substring(0, 32) + "00000000";
            try (PreparedStatement batches = payout.prepareStatement("""
                    insert into payout_batch (id, incident_id, chain_id, asset_symbol, token_contract, state, item_count,
                        recipient_count, total_minor_units, items_hash, required_approvals, contract_item_count,
                        plain_transfer_count, estimated_gas, proposed_by, proposed_by_name, proposed_at, idempotency_key,
                        decided_at)
                    select md5(? || n)::uuid, ?::uuid, ?, 'ETH', null, 'PAID', 200, 200, 200 * 1000000000000000,
                        '0x' || md5('items' || n) || md5('hash' || n), 1, 200, 0, 5000000, 'benchmark', 'benchmark', now(),
                        'bench-' || ? || '-' || n, now()
                    from generate_series(1, ?) n""");
                 PreparedStatement orders = payout.prepareStatement("""
                    insert into payment_order (id, batch_id, chain_id, token_contract, method, item_count, total_minor_units,
                        items_hash, onchain_batch_id, state, sender, nonce, confirmed_tx_hash, confirmed_block_number,
                        queued_at, updated_at, signed_at, incident_id)
                    select md5('order' || ? || n)::uuid, md5(? || n)::uuid, ?, null, 'BATCH_CONTRACT', 200,
                        200 * 1000000000000000, '0x' || md5('items' || n) || md5('hash' || n),
                        '0x' || md5('onchain' || ? || n) || md5('id' || ? || n), 'CONFIRMED', ?, n,
                        '0x' || md5('tx' || ? || n) || md5('hash' || ? || n), 1000 + n, now(), now(), now(), ?::uuid
                    from generate_series(1, ?) n""")) {
                batches.setString(1, incidentId);
                batches.setString(2, incidentId);
                batches.setLong(3, Services.CHAIN_ID);
                batches.setString(4, incidentId);
                batches.setInt(5, BATCHES);
                assertEquals(BATCHES, batches.executeUpdate());
                orders.setString(1, incidentId);
                orders.setString(2, incidentId);
                orders.setLong(3, Services.CHAIN_ID);
                orders.setString(4, incidentId);
                orders.setString(5, incidentId);
                orders.setString(6, sender);
                orders.setString(7, incidentId);
                orders.setString(8, incidentId);
                orders.setString(9, incidentId);
                orders.setInt(10, BATCHES);
                assertEquals(BATCHES, orders.executeUpdate());
            }
        }
        return incidentId;
    }
}
