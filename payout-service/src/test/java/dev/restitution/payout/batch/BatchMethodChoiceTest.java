package dev.restitution.payout.batch;

import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static dev.restitution.payout.instruction.PayoutFixture.entitlement;
import static dev.restitution.payout.instruction.PayoutFixture.freshAddress;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.events.EntitlementIssued;
import dev.restitution.contracts.solidity.TestToken;
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
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;

/** The batch's payment method and gas per recipient, decided from what anvil says about each recipient. */
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
        return propose(incident, "ETH");
    }

    private static JsonPath propose(UUID incident, String assetSymbol) {
        return given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("incidentId", incident.toString(), "chainId", 31337, "assetSymbol", assetSymbol))
                .when().post("/batches").then().statusCode(201).extract().jsonPath();
    }

    /** A TestToken deployed through its generated wrapper, minting as the developer account. */
    private TestToken deployToken() throws Exception {
        return TestToken.deploy(web3j, new RawTransactionManager(web3j, DEVELOPER, PayoutFixture.CHAIN,
                        new PollingTransactionReceiptProcessor(web3j, 50, 400)),
                new StaticGasProvider(GAS_PRICE_WEI, BigInteger.valueOf(5_000_000)), "Test", "TST", BigInteger.valueOf(18))
                .send();
    }

    /** An entitlement to {@code amount} of the token, as the ledger issues token payouts. */
    private static EntitlementIssued tokenEntitlement(UUID incident, TestToken token, String address, String amount) {
        return entitlement(incident, address, amount).withAssetSymbol("TST")
                .withTokenContract(Keys.toChecksumAddress(token.getContractAddress()));
    }

    private static void assertItem(JsonPath batch, String address, String method, boolean fresh, long gas) {
        String item = "items.find { it.recipient == '" + address + "' }";
        assertEquals(method, batch.getString(item + ".method"), address);
        assertEquals(fresh, batch.getBoolean(item + ".recipientFresh"), address);
        assertEquals(gas, batch.getLong(item + ".estimatedGas"), address);
    }

    @Test
    void nativeCoinGoesPlainToFreshAddressesAndThroughTheContractToFundedOnes() throws Exception {
        // Why: creating an account inside a contract call costs 35,000 gas against 21,000 for a plain transfer,
        // while a funded recipient costs 10,000 in the contract: each set must go its cheaper way.
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
        assertEquals(60_000 + 6 * 10_000 + 2 * 21_000, batch.getLong("batch.estimatedGas"));

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

    @Test
    void tokenHoldersAndTokenlessRecipientsGetTheirOwnGasInsideTheContract() throws Exception {
        // Why: paying a token to a zero balance writes a fresh storage slot (26,000 in the call against 8,900 for a
        // holder); the probe must read the token balance, not the native one, or the gas bound is wrong.
        TestToken token = deployToken();
        UUID incident = UUID.randomUUID();
        List<String> holders = List.of(freshAddress(), freshAddress(), freshAddress());
        for (String holder : holders) {
            assertTrue(token.mint(holder, BigInteger.ONE).send().isStatusOK());
        }
        // Holds native coin but none of the token: fresh for the token all the same.
        String etherOnly = funded();
        List<String> tokenless = List.of(etherOnly, freshAddress());
        for (String address : holders) {
            fixture.issued(tokenEntitlement(incident, token, address, "700"));
        }
        for (String address : tokenless) {
            fixture.issued(tokenEntitlement(incident, token, address, "900"));
        }
        JsonPath batch = propose(incident, "TST");
        assertEquals(5, batch.getInt("batch.itemCount"));
        assertEquals(5, batch.getInt("batch.contractItemCount"));
        assertEquals(0, batch.getInt("batch.plainTransferCount"));
        for (String holder : holders) {
            assertItem(batch, holder, "BATCH_CONTRACT", false, 8_900);
        }
        for (String address : tokenless) {
            assertItem(batch, address, "BATCH_CONTRACT", true, 26_000);
        }
        // One call (60,000), three holders, two fresh slots; paid plainly it would cost 3 * 34,600 + 2 * 51,700.
        assertEquals(60_000 + 3 * 8_900 + 2 * 26_000, batch.getLong("batch.estimatedGas"));
    }

    @Test
    void oneTokenHolderAndOneTokenlessRecipientArePaidPlainlyAtTheirOwnCost() throws Exception {
        // Why: two token recipients do not repay the call's fixed cost; each plain transfer is then estimated as
        // what it writes: 34,600 to a holder, 51,700 to a zero balance.
        TestToken token = deployToken();
        UUID incident = UUID.randomUUID();
        String holder = freshAddress();
        assertTrue(token.mint(holder, BigInteger.TEN).send().isStatusOK());
        String tokenless = freshAddress();
        fixture.issued(tokenEntitlement(incident, token, holder, "5"));
        fixture.issued(tokenEntitlement(incident, token, tokenless, "6"));
        JsonPath batch = propose(incident, "TST");
        assertEquals(0, batch.getInt("batch.contractItemCount"));
        assertEquals(2, batch.getInt("batch.plainTransferCount"));
        assertItem(batch, holder, "PLAIN_TRANSFER", false, 34_600);
        assertItem(batch, tokenless, "PLAIN_TRANSFER", true, 51_700);
        assertEquals(34_600 + 51_700, batch.getLong("batch.estimatedGas"));
    }
}
