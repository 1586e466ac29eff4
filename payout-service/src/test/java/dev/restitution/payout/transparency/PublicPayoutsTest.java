package dev.restitution.payout.transparency;

import static dev.restitution.payout.PayoutTestInfrastructure.execute;
import static dev.restitution.payout.PayoutTestInfrastructure.realmUrl;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class PublicPayoutsTest {

    private static final String RECIPIENT = "0x00000000000000000000000000000000000a11ce";

    /** A batch of the incident with one confirmed transaction (in block {@code block}) and one failed one. */
    private static UUID batchWithOneConfirmedTransaction(UUID incident, long block) {
        UUID batch = UUID.randomUUID();
        String sender = "0x" + UUID.randomUUID().toString().replace("-", "") + "00000000";
        execute("""
                insert into payout_batch (id, incident_id, chain_id, asset_symbol, token_contract, state, item_count,
                    recipient_count, total_minor_units, items_hash, required_approvals, contract_item_count,
                    plain_transfer_count, estimated_gas, proposed_by, proposed_by_name, proposed_at, idempotency_key)
                values ('%1$s', '%2$s', 31337, 'ETH', null, 'APPROVED', 3, 3, 600, '0x%3$s', 1, 3, 0, 100000, 'fiona',
                    'fiona', now(), 'public-%1$s')""".formatted(batch, incident, "ab".repeat(32)));
        UUID confirmed = UUID.randomUUID();
        execute("""
                insert into payment_order (id, batch_id, chain_id, token_contract, method, item_count, total_minor_units,
                    items_hash, onchain_batch_id, state, sender, nonce, confirmed_tx_hash, confirmed_block_number,
                    queued_at, updated_at, signed_at, incident_id)
                values ('%1$s', '%2$s', 31337, null, 'BATCH_CONTRACT', 2, 500, '0x%3$s', '0x%4$s', 'CONFIRMED', '%5$s', 0,
                    '0x%4$s', %6$d, now(), now(), now(), '%7$s')""".formatted(confirmed, batch, "cd".repeat(32),
                hex64(confirmed), sender, block, incident));
        UUID failed = UUID.randomUUID();
        execute("""
                insert into payment_order (id, batch_id, chain_id, token_contract, method, item_count, total_minor_units,
                    items_hash, onchain_batch_id, state, failure_reason, queued_at, updated_at, incident_id)
                values ('%1$s', '%2$s', 31337, null, 'PLAIN_TRANSFER', 1, 100, '0x%3$s', '0x%4$s', 'FAILED', 'reverted',
                    now(), now(), '%5$s')""".formatted(failed, batch, "ef".repeat(32), hex64(failed), incident));
        for (UUID order : List.of(confirmed, failed)) {
            execute("insert into payment_item (order_id, position, instruction_id, recipient, amount_minor_units) values ('"
                    + order + "', 0, '" + UUID.randomUUID() + "', '" + RECIPIENT + "', 100)");
        }
        return batch;
    }

    private static String hex64(UUID id) {
        return id.toString().replace("-", "").repeat(2);
    }

    @Test
    void theTransparencyReaderPagesAnIncidentsConfirmedTransactionsWithoutRecipients() {
        // Why: the public page lists what was paid on-chain per transaction, never who was paid.
        UUID incident = UUID.randomUUID();
        UUID later = batchWithOneConfirmedTransaction(incident, 900);
        UUID earlier = batchWithOneConfirmedTransaction(incident, 800);
        batchWithOneConfirmedTransaction(UUID.randomUUID(), 850);
        String token = Tokens.forClient(realmUrl(), DemoUsers.PORTAL_TRANSPARENCY_CLIENT_ID,
                DemoUsers.PORTAL_TRANSPARENCY_CLIENT_SECRET);

        JsonPath first = given().auth().oauth2(token).queryParam("limit", 1).when()
                .get("/public/incidents/" + incident + "/payouts").then().statusCode(200)
                .body("total", equalTo(2), "limit", equalTo(1), "offset", equalTo(0), "items.size()", equalTo(1))
                .extract().jsonPath();
        assertEquals(earlier.toString(), first.getString("items[0].batchId"), "oldest block first");
        assertEquals(800, first.getInt("items[0].blockNumber"));
        assertEquals(2, first.getInt("items[0].count"));
        assertEquals("500", first.getString("items[0].total"));
        assertEquals("eip155:31337/slip44:60", first.getString("items[0].asset"));
        String second = given().auth().oauth2(token).queryParam("limit", 1).queryParam("offset", 1).when()
                .get("/public/incidents/" + incident + "/payouts").then().statusCode(200)
                .body("items[0].batchId", equalTo(later.toString()), "items[0].blockNumber", equalTo(900))
                .extract().asString();
        assertFalse(first.prettify().contains(RECIPIENT.substring(2)) || second.contains(RECIPIENT.substring(2)),
                "no recipient is listed");
        given().auth().oauth2(token).when().get("/public/incidents/" + UUID.randomUUID() + "/payouts")
                .then().statusCode(200).body("total", equalTo(0), "items", equalTo(List.of()));
    }

    @Test
    void onlyTheTransparencyReaderReadsThePublicPayouts() {
        // Why: the role exists for the portal's service account alone; staff read the full batches elsewhere.
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/public/incidents/" + UUID.randomUUID() + "/payouts")
                .then().statusCode(403);
        given().when().get("/public/incidents/" + UUID.randomUUID() + "/payouts").then().statusCode(401);
    }
}
