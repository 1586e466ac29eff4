package dev.restitution.portal;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.contracts.solidity.BatchPayout;
import dev.restitution.contracts.solidity.CommitmentRegistry;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.DevStack;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Numeric;

/**
 * alice's proof file as the portal gives it once she was paid, made once per test JVM through the services' APIs
 * as staff and claimant would: a sealed snapshot, her approved claim, an approved round paying 0.4 ETH of
 * treasury money, a payout batch proposed by fiona, approved by frank and paid by payout-service on anvil, and
 * the roots committed on-chain in a CommitmentRegistry. Where the file carries no commitment yet (payout-service
 * not publishing them), the test deploys the registry with its own publisher key, commits the roots the file shows
 * and writes the coordinates into the file as the ledger would show them.
 */
final class AlicesProofFile {

    static final String TREASURY_WEI = "400000000000000000";
    /** anvil's tenth development account (public test mnemonic): publishes the test's commitments and pays its batch. */
    private static final Credentials PUBLISHER = Credentials.create(
            "0x2a871d0798f97d79848a013d4936a73bf4cc922c825d33c1cf7073dff6d409c6");
    private static final StaticGasProvider GAS = new StaticGasProvider(BigInteger.valueOf(10_000_000_000L), BigInteger.valueOf(3_000_000));
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration EVENTUAL = Duration.ofSeconds(90);

    private static AlicesProofFile made;

    final String incidentId;
    final String claimId;
    final String rpcUrl;
    /** The file as the portal answered it, with the commitments' coordinates filled in where it had none. */
    final ObjectNode proof;
    final String aliceAddress;

    private AlicesProofFile(String incidentId, String claimId, String rpcUrl, ObjectNode proof, String aliceAddress) {
        this.incidentId = incidentId;
        this.claimId = claimId;
        this.rpcUrl = rpcUrl;
        this.proof = proof;
        this.aliceAddress = aliceAddress;
    }

    /** The file, made on first use. */
    static synchronized AlicesProofFile get(PortalBrowser alice) throws Exception {
        if (made == null) {
            made = make(alice);
        }
        return made;
    }

    /** A copy of the file to change. */
    ObjectNode copy() {
        return proof.deepCopy();
    }

    private static AlicesProofFile make(PortalBrowser alice) throws Exception {
        String incidentId = Services.sealedIncident();
        String claimId = Services.approvedClaim(incidentId);
        Services.startDistributing(incidentId);
        approvedRound(incidentId);
        String batchId = paidBatch(incidentId);
        await().atMost(EVENTUAL).pollInterval(Duration.ofSeconds(1)).until(() -> !Services.claim(DemoUsers.ALICE, claimId)
                .getList("lines[0].payments").isEmpty());
        String downloaded = alice.page().request()
                .get(PortalBrowser.PORTAL + "/claimant/incidents/" + incidentId + "/proof.json").text();
        ObjectNode proof = (ObjectNode) JSON.readTree(downloaded);
        if (!proof.path("payments").get(0).path("batchId").asText().equals(batchId)) {
            throw new IllegalStateException("alice's proof file names another batch than " + batchId + ": " + downloaded);
        }
        String rpcUrl = DevStack.shared().anvilRpcUrl();
        commitWhereNotPublished(proof, rpcUrl);
        String aliceAddress = Services.claim(DemoUsers.ALICE, claimId).getString("payoutAddresses[0].address");
        return new AlicesProofFile(incidentId, claimId, rpcUrl, proof, aliceAddress);
    }

    private static void approvedRound(String incidentId) {
        String fiona = Services.token(DemoUsers.FIONA);
        given().baseUri(Services.url("ledger")).auth().oauth2(fiona).contentType(ContentType.JSON)
                .header("Idempotency-Key", "test-recovery-" + UUID.randomUUID())
                .body(Map.of("assetSymbol", "ETH", "kind", "TREASURY_CONTRIBUTION", "amount", TREASURY_WEI, "reason", "treasury"))
                .when().post("/incidents/" + incidentId + "/recoveries").then().statusCode(201);
        String roundId = given().baseUri(Services.url("ledger")).auth().oauth2(fiona).contentType(ContentType.JSON)
                .header("Idempotency-Key", "test-round-" + UUID.randomUUID()).body(Map.of("note", "first distribution"))
                .when().post("/incidents/" + incidentId + "/rounds").then().statusCode(201).extract().path("id");
        given().baseUri(Services.url("ledger")).auth().oauth2(Services.token(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body(Map.of("reason", "matches the treasury transfer"))
                .when().post("/rounds/" + roundId + "/approval").then().statusCode(200);
    }

    /** fiona proposes the batch of alice's instruction, frank approves its hash; answers once payout-service paid it. */
    private static String paidBatch(String incidentId) {
        String fiona = Services.token(DemoUsers.FIONA);
        await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(500)).until(() -> given().baseUri(Services.url("payout"))
                .auth().oauth2(fiona).queryParam("incidentId", incidentId).queryParam("state", "PENDING")
                .when().get("/instructions").then().statusCode(200).extract().jsonPath().getLong("total") == 1);
        JsonPath proposed = given().baseUri(Services.url("payout")).auth().oauth2(fiona).contentType(ContentType.JSON)
                .header("Idempotency-Key", "test-batch-" + UUID.randomUUID())
                .body(Map.of("incidentId", incidentId, "chainId", Services.CHAIN_ID, "assetSymbol", "ETH"))
                .when().post("/batches").then().statusCode(201).extract().jsonPath();
        String batchId = proposed.getString("batch.id");
        given().baseUri(Services.url("payout")).auth().oauth2(Services.token(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body(Map.of("itemsHash", proposed.getString("batch.itemsHash")))
                .when().post("/batches/" + batchId + "/approvals").then().statusCode(200);
        String auditor = Services.token(DemoUsers.AUDREY);
        await().atMost(EVENTUAL).pollInterval(Duration.ofSeconds(1)).until(() -> "PAID".equals(given()
                .baseUri(Services.url("payout")).auth().oauth2(auditor).when().get("/batches/" + batchId)
                .then().statusCode(200).extract().path("batch.state")));
        return batchId;
    }

    /** Commits the file's snapshot root and round roots where the file names no published commitment. */
    private static void commitWhereNotPublished(ObjectNode proof, String rpcUrl) throws Exception {
        ObjectNode snapshot = (ObjectNode) proof.get("snapshot");
        if (snapshot.has("commitment") && proof.get("rounds").findValues("commitment").size() == proof.get("rounds").size()) {
            return;
        }
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            TransactionManager publisher = transactions(web3j);
            CommitmentRegistry registry = CommitmentRegistry.deploy(web3j, publisher, GAS, PUBLISHER.getAddress()).send();
            byte[] incident = bytes16(proof.get("incidentId").asText());
            if (!snapshot.has("commitment")) {
                TransactionReceipt committed = success(registry.commitSnapshot(incident, Numeric.hexStringToByteArray(
                                snapshot.get("merkleRoot").asText()), BigInteger.valueOf(2), Hash.sha3("snapshot totals".getBytes()),
                        BigInteger.valueOf(Instant.now().getEpochSecond())).send());
                snapshot.set("commitment", commitment(committed, registry, registry.snapshotCommitmentId(incident).send()));
            }
            for (JsonNode round : proof.get("rounds")) {
                if (round.has("commitment")) {
                    continue;
                }
                BigInteger number = BigInteger.valueOf(round.get("roundNumber").asLong());
                TransactionReceipt committed = success(registry.commitRound(incident, number, bytes16(round.get("roundId").asText()),
                        Numeric.hexStringToByteArray(round.get("entitlementRoot").asText()), Hash.sha3("round totals".getBytes())).send());
                ((ObjectNode) round).set("commitment", commitment(committed, registry, registry.roundCommitmentId(incident, number).send()));
            }
            ObjectNode contracts = proof.putObject("contracts");
            contracts.putObject(String.valueOf(Services.CHAIN_ID)).put("commitments", registry.getContractAddress().toLowerCase());
        } finally {
            web3j.shutdown();
        }
    }

    /**
     * Pays {@code amountWei} to {@code recipient} through a BatchPayout contract the test deploys (its own operator):
     * the transaction of a native batch, whose items the verifier reads from the calldata.
     */
    static String payThroughBatchPayout(String rpcUrl, String recipient, BigInteger amountWei) throws Exception {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            BatchPayout payout = BatchPayout.deploy(web3j, transactions(web3j), GAS, PUBLISHER.getAddress()).send();
            BigInteger item = Numeric.toBigInt(recipient).shiftLeft(96).or(amountWei);
            return success(payout.payNative(Hash.sha3(UUID.randomUUID().toString().getBytes()), List.of(item), amountWei).send())
                    .getTransactionHash();
        } finally {
            web3j.shutdown();
        }
    }

    private static TransactionManager transactions(Web3j web3j) {
        return new RawTransactionManager(web3j, PUBLISHER, Services.CHAIN_ID, new PollingTransactionReceiptProcessor(web3j, 100, 600));
    }

    private static ObjectNode commitment(TransactionReceipt receipt, CommitmentRegistry registry, byte[] commitmentId) {
        ObjectNode commitment = JSON.createObjectNode();
        commitment.put("chainId", Services.CHAIN_ID);
        commitment.put("contract", registry.getContractAddress().toLowerCase());
        commitment.put("commitmentId", Numeric.toHexString(commitmentId));
        commitment.put("txHash", receipt.getTransactionHash());
        commitment.put("blockNumber", receipt.getBlockNumber().longValueExact());
        commitment.put("publishedAt", Instant.now().toString());
        return commitment;
    }

    private static TransactionReceipt success(TransactionReceipt receipt) {
        if (!receipt.isStatusOK()) {
            throw new IllegalStateException("the test's transaction failed on chain: " + receipt);
        }
        return receipt;
    }

    private static byte[] bytes16(String uuid) {
        return Numeric.hexStringToByteArray(uuid.replace("-", ""));
    }
}
