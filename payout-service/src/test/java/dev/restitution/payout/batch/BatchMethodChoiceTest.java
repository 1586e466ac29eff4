package dev.restitution.payout.batch;

import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static dev.restitution.payout.instruction.PayoutFixture.entitlement;
import static dev.restitution.payout.instruction.PayoutFixture.freshAddress;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.payout.instruction.PayoutFixture;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;

/** The batch's payment method per recipient, decided from what anvil says about each recipient. */
@QuarkusTest
class BatchMethodChoiceTest {

    /** anvil's first pre-funded development account (public test mnemonic), never a real key. */
    private static final Credentials DEVELOPER = Credentials.create(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    private static final BigInteger GAS_PRICE_WEI = Convert.toWei("10", Convert.Unit.GWEI).toBigIntegerExact();

    @Inject
    Web3j web3j;

    private final PayoutFixture fixture = new PayoutFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    /** An address holding one wei, so it exists on the chain: paying it more costs no account creation. */
    private String funded() throws Exception {
        String address = freshAddress();
        TransactionReceipt receipt = new Transfer(web3j, new RawTransactionManager(web3j, DEVELOPER, PayoutFixture.CHAIN,
                new PollingTransactionReceiptProcessor(web3j, 50, 400)))
                .sendFunds(address, BigDecimal.ONE, Convert.Unit.WEI, GAS_PRICE_WEI, Transfer.GAS_LIMIT).send();
        assertTrue(receipt.isStatusOK());
        return address;
    }

    private static JsonPath propose(UUID incident) {
        return given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("incidentId", incident.toString(), "chainId", 31337, "assetSymbol", "ETH"))
                .when().post("/batches").then().statusCode(201).extract().jsonPath();
    }

    @Test
    void nativeCoinGoesPlainToFreshAddressesAndThroughTheContractToFundedOnes() throws Exception {
        // Why: creating an account inside a contract call costs 35,300 gas against 21,000 for a plain transfer,
        // while a funded recipient costs 10,300 in the contract: each set must go its cheaper way.
        UUID incident = UUID.randomUUID();
        List<String> fundedRecipients = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            fundedRecipients.add(funded());
        }
        List<String> freshRecipients = List.of(freshAddress(), freshAddress());
        for (String address : fundedRecipients) {
            fixture.issued(entitlement(incident, address, "1000"));
        }
        for (String address : freshRecipients) {
            fixture.issued(entitlement(incident, address, "2000"));
        }
        JsonPath batch = propose(incident);
        assertEquals(8, batch.getInt("batch.itemCount"));
        assertEquals(6, batch.getInt("batch.contractItemCount"));
        assertEquals(2, batch.getInt("batch.plainTransferCount"));
        for (String address : fundedRecipients) {
            assertEquals("BATCH_CONTRACT", batch.getString("items.find { it.recipient == '" + address + "' }.method"));
            assertEquals(false, batch.getBoolean("items.find { it.recipient == '" + address + "' }.recipientFresh"));
        }
        for (String address : freshRecipients) {
            assertEquals("PLAIN_TRANSFER", batch.getString("items.find { it.recipient == '" + address + "' }.method"));
            assertEquals(true, batch.getBoolean("items.find { it.recipient == '" + address + "' }.recipientFresh"));
        }
        // The gas model: one call (60,000) with six funded recipients, two plain transfers.
        assertEquals(60_000 + 6 * 10_300 + 2 * 21_000, batch.getLong("batch.estimatedGas"));

        String batchId = batch.getString("batch.id");
        given().auth().oauth2(tokenFor(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body(Map.of("itemsHash", batch.getString("batch.itemsHash")))
                .when().post("/batches/" + batchId + "/approvals").then().statusCode(200);
        assertEquals(1, rows("payment_order where batch_id = '" + batchId + "' and method = 'BATCH_CONTRACT' and item_count = 6"));
        assertEquals(2, rows("payment_order where batch_id = '" + batchId + "' and method = 'PLAIN_TRANSFER' and item_count = 1"));
    }

    @Test
    void fewFundedRecipientsArePaidPlainlyBecauseTheCallCostsMore() throws Exception {
        // Why: the contract call's fixed cost pays off only from several recipients; one funded and one fresh go plain.
        UUID incident = UUID.randomUUID();
        fixture.issued(entitlement(incident, funded(), "10"));
        fixture.issued(entitlement(incident, freshAddress(), "20"));
        JsonPath batch = propose(incident);
        assertEquals(0, batch.getInt("batch.contractItemCount"));
        assertEquals(2, batch.getInt("batch.plainTransferCount"));
        assertEquals(2 * 21_000, batch.getLong("batch.estimatedGas"));
    }
}
