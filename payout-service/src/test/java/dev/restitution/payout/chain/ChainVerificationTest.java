package dev.restitution.payout.chain;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.payout.PayoutTestInfrastructure.realmUrl;
import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static dev.restitution.payout.PayoutTestInfrastructure.tokenFor;
import static dev.restitution.payout.chain.AnvilAccounts.DEVELOPER;
import static dev.restitution.payout.chain.AnvilAccounts.GAS;
import static dev.restitution.payout.chain.AnvilAccounts.GAS_LIMIT;
import static dev.restitution.payout.chain.AnvilAccounts.GAS_PRICE_WEI;
import static dev.restitution.payout.chain.AnvilAccounts.freshAddresses;
import static dev.restitution.payout.chain.AnvilAccounts.transactions;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.solidity.TestToken;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.Tokens;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/**
 * What payout-service tells another service about a transfer or a token, read from the devstack's real anvil:
 * real transfers of native coin and of a test ERC-20 to a recovery address, and each way one can be wrong.
 * These reads write nothing and move no money.
 */
@QuarkusTest
class ChainVerificationTest {

    private static final String CHAIN = "eip155:31337";
    private static final BigInteger ONE_AND_A_HALF_ETHER = new BigInteger("1500000000000000000");
    private static final BigInteger TOKEN_AMOUNT = BigInteger.valueOf(2_500_000);

    @Inject
    Web3j web3j;

    private String recoveryAddress;
    private String otherAddress;

    @BeforeEach
    void addresses() {
        List<String> fresh = freshAddresses(2);
        recoveryAddress = fresh.get(0);
        otherAddress = fresh.get(1);
    }

    @Test
    void aNativeTransferToTheRecoveryAddressIsPendingUntilDeepEnoughThenVerified() throws Exception {
        // Why: a recovery counts only once the chain shows it final; a shallow block can still be reorganised away.
        String txHash = sendNative(recoveryAddress, ONE_AND_A_HALF_ETHER);
        verifyTransfer(transfer(txHash, null, ONE_AND_A_HALF_ETHER, recoveryAddress))
                .body("outcome", equalTo("PENDING"), "confirmations", equalTo(1), "confirmationsRequired", equalTo(3));
        mineBlocks(2);
        verifyTransfer(transfer(txHash, null, ONE_AND_A_HALF_ETHER, otherAddress, recoveryAddress))
                .body("outcome", equalTo("VERIFIED"), "differences", empty(), "confirmations", equalTo(3),
                        "chainId", equalTo(CHAIN), "txHash", equalTo(txHash));
    }

    @Test
    void aTokenTransferToTheRecoveryAddressIsVerified() throws Exception {
        // Why: a token recovery is the token contract's Transfer log to the recovery address, of exactly that amount.
        TestToken token = deployToken("Recovered USD", "RUSD", 6);
        String txHash = token.transfer(recoveryAddress, TOKEN_AMOUNT).send().getTransactionHash();
        mineBlocks(2);
        verifyTransfer(transfer(txHash, checksummed(token), TOKEN_AMOUNT, recoveryAddress))
                .body("outcome", equalTo("VERIFIED"), "differences", empty());
    }

    @Test
    void aWrongAmountIsAMismatchNamingBothAmounts() throws Exception {
        // Why: booking more than arrived would let a round distribute money that is not there.
        String nativeHash = sendNative(recoveryAddress, ONE_AND_A_HALF_ETHER);
        TestToken token = deployToken("Recovered USD", "RUSD", 6);
        String tokenHash = token.transfer(recoveryAddress, TOKEN_AMOUNT).send().getTransactionHash();
        mineBlocks(2);
        verifyTransfer(transfer(nativeHash, null, new BigInteger("2000000000000000000"), recoveryAddress))
                .body("outcome", equalTo("MISMATCH"), "differences.kind", contains("AMOUNT"),
                        "differences[0].expected", equalTo("2000000000000000000"),
                        "differences[0].actual", equalTo(ONE_AND_A_HALF_ETHER.toString()));
        verifyTransfer(transfer(tokenHash, checksummed(token), TOKEN_AMOUNT.add(BigInteger.ONE), recoveryAddress))
                .body("outcome", equalTo("MISMATCH"), "differences.kind", contains("AMOUNT"),
                        "differences[0].actual", equalTo(TOKEN_AMOUNT.toString()));
    }

    @Test
    void aTransferToAnotherAddressIsAMismatchNamingTheRecipient() throws Exception {
        // Why: funds that went somewhere else were not recovered, whatever the amount.
        String nativeHash = sendNative(otherAddress, ONE_AND_A_HALF_ETHER);
        TestToken token = deployToken("Recovered USD", "RUSD", 6);
        String tokenHash = token.transfer(otherAddress, TOKEN_AMOUNT).send().getTransactionHash();
        mineBlocks(2);
        verifyTransfer(transfer(nativeHash, null, ONE_AND_A_HALF_ETHER, recoveryAddress))
                .body("outcome", equalTo("MISMATCH"), "differences.kind", contains("RECIPIENT"),
                        "differences[0].actual", equalTo(otherAddress.toLowerCase(Locale.ROOT)));
        verifyTransfer(transfer(tokenHash, checksummed(token), TOKEN_AMOUNT, recoveryAddress))
                .body("outcome", equalTo("MISMATCH"), "differences.kind", contains("RECIPIENT"));
        TestToken otherToken = deployToken("Other USD", "OUSD", 6);
        verifyTransfer(transfer(tokenHash, checksummed(otherToken), TOKEN_AMOUNT, otherAddress))
                .body("outcome", equalTo("MISMATCH"), "differences.kind", contains("RECIPIENT"),
                        "differences[0].actual", equalTo("no Transfer of the token"));
    }

    @Test
    void anUnknownHashIsAMismatchTransactionNotFound() {
        // Why: a typo or an invented hash must be reported, never taken on trust.
        String unknown = "0x" + "ab".repeat(32);
        verifyTransfer(transfer(unknown, null, ONE_AND_A_HALF_ETHER, recoveryAddress))
                .body("outcome", equalTo("MISMATCH"), "differences.kind", contains("TRANSACTION_NOT_FOUND"));
    }

    @Test
    void aRevertedTransactionIsAMismatchEvenIfItNamedTheRightAmount() throws Exception {
        // Why: a failed transaction moved nothing although its input names the recovery address and amount.
        TestToken token = deployToken("Recovered USD", "RUSD", 6);
        String data = FunctionEncoder.encode(new Function("transfer",
                List.of(new Address(recoveryAddress), new Uint256(new BigInteger("1000000000000000000000000"))), List.of()));
        EthSendTransaction sent = transactions(web3j, DEVELOPER).sendTransaction(GAS_PRICE_WEI, GAS_LIMIT,
                checksummed(token), data, BigInteger.ZERO);
        TransactionReceipt receipt = waitForReceipt(sent.getTransactionHash());
        assertTrue(!receipt.isStatusOK(), "the oversized transfer must revert on chain");
        mineBlocks(2);
        verifyTransfer(transfer(sent.getTransactionHash(), checksummed(token),
                new BigInteger("1000000000000000000000000"), recoveryAddress))
                .body("outcome", equalTo("MISMATCH"), "differences.kind", contains("TRANSACTION_REVERTED"));
    }

    @Test
    void aTokenWhoseDecimalsAndSymbolMatchIsVerifiedAndEachDifferenceIsNamed() throws Exception {
        // Why: a mistyped token contract would make every recovery and payout of the asset wrong by orders of magnitude.
        TestToken token = deployToken("Recovered USD", "RUSD", 6);
        verifyToken(checksummed(token), "RUSD", 6)
                .body("outcome", equalTo("VERIFIED"), "differences", empty());
        verifyToken(checksummed(token), "RUSD", 18)
                .body("outcome", equalTo("MISMATCH"), "differences.kind", contains("DECIMALS"),
                        "differences[0].expected", equalTo("18"), "differences[0].actual", equalTo("6"));
        verifyToken(checksummed(token), "USDC", 6)
                .body("outcome", equalTo("MISMATCH"), "differences.kind", contains("SYMBOL"),
                        "differences[0].actual", equalTo("RUSD"));
    }

    @Test
    void anAddressWithoutCodeIsNoToken() {
        // Why: an address that holds no contract cannot be the declared token (e.g. an account pasted by mistake).
        verifyToken(recoveryAddress, "RUSD", 6)
                .body("outcome", equalTo("MISMATCH"), "differences.kind", contains("NO_CODE"));
    }

    @Test
    void aChainWithoutAnEndpointIsAnsweredNoEndpoint() {
        // Why: payout-service must say it could not check, not pass or fail what it never read.
        Map<String, Object> request = transfer("0x" + "cd".repeat(32), null, ONE_AND_A_HALF_ETHER, recoveryAddress);
        request.put("chainId", "eip155:1");
        verifyTransfer(request).body("outcome", equalTo("NO_ENDPOINT"), "differences", empty());
        asService().contentType(ContentType.JSON)
                .body(Map.of("chainId", "eip155:1", "tokenContract", recoveryAddress, "symbol", "RUSD", "decimals", 6))
                .when().post("/chain/token-verifications")
                .then().statusCode(200).body("outcome", equalTo("NO_ENDPOINT"));
    }

    @Test
    void onlyServiceAccountsMayAskAndBadAddressesAreRefusedByField() {
        // Why: the chain reads are for services; malformed input is named, not silently compared.
        long auditEntries = rows("audit_entry");
        given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .body(transfer("0x" + "ab".repeat(32), null, ONE_AND_A_HALF_ETHER, recoveryAddress))
                .when().post("/chain/transfer-verifications")
                .then().statusCode(403);
        asService().filter(invalidRequestOnPurpose()).contentType(ContentType.JSON)
                .body(transfer("0x" + "ab".repeat(32), null, ONE_AND_A_HALF_ETHER, "0x1234"))
                .when().post("/chain/transfer-verifications")
                .then().statusCode(400).contentType("application/problem+json");
        String badChecksum = "0x" + recoveryAddress.substring(2).toLowerCase(Locale.ROOT);
        if (!badChecksum.equals(recoveryAddress)) {
            asService().contentType(ContentType.JSON)
                    .body(transfer("0x" + "ab".repeat(32), null, ONE_AND_A_HALF_ETHER, badChecksum))
                    .when().post("/chain/transfer-verifications")
                    .then().statusCode(400).body("errors.field", hasItem("recipients[0]"));
        }
        asService().contentType(ContentType.JSON)
                .body(transfer("0x" + "ab".repeat(32), null, BigInteger.TWO.pow(256), recoveryAddress))
                .when().post("/chain/transfer-verifications")
                .then().statusCode(400).body("errors.field", hasItem("amount"));
        assertEquals(auditEntries, rows("audit_entry"), "a verification writes nothing");
    }

    private static io.restassured.specification.RequestSpecification asService() {
        return given().auth().oauth2(Tokens.forClient(realmUrl(), DemoUsers.serviceClientId("ledger"),
                DemoUsers.serviceClientSecret("ledger")));
    }

    private static ValidatableResponse verifyTransfer(Map<String, Object> request) {
        return asService().contentType(ContentType.JSON).body(request)
                .when().post("/chain/transfer-verifications")
                .then().statusCode(200);
    }

    private static ValidatableResponse verifyToken(String contract, String symbol, int decimals) {
        return asService().contentType(ContentType.JSON)
                .body(Map.of("chainId", CHAIN, "tokenContract", contract, "symbol", symbol, "decimals", decimals))
                .when().post("/chain/token-verifications")
                .then().statusCode(200);
    }

    private static Map<String, Object> transfer(String txHash, String token, BigInteger amount, String... recipients) {
        Map<String, Object> request = new LinkedHashMap<>();
        request.put("chainId", CHAIN);
        request.put("txHash", txHash);
        if (token != null) {
            request.put("tokenContract", token);
        }
        request.put("amount", amount.toString());
        request.put("recipients", List.of(recipients));
        return request;
    }

    /** web3j answers a deployed contract's address in lower case; the API takes EIP-55 addresses only. */
    private static String checksummed(TestToken token) {
        return Keys.toChecksumAddress(token.getContractAddress());
    }

    private TestToken deployToken(String name, String symbol, int decimals) throws Exception {
        TestToken token = TestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, name, symbol,
                BigInteger.valueOf(decimals)).send();
        token.mint(DEVELOPER.getAddress(), TOKEN_AMOUNT.multiply(BigInteger.TEN)).send();
        return token;
    }

    private String sendNative(String to, BigInteger wei) throws IOException {
        EthSendTransaction sent = transactions(web3j, DEVELOPER).sendTransaction(GAS_PRICE_WEI,
                BigInteger.valueOf(21_000), to, "", wei);
        assertTrue(!sent.hasError(), () -> "anvil refused the transfer: " + sent.getError().getMessage());
        assertTrue(waitForReceipt(sent.getTransactionHash()).isStatusOK());
        return sent.getTransactionHash();
    }

    private TransactionReceipt waitForReceipt(String txHash) throws IOException {
        for (int attempt = 0; attempt < 200; attempt++) {
            var receipt = web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt();
            if (receipt.isPresent()) {
                return receipt.get();
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(interrupted);
            }
        }
        throw new IllegalStateException("no receipt for " + txHash);
    }

    private static void mineBlocks(int blocks) throws IOException {
        String rpcUrl = ConfigProvider.getConfig().getValue("restitution.chains.\"31337\".rpc-url", String.class);
        new Request<>("anvil_mine", List.of("0x" + Integer.toHexString(blocks)), new HttpService(rpcUrl), VoidResponse.class)
                .send();
    }
}
