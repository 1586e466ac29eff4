package dev.restitution.ledger.round.api;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.recovery.LedgerFixtures.approveRound;
import static dev.restitution.ledger.recovery.LedgerFixtures.awaitProcessed;
import static dev.restitution.ledger.recovery.LedgerFixtures.book;
import static dev.restitution.ledger.recovery.LedgerFixtures.declareIncident;
import static dev.restitution.ledger.recovery.LedgerFixtures.proposeRound;
import static dev.restitution.ledger.recovery.LedgerFixtures.startDistributing;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.ledger.recovery.LedgerFixtures.Line;
import dev.restitution.ledger.recovery.LedgerFixtures;
import dev.restitution.ledger.snapshot.domain.Keccak256;
import dev.restitution.ledger.snapshot.domain.NodeMerkleTree;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EntitlementTreeTest {

    private static final List<String> ENCODING = List.of("bytes32", "string", "uint256");
    private final LedgerFixtures fixtures = new LedgerFixtures();

    @AfterEach
    void close() {
        fixtures.close();
    }

    @Test
    void theRootRecomputesFromTheServedLeavesAndEachProofVerifiesWithOpenZeppelinsLibrary() {
        // Why: the root is committed on-chain before payment; anyone holding the leaves must get the same root, and a
        // claimant's proof must verify with the library the distributor contract's proofs come from, not with ours.
        UUID incident = declareIncident("ETH");
        awaitProcessed(fixtures.approveClaimOf(incident, DemoUsers.ALICE_ACCOUNT_ID, Line.of("ETH", 1_000)));
        awaitProcessed(fixtures.approveClaimOf(incident, "ACC-TREE-B", Line.of("ETH", 2_000)));
        awaitProcessed(fixtures.approveClaimOf(incident, "ACC-TREE-C", Line.of("ETH", 4_000)));
        book(incident, "ETH", "TREASURY_CONTRIBUTION", 3_000);
        startDistributing(incident);
        String first = proposeRound(incident);
        approveRound(first);
        book(incident, "ETH", "TREASURY_CONTRIBUTION", 1_000);
        String second = proposeRound(incident);
        approveRound(second);

        JsonPath round = given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/rounds/" + second)
                .then().statusCode(200).body("entitlementLeafFormat", equalTo(1), "entitlementLeaves", equalTo(3))
                .extract().jsonPath();
        String root = round.getString("entitlementRoot");

        JsonPath mine = given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/rounds/" + second + "/entitlements/me")
                .then().statusCode(200).body("accountId", equalTo(DemoUsers.ALICE_ACCOUNT_ID), "entitlementRoot", equalTo(root),
                        "leafFormat", equalTo(1), "leafEncoding", equalTo(ENCODING), "entries.size()", equalTo(1))
                .extract().jsonPath();
        Map<String, Object> alice = mine.getMap("entries[0]");
        // Round 1 entitled floor(1000 x 3/7) = 428, round 2 floor(572 x 1001/4001) = 143: the leaf holds 571 in all.
        assertEquals("143", alice.get("amount"));
        assertEquals("571", alice.get("cumulativeAmount"));
        assertEquals(List.of(alice.get("accountCommitment"), "eip155:1000/slip44:60", "571"), alice.get("leaf"));
        assertEquals(alice.get("accountCommitment"), commitment((String) alice.get("salt"), DemoUsers.ALICE_ACCOUNT_ID),
                "the owner can check that the leaf stands for their account");

        List<List<String>> leaves = new ArrayList<>();
        for (String account : List.of(DemoUsers.ALICE_ACCOUNT_ID, "ACC-TREE-B", "ACC-TREE-C")) {
            leaves.add(given().auth().oauth2(tokenFor(DemoUsers.AUDREY))
                    .when().get("/rounds/{round}/accounts/{account}/entitlements", second, account)
                    .then().statusCode(200).body("entries.size()", equalTo(1))
                    .extract().jsonPath().getList("entries[0].leaf", String.class));
        }
        JsonNode rebuilt = NodeMerkleTree.build(ENCODING, leaves);
        assertEquals(root, rebuilt.get("root").asText(), "the root recomputes from the leaves the API serves");

        @SuppressWarnings("unchecked")
        List<String> leaf = (List<String>) alice.get("leaf");
        @SuppressWarnings("unchecked")
        List<String> proof = (List<String>) alice.get("proof");
        assertTrue(NodeMerkleTree.verify(root, ENCODING, leaf, proof));
        List<String> tampered = new ArrayList<>(leaf);
        tampered.set(2, new BigInteger(leaf.get(2)).add(BigInteger.ONE).toString());
        assertFalse(NodeMerkleTree.verify(root, ENCODING, tampered, proof), "a larger amount does not verify");
        String firstRoot = given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/rounds/" + first)
                .then().statusCode(200).extract().path("entitlementRoot");
        assertFalse(NodeMerkleTree.verify(firstRoot, ENCODING, leaf, proof), "a leaf proves only in its own round");
    }

    @Test
    void aClaimantSeesOnlyTheirOwnEntitlementProofsAndARoundWithoutATreeIsNotFound() {
        // Why: an entitlement proof carries the account's salt; it is the owner's and staff's only, as a balance proof is.
        UUID incident = declareIncident("ETH");
        awaitProcessed(fixtures.approveClaimOf(incident, "ACC-TREE-OTHER", Line.of("ETH", 1_000)));
        book(incident, "ETH", "TREASURY_CONTRIBUTION", 500);
        startDistributing(incident);
        String round = proposeRound(incident);
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/rounds/{round}/accounts/{account}/entitlements",
                round, "ACC-TREE-OTHER").then().statusCode(404).contentType("application/problem+json");
        approveRound(round);

        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/rounds/{round}/accounts/{account}/entitlements",
                round, "ACC-TREE-OTHER").then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/rounds/" + round + "/entitlements/me")
                .then().statusCode(200).body("entries.size()", equalTo(0));
        given().auth().oauth2(tokenFor(DemoUsers.FRANK)).when().get("/rounds/" + round + "/entitlements/me")
                .then().statusCode(403);
        given().auth().oauth2(tokenFor(DemoUsers.SAM)).when().get("/rounds/{round}/accounts/{account}/entitlements",
                round, "ACC-TREE-OTHER").then().statusCode(200).body("entries[0].cumulativeAmount", equalTo("500"));
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.SAM))
                .when().get("/rounds/{round}/accounts/{account}/entitlements", round, "no spaces allowed")
                .then().statusCode(400);
    }

    private static String commitment(String salt, String accountId) {
        byte[] saltBytes = HexFormat.of().parseHex(salt.substring(2));
        byte[] id = accountId.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[saltBytes.length + id.length];
        System.arraycopy(saltBytes, 0, input, 0, saltBytes.length);
        System.arraycopy(id, 0, input, saltBytes.length, id.length);
        return "0x" + HexFormat.of().formatHex(new Keccak256().hash(input));
    }
}
