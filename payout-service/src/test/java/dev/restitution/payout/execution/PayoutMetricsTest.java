package dev.restitution.payout.execution;

import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static dev.restitution.payout.execution.ExecutionFixture.nativeBalance;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.ScrapedMetrics;
import dev.restitution.payout.PayoutTestInfrastructure;
import dev.restitution.payout.engine.signer.TransactionSigner;
import dev.restitution.payout.instruction.PayoutFixture;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigInteger;
import java.net.URL;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;

/**
 * payout-service's gauges move with the state they report: an instruction waits unassigned, then on the rail its
 * batch chose; an approved order needs more than the wallet holds, which is a shortfall until the order ends.
 */
@QuarkusTest
class PayoutMetricsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final Map<String, String> ETH = Map.of("chain", "eip155:31337", "asset", "eip155:31337/slip44:60");

    @TestHTTPResource(management = true)
    URL managementRoot;

    @Inject
    Web3j web3j;
    @Inject
    TransactionSigner signer;

    private final PayoutFixture fixture = new PayoutFixture();
    private UUID openedOrder;

    @AfterEach
    void cleanUp() {
        fixture.close();
        if (openedOrder != null) {
            PayoutTestInfrastructure.execute("""
                    update payment_order set state = 'FAILED', failure_reason = 'ended by the test that opened it'
                    where id = '%s' and state in ('QUEUED', 'PENDING')""".formatted(openedOrder));
        }
    }

    private String metrics() {
        return managementRoot.toString().replaceAll("/+$", "") + "/metrics";
    }

    /** Instructions waiting that no batch holds: what the gauge's "unassigned" rail reports. */
    private static long unassignedInDatabase() {
        return rows("""
                payout_instruction instruction where instruction.state in ('PENDING', 'BATCHED') and not exists (
                    select 1 from payout_batch_item item
                    where item.batch_id = instruction.batch_id and item.instruction_id = instruction.id)""");
    }

    private double current(String name, Map<String, String> labels) {
        return ScrapedMetrics.awaitValue(metrics(), name, labels, value -> true, WAIT);
    }

    @Test
    void anInstructionWaitsUnassignedThenOnItsRailAndAnOrderBeyondTheWalletIsAShortfall() throws Exception {
        // Why: RestitutionPayoutWalletShortfall and the queue panels read these gauges; each must follow the state.
        // The chain's signer is not halted: the gauge reads 0, not absent.
        ScrapedMetrics.awaitValue(metrics(), "restitution_payout_senders_halted", Map.of("chain", "eip155:31337"),
                value -> value == 0, WAIT);
        BigInteger balance = nativeBalance(web3j, signer.address());
        BigInteger beyondTheWallet = balance.multiply(BigInteger.TWO);
        UUID incident = UUID.randomUUID();
        fixture.issued(PayoutFixture.entitlement(incident, PayoutFixture.freshAddress(), beyondTheWallet.toString()));

        await().atMost(WAIT).until(() -> rows("payout_instruction where incident_id = '" + incident
                + "' and state = 'PENDING' and batch_id is null") == 1);
        // Other tests' instructions may still come and go (a cool-down ending releases held ones): the gauge is compared
        // with the database at each scrape, and this test's instruction is among those it counts.
        ScrapedMetrics.awaitValue(metrics(), "restitution_payout_instructions_waiting", Map.of("rail", "unassigned"),
                value -> value == unassignedInDatabase(), WAIT);
        // The wallet's balance as the chain holds it (a double, so compared to its precision).
        ScrapedMetrics.awaitValue(metrics(), "restitution_payout_wallet_balance", ETH,
                value -> Math.abs(value - balance.doubleValue()) <= balance.doubleValue() * 1e-12, WAIT);
        double plainTransfers = current("restitution_payout_instructions_waiting", Map.of("rail", "plain_transfer"));
        // Orders other tests of this run left queued count too: the end compares with what was there before this one.
        // (absent until a batch of the asset was first queued: none then).
        double needBefore = ScrapedMetrics.scrape(metrics()).value("restitution_payout_queued_need", ETH).orElse(0.0);
        double shortfallBefore = ScrapedMetrics.scrape(metrics()).value("restitution_payout_wallet_shortfall", ETH)
                .orElse(0.0);

        JsonPath proposed = given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("incidentId", incident.toString(), "chainId", 31337, "assetSymbol", "ETH"))
                .when().post("/batches").then().statusCode(201).extract().jsonPath();
        // Above the second-approval threshold: frank approves, then fay.
        given().auth().oauth2(tokenFor(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body(Map.of("itemsHash", proposed.getString("batch.itemsHash")))
                .when().post("/batches/" + proposed.getString("batch.id") + "/approvals").then().statusCode(200);
        JsonPath approved = given().auth().oauth2(tokenFor(DemoUsers.FAY)).contentType(ContentType.JSON)
                .body(Map.of("itemsHash", proposed.getString("batch.itemsHash")))
                .when().post("/batches/" + proposed.getString("batch.id") + "/approvals")
                .then().statusCode(200).extract().jsonPath();
        openedOrder = UUID.fromString(approved.getString("items[0].orderId"));

        ScrapedMetrics.awaitValue(metrics(), "restitution_payout_instructions_waiting", Map.of("rail", "plain_transfer"),
                value -> value == plainTransfers + 1, WAIT);
        ScrapedMetrics.awaitValue(metrics(), "restitution_payout_instructions_waiting", Map.of("rail", "unassigned"),
                value -> value == unassignedInDatabase(), WAIT);
        ScrapedMetrics.awaitValue(metrics(), "restitution_payout_queued_need", ETH,
                value -> value >= needBefore + beyondTheWallet.doubleValue() * (1 - 1e-12), WAIT);
        ScrapedMetrics.awaitValue(metrics(), "restitution_payout_wallet_shortfall", ETH, value -> value == 1, WAIT);

        PayoutTestInfrastructure.execute("""
                update payment_order set state = 'FAILED', failure_reason = 'ended by the test that opened it'
                where id = '%s'""".formatted(openedOrder));
        ScrapedMetrics.awaitValue(metrics(), "restitution_payout_queued_need", ETH,
                value -> value <= needBefore * (1 + 1e-12), WAIT);
        ScrapedMetrics.awaitValue(metrics(), "restitution_payout_wallet_shortfall", ETH,
                value -> value == shortfallBefore, WAIT);
    }
}
