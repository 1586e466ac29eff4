package dev.restitution.ledger.snapshot.api;

import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.declareIncident;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.loaded;
import static dev.restitution.ledger.snapshot.api.SnapshotFixtures.seal;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.devstack.DemoUsers;
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
import org.junit.jupiter.api.Test;

@QuarkusTest
class SnapshotProofTest {

    private static String snapshotWithAliceAndBob() {
        StringBuilder csv = new StringBuilder("account_id,asset,amount\n");
        csv.append(DemoUsers.ALICE_ACCOUNT_ID).append(",ETH,1500000000000000000\n");
        csv.append(DemoUsers.ALICE_ACCOUNT_ID).append(",USDT,250000000\n");
        csv.append(DemoUsers.BOB_ACCOUNT_ID).append(",ETH,7\n");
        for (int other = 0; other < 40; other++) {
            csv.append("ACC-X").append(other).append(",USDT,").append(1000 + other).append('\n');
        }
        String incident = declareIncident();
        seal(incident, loaded(incident, csv.toString())).statusCode(200);
        return incident;
    }

    @Test
    void aClaimantsProofsVerifyWithOpenZeppelinsLibraryAndATamperedAmountDoesNot() {
        // Why: a claimant must be able to check their balance against the published root with off-the-shelf tooling.
        String incident = snapshotWithAliceAndBob();
        JsonPath mine = given().auth().oauth2(tokenFor(DemoUsers.ALICE))
                .when().get("/incidents/{incident}/snapshot/me", incident)
                .then().statusCode(200)
                .body("accountId", equalTo(DemoUsers.ALICE_ACCOUNT_ID), "entries.asset", contains("ETH", "USDT"),
                        "entries.amount", contains("1500000000000000000", "250000000"), "entries.decimals", contains(18, 6))
                .extract().jsonPath();
        String root = mine.getString("merkleRoot");
        assertEquals(root, given().auth().oauth2(tokenFor(DemoUsers.AUDREY))
                .when().get("/incidents/{incident}/snapshot", incident).then().extract().path("merkleRoot"));
        List<String> encoding = mine.getList("leafEncoding", String.class);
        for (Map<String, Object> entry : mine.<Map<String, Object>>getList("entries")) {
            @SuppressWarnings("unchecked")
            List<String> leaf = (List<String>) entry.get("leaf");
            @SuppressWarnings("unchecked")
            List<String> proof = (List<String>) entry.get("proof");
            assertTrue(NodeMerkleTree.verify(root, encoding, leaf, proof), "proof of " + entry.get("asset"));

            List<String> tampered = new ArrayList<>(leaf);
            tampered.set(2, new BigInteger(leaf.get(2)).add(BigInteger.ONE).toString());
            assertFalse(NodeMerkleTree.verify(root, encoding, tampered, proof), "tampered " + entry.get("asset"));
            List<String> otherAccount = new ArrayList<>(leaf);
            otherAccount.set(0, "0x" + "00".repeat(32));
            assertFalse(NodeMerkleTree.verify(root, encoding, otherAccount, proof));

            assertEquals(leaf.get(0), entry.get("accountCommitment"));
            assertEquals(entry.get("accountCommitment"), commitment((String) entry.get("salt"), DemoUsers.ALICE_ACCOUNT_ID),
                    "the owner can check that the leaf stands for their account");
        }
    }

    @Test
    void aNewSnapshotsLeavesHoldTheCaip19AssetIdInLeafFormatTwo() {
        // Why: issue 16 commits roots on-chain; a leaf must name its asset by chain and contract, not by a symbol anyone can reuse.
        String incident = snapshotWithAliceAndBob();
        JsonPath mine = given().auth().oauth2(tokenFor(DemoUsers.ALICE))
                .when().get("/incidents/{incident}/snapshot/me", incident)
                .then().statusCode(200)
                .body("leafFormat", equalTo(2), "entries.asset", contains("ETH", "USDT"))
                .extract().jsonPath();
        assertEquals(List.of("eip155:1/slip44:60", "eip155:1/erc20:0xdac17f958d2ee523a2206206994597c13d831ec7"),
                mine.getList("entries.assetId", String.class));
        for (Map<String, Object> entry : mine.<Map<String, Object>>getList("entries")) {
            assertEquals(entry.get("assetId"), ((List<?>) entry.get("leaf")).get(1), "the leaf hashes the asset id");
        }
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY))
                .when().get("/incidents/{incident}/snapshot", incident)
                .then().statusCode(200).body("leafFormat", equalTo(2));
    }

    @Test
    void leavesDoNotRevealOrLinkAccountIds() {
        // Why: whoever sees someone's proof must not learn whose it is, nor which rows belong together.
        String incident = snapshotWithAliceAndBob();
        JsonPath mine = given().auth().oauth2(tokenFor(DemoUsers.ALICE))
                .when().get("/incidents/{incident}/snapshot/me", incident).then().statusCode(200).extract().jsonPath();
        List<String> commitments = mine.getList("entries.accountCommitment", String.class);
        assertNotEquals(commitments.get(0), commitments.get(1));
        String withoutSalt = "0x" + HexFormat.of().formatHex(new Keccak256().hash(
                DemoUsers.ALICE_ACCOUNT_ID.getBytes(StandardCharsets.UTF_8)));
        assertFalse(commitments.contains(withoutSalt));
        assertFalse(mine.getList("entries.leaf").toString().contains(DemoUsers.ALICE_ACCOUNT_ID));
    }

    @Test
    void aClaimantSeesOnlyTheirOwnRows() {
        // Why: one claimant must never see another's balances or proofs, whatever URL they try.
        String incident = snapshotWithAliceAndBob();
        given().auth().oauth2(tokenFor(DemoUsers.BOB)).when().get("/incidents/{incident}/snapshot/me", incident)
                .then().statusCode(200).body("accountId", equalTo(DemoUsers.BOB_ACCOUNT_ID),
                        "entries.asset", contains("ETH"), "entries.amount", contains("7"));
        given().auth().oauth2(tokenFor(DemoUsers.ALICE))
                .when().get("/incidents/{incident}/snapshot/accounts/{account}", incident, DemoUsers.BOB_ACCOUNT_ID)
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(tokenFor(DemoUsers.ALICE))
                .when().get("/incidents/{incident}/snapshot/accounts/{account}", incident, DemoUsers.ALICE_ACCOUNT_ID)
                .then().statusCode(200).body("entries.asset", contains("ETH", "USDT"));
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/incidents/{incident}/snapshot", incident)
                .then().statusCode(403);
        given().auth().oauth2(tokenFor(DemoUsers.SAM))
                .when().get("/incidents/{incident}/snapshot/accounts/{account}", incident, DemoUsers.BOB_ACCOUNT_ID)
                .then().statusCode(200).body("entries.amount", contains("7"));
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).when().get("/incidents/{incident}/snapshot/me", incident)
                .then().statusCode(403);
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY))
                .when().get("/incidents/{incident}/snapshot/accounts/{account}", incident, "ACC-NOBODY")
                .then().statusCode(200).body("entries", empty());
    }

    @Test
    void proofsExistOnlyOnceTheSnapshotIsSealed() {
        // Why: a proof against a root that can still be replaced proves nothing.
        String incident = declareIncident();
        loaded(incident, "account_id,asset,amount\n" + DemoUsers.ALICE_ACCOUNT_ID + ",ETH,1\n");
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/incidents/{incident}/snapshot/me", incident)
                .then().statusCode(404);
    }

    private static String commitment(String saltHex, String accountId) {
        byte[] salt = HexFormat.of().parseHex(saltHex.substring(2));
        byte[] account = accountId.getBytes(StandardCharsets.UTF_8);
        byte[] input = new byte[salt.length + account.length];
        System.arraycopy(salt, 0, input, 0, salt.length);
        System.arraycopy(account, 0, input, salt.length, account.length);
        return "0x" + HexFormat.of().formatHex(new Keccak256().hash(input));
    }
}
