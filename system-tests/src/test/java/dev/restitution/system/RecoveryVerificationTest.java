package dev.restitution.system;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.solidity.TestToken;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.DevStack;
import dev.restitution.devstack.Platform;
import dev.restitution.devstack.Tokens;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;

/**
 * On-chain verification end to end, with the services as the processes {@code ./restitution run} starts and the
 * devstack's real anvil: ledger-service books recoveries at once and asks payout-service (which alone reads the
 * chain) in the background. Real transfers of native coin and of a test ERC-20 to the incident's recovery address
 * verify; a wrong hash, a reverted transaction, a wrong amount and a wrong recipient are mismatches; tokens whose
 * decimals or symbol differ and an address without code are mismatches; a chain without an endpoint stays
 * UNVERIFIED. No verification moves a balance.
 */
class RecoveryVerificationTest {

    /** anvil's third pre-funded development account (public test mnemonic), used by no other test. */
    private static final Credentials SENDER = Credentials.create(
            "0x5de4111afa1a4b94908f83103eb1f1706367c2e68ca870fc3fb9a804cdab365a");
    private static final long CHAIN_ID = 31337L;
    private static final BigInteger GAS_PRICE_WEI = BigInteger.valueOf(10_000_000_000L);
    private static final BigInteger GAS_LIMIT = BigInteger.valueOf(1_000_000);
    private static final BigInteger ETHER = BigInteger.TEN.pow(18);
    private static final SecureRandom RANDOM = new SecureRandom();
    /** payout-service's default depth: a transaction counts once 12 blocks hold it. */
    private static final int CONFIRMATIONS = 12;

    private static DevStack stack;
    private static Platform platform;
    private static Web3j web3j;

    @BeforeAll
    static void startPlatform() {
        Path root = Path.of(System.getProperty("restitution.repository-root", "..")).toAbsolutePath().normalize();
        stack = DevStack.shared();
        platform = Platform.start(stack, Platform.Options.onFreePorts(root, Path.of("target", "verification-logs")));
        web3j = Web3j.build(new HttpService(stack.anvilRpcUrl()));
    }

    @AfterAll
    static void stopPlatform() {
        if (web3j != null) {
            web3j.shutdown();
        }
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void recoveriesAndTokensAreVerifiedOnChainAndEveryMismatchIsReportedWithoutMovingMoney() throws Exception {
        // Why: a recovery booked with any hash used to count as money in hand; the chain must confirm it, and
        // whatever the chain says, the books change only by an operator's booking.
        String recoveryAddress = freshAddress();
        String elsewhere = freshAddress();
        TestToken rusd = deployToken("Recovered USD", "RUSD", 6);
        TestToken sixDecimals = deployToken("Declared with 18", "BADD", 6);
        TestToken otherSymbol = deployToken("Other symbol", "XYZ", 6);
        String noCode = freshAddress();

        String nativeOk = sendNative(recoveryAddress, ETHER.multiply(BigInteger.TWO));
        String tokenOk = rusd.transfer(recoveryAddress, BigInteger.valueOf(2_500_000)).send().getTransactionHash();
        String nativeShort = sendNative(recoveryAddress, ETHER);
        String nativeElsewhere = sendNative(elsewhere, ETHER);
        String reverted = revertedTokenTransfer(rusd, recoveryAddress, BigInteger.TEN.pow(30));
        mineBlocks(CONFIRMATIONS);

        String incident = declare(List.of(
                asset("ETH", CHAIN_ID, null, 18),
                asset("RUSD", CHAIN_ID, checksum(rusd.getContractAddress()), 6),
                asset("BADD", CHAIN_ID, checksum(sixDecimals.getContractAddress()), 18),
                asset("BADS", CHAIN_ID, checksum(otherSymbol.getContractAddress()), 6),
                asset("NOCODE", CHAIN_ID, noCode, 6),
                asset("MAINETH", 1, null, 18)),
                List.of(Map.of("chainId", CHAIN_ID, "address", recoveryAddress),
                        Map.of("chainId", 1, "address", recoveryAddress)));

        Map<String, String> booked = new LinkedHashMap<>();
        booked.put("native", book(incident, "ETH", ETHER.multiply(BigInteger.TWO), nativeOk));
        booked.put("token", book(incident, "RUSD", BigInteger.valueOf(2_500_000), tokenOk));
        booked.put("wrong amount", book(incident, "ETH", ETHER.multiply(BigInteger.TWO), nativeShort));
        booked.put("wrong recipient", book(incident, "ETH", ETHER, nativeElsewhere));
        booked.put("reverted", book(incident, "RUSD", BigInteger.TEN.pow(30), reverted));
        booked.put("wrong hash", book(incident, "ETH", ETHER, randomHash()));
        booked.put("no endpoint", book(incident, "MAINETH", ETHER, randomHash()));
        // Money: every booking counts at once, verified or not: 2 + 2 + 1 + 1 ether.
        assertEquals(ETHER.multiply(BigInteger.valueOf(6)).toString(), balance(incident, "ETH", "AVAILABLE"));

        JsonPath reconciliation = await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1))
                .until(() -> reconciliation(incident), RecoveryVerificationTest::everyItemFinal);

        assertEquals("VERIFIED", recoveryStatus(reconciliation, booked.get("native")));
        assertEquals("VERIFIED", recoveryStatus(reconciliation, booked.get("token")));
        assertMismatch(reconciliation, booked.get("wrong amount"), "AMOUNT");
        assertMismatch(reconciliation, booked.get("wrong recipient"), "RECIPIENT");
        assertMismatch(reconciliation, booked.get("reverted"), "TRANSACTION_REVERTED");
        assertMismatch(reconciliation, booked.get("wrong hash"), "TRANSACTION_NOT_FOUND");
        assertEquals("UNVERIFIED", recoveryStatus(reconciliation, booked.get("no endpoint")));
        assertTrue(reconciliation.getString(recovery(booked.get("no endpoint")) + ".verification.detail")
                .contains("no JSON-RPC endpoint for eip155:1"));
        // Not final: the ledger asks again later, so an endpoint configured for eip155:1 afterwards verifies it.
        assertFalse(reconciliation.getBoolean(recovery(booked.get("no endpoint")) + ".verification.concluded"));
        assertNotNull(reconciliation.getString(recovery(booked.get("no endpoint")) + ".verification.nextAttemptAt"));

        assertEquals("VERIFIED", tokenStatus(reconciliation, "RUSD"));
        assertTokenMismatch(reconciliation, "BADD", "DECIMALS");
        assertTokenMismatch(reconciliation, "BADS", "SYMBOL");
        assertTokenMismatch(reconciliation, "NOCODE", "NO_CODE");
        assertFalse(reconciliation.getBoolean("consistent"));
        assertEquals(List.of("RECOVERY_MISMATCH", "RECOVERY_MISMATCH", "RECOVERY_MISMATCH"),
                reconciliation.getList("assets.find { it.assetSymbol == 'ETH' }.differences.code"));

        // Money: the mismatches changed nothing; only the operator's correction takes the wrong amount back out.
        assertEquals(ETHER.multiply(BigInteger.valueOf(6)).toString(), balance(incident, "ETH", "AVAILABLE"));
        correct(incident, booked.get("wrong amount"), ETHER.multiply(BigInteger.TWO));
        assertEquals(ETHER.multiply(BigInteger.valueOf(4)).toString(), balance(incident, "ETH", "AVAILABLE"));
        JsonPath corrected = reconciliation(incident);
        assertEquals(List.of("RECOVERY_MISMATCH", "RECOVERY_MISMATCH"),
                corrected.getList("assets.find { it.assetSymbol == 'ETH' }.differences.code"));
        assertEquals("MISMATCH", recoveryStatus(corrected, booked.get("wrong amount")), "the chain's word stays on record");

        String csv = given().baseUri(platform.serviceUrl("ledger")).auth().oauth2(token(DemoUsers.AUDREY))
                .accept("text/csv").when().get("/incidents/" + incident + "/reconciliation")
                .then().statusCode(200).extract().asString();
        assertTrue(csv.contains(nativeOk + " VERIFIED") && csv.contains(reverted + " MISMATCH (TRANSACTION_REVERTED"), csv);
    }

    /**
     * Every item checked: concluded, or (a chain without an endpoint) UNVERIFIED after its first answer with a later
     * check scheduled, since an endpoint configured later verifies it.
     */
    private static boolean everyItemFinal(JsonPath reconciliation) {
        List<Map<String, Object>> recoveries = reconciliation.getList("assets.recoveries.flatten().verification");
        List<Boolean> tokens = reconciliation.getList("assets.findAll { it.tokenVerification != null }.tokenVerification.concluded");
        return !recoveries.isEmpty() && recoveries.stream().allMatch(verification -> Boolean.TRUE.equals(verification.get("concluded"))
                        || ("UNVERIFIED".equals(verification.get("status")) && verification.get("nextAttemptAt") != null
                        && String.valueOf(verification.get("detail")).contains("no JSON-RPC endpoint")))
                && tokens.size() == 4 && tokens.stream().allMatch(Boolean.TRUE::equals);
    }

    private static String recovery(String transferId) {
        return "assets.recoveries.flatten().find { it.transferId == '" + transferId + "' }";
    }

    private static String recoveryStatus(JsonPath reconciliation, String transferId) {
        return reconciliation.getString(recovery(transferId) + ".verification.status");
    }

    private static void assertMismatch(JsonPath reconciliation, String transferId, String kind) {
        String detail = reconciliation.getString(recovery(transferId) + ".verification.detail");
        assertEquals("MISMATCH", recoveryStatus(reconciliation, transferId), detail);
        assertTrue(detail.startsWith(kind + ":"), detail);
    }

    private static String tokenStatus(JsonPath reconciliation, String asset) {
        return reconciliation.getString("assets.find { it.assetSymbol == '" + asset + "' }.tokenVerification.status");
    }

    private static void assertTokenMismatch(JsonPath reconciliation, String asset, String kind) {
        String prefix = "assets.find { it.assetSymbol == '" + asset + "' }";
        assertEquals("MISMATCH", reconciliation.getString(prefix + ".tokenVerification.status"), asset);
        assertTrue(reconciliation.getString(prefix + ".tokenVerification.detail").startsWith(kind + ":"),
                reconciliation.getString(prefix + ".tokenVerification.detail"));
        assertEquals(List.of("TOKEN_MISMATCH"), reconciliation.getList(prefix + ".differences.code"));
    }

    private static String token(String user) {
        return Tokens.forUser(stack.realmUrl(), user, DemoUsers.PASSWORD);
    }

    private static Map<String, Object> asset(String symbol, long chainId, String tokenContract, int decimals) {
        Map<String, Object> asset = new LinkedHashMap<>();
        asset.put("symbol", symbol);
        asset.put("chainId", chainId);
        if (tokenContract != null) {
            asset.put("tokenContract", tokenContract);
        }
        asset.put("decimals", decimals);
        return asset;
    }

    private static String declare(List<Map<String, Object>> assets, List<Map<String, Object>> recoveryAddresses) {
        return given().baseUri(platform.serviceUrl("ledger")).auth().oauth2(token(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body(Map.of("exchange", "CoinEx", "title", "Verified recoveries " + System.nanoTime(),
                        "cutoffAt", Instant.now().minus(2, ChronoUnit.HOURS).toString(), "assets", assets,
                        "recoveryAddresses", recoveryAddresses))
                .when().post("/incidents")
                .then().statusCode(201).extract().path("id");
    }

    private static String book(String incident, String asset, BigInteger amount, String txHash) {
        return given().baseUri(platform.serviceUrl("ledger")).auth().oauth2(token(DemoUsers.FIONA))
                .contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("assetSymbol", asset, "kind", "RECOVERED_ON_CHAIN", "amount", amount.toString(),
                        "txHash", txHash, "reason", "returned by the attacker"))
                .when().post("/incidents/" + incident + "/recoveries")
                .then().statusCode(201).extract().path("id");
    }

    private static void correct(String incident, String transferId, BigInteger amount) {
        given().baseUri(platform.serviceUrl("ledger")).auth().oauth2(token(DemoUsers.FIONA))
                .contentType(ContentType.JSON).header("Idempotency-Key", UUID.randomUUID().toString())
                .body(Map.of("assetSymbol", "ETH", "kind", "CORRECTION", "amount", amount.toString(),
                        "correctsTransferId", transferId, "reason", "the chain shows less arrived"))
                .when().post("/incidents/" + incident + "/recoveries")
                .then().statusCode(201);
    }

    private static JsonPath reconciliation(String incident) {
        return given().baseUri(platform.serviceUrl("ledger")).auth().oauth2(token(DemoUsers.AUDREY))
                .accept(ContentType.JSON).when().get("/incidents/" + incident + "/reconciliation")
                .then().statusCode(200).extract().jsonPath();
    }

    private static String balance(String incident, String asset, String account) {
        return given().baseUri(platform.serviceUrl("ledger")).auth().oauth2(token(DemoUsers.AUDREY))
                .when().get("/incidents/" + incident + "/accounts").then().statusCode(200).extract().jsonPath()
                .getString("items.find { it.assetSymbol == '" + asset + "' && it.account == '" + account + "' }.balance");
    }

    private static TransactionManager transactions() {
        return new RawTransactionManager(web3j, SENDER, CHAIN_ID, new PollingTransactionReceiptProcessor(web3j, 50, 400));
    }

    private static TestToken deployToken(String name, String symbol, int decimals) throws Exception {
        TestToken token = TestToken.deploy(web3j, transactions(), new StaticGasProvider(GAS_PRICE_WEI, BigInteger.valueOf(3_000_000)),
                name, symbol, BigInteger.valueOf(decimals)).send();
        token.mint(SENDER.getAddress(), BigInteger.TEN.pow(12)).send();
        return token;
    }

    private static String sendNative(String to, BigInteger wei) throws Exception {
        EthSendTransaction sent = transactions().sendTransaction(GAS_PRICE_WEI, BigInteger.valueOf(21_000), to, "", wei);
        assertFalse(sent.hasError(), () -> sent.getError().getMessage());
        assertTrue(receipt(sent.getTransactionHash()).isStatusOK());
        return sent.getTransactionHash();
    }

    private static String revertedTokenTransfer(TestToken token, String to, BigInteger amount) throws Exception {
        String data = FunctionEncoder.encode(new Function("transfer", List.of(new Address(to), new Uint256(amount)), List.of()));
        EthSendTransaction sent = transactions().sendTransaction(GAS_PRICE_WEI, GAS_LIMIT, token.getContractAddress(), data,
                BigInteger.ZERO);
        assertFalse(sent.hasError(), () -> sent.getError().getMessage());
        assertFalse(receipt(sent.getTransactionHash()).isStatusOK(), "more than the balance must revert");
        return sent.getTransactionHash();
    }

    private static TransactionReceipt receipt(String txHash) throws Exception {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt(),
                        java.util.Optional::isPresent).orElseThrow();
    }

    private static void mineBlocks(int blocks) throws Exception {
        new Request<>("anvil_mine", List.of("0x" + Integer.toHexString(blocks)), new HttpService(stack.anvilRpcUrl()),
                VoidResponse.class).send();
    }

    private static String freshAddress() {
        byte[] address = new byte[20];
        RANDOM.nextBytes(address);
        return checksum("0x" + HexFormat.of().formatHex(address));
    }

    private static String checksum(String address) {
        return Keys.toChecksumAddress(address);
    }

    private static String randomHash() {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        return "0x" + HexFormat.of().formatHex(hash);
    }
}
