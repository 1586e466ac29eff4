package dev.restitution.ledger.commitment;

import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.recovery.LedgerFixtures.approveRound;
import static dev.restitution.ledger.recovery.LedgerFixtures.awaitProcessed;
import static dev.restitution.ledger.recovery.LedgerFixtures.book;
import static dev.restitution.ledger.recovery.LedgerFixtures.declareIncident;
import static dev.restitution.ledger.recovery.LedgerFixtures.proposeRound;
import static dev.restitution.ledger.recovery.LedgerFixtures.startDistributing;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.contracts.events.CommitmentPublished;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.ledger.recovery.LedgerFixtures;
import dev.restitution.ledger.recovery.LedgerFixtures.Line;
import io.quarkus.test.junit.QuarkusTest;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class CommitmentEventsTest {

    private static final String CONTRACT = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
    private static final long CHAIN = 31337;

    private final LedgerFixtures fixtures = new LedgerFixtures();
    private final EventCodec codec = new EventCodec();

    @AfterEach
    void close() {
        fixtures.close();
    }

    private record Approved(UUID incident, String roundId, String snapshotRoot, String entitlementRoot) {
    }

    /** An incident with a sealed snapshot and one approved round that entitled alice's line. */
    private Approved approvedRound() {
        UUID incident = declareIncident("ETH");
        awaitProcessed(fixtures.approveClaimOf(incident, DemoUsers.ALICE_ACCOUNT_ID, Line.of("ETH", 1_000)));
        book(incident, "ETH", "TREASURY_CONTRIBUTION", 1_000);
        startDistributing(incident);
        String roundId = proposeRound(incident);
        String entitlementRoot = approveRound(roundId).getString("entitlementRoot");
        String snapshotRoot = given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when()
                .get("/incidents/" + incident + "/snapshot").then().statusCode(200)
                .body("commitment", nullValue()).extract().path("merkleRoot");
        return new Approved(incident, roundId, snapshotRoot, entitlementRoot);
    }

    private UUID publish(CommitmentPublished payload) {
        UUID eventId = UUID.randomUUID();
        fixtures.publish(Topics.PAYOUT_COMMITMENTS, codec.wrap(eventId.toString(), EventTypes.COMMITMENT_PUBLISHED,
                "/payout-service", Instant.now(), payload.getIncidentId().toString(), payload));
        return eventId;
    }

    private static CommitmentPublished snapshotCommitment(UUID incident, String root, String txHash) {
        return new CommitmentPublished().withCommitmentId(LedgerFixtures.txHash())
                .withKind(CommitmentPublished.Kind.SNAPSHOT).withIncidentId(incident).withRoot(root).withChainId(CHAIN)
                .withContract(CONTRACT).withTxHash(txHash).withBlockNumber(42L)
                .withPublishedAt(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
    }

    @Test
    void aPublishedCommitmentIsStoredOnceAndShownWithTheSnapshotTheRoundAndTheClaimantsProofs() {
        // Why: the claimant compares the root they were shown with the one on-chain; the ledger must show where it is,
        // and a redelivered event must not store it twice.
        Approved approved = approvedRound();
        String snapshotTx = LedgerFixtures.txHash();
        CommitmentPublished snapshot = snapshotCommitment(approved.incident(), approved.snapshotRoot(), snapshotTx);
        UUID snapshotEvent = publish(snapshot);
        String roundTx = LedgerFixtures.txHash();
        CommitmentPublished round = new CommitmentPublished().withCommitmentId(LedgerFixtures.txHash())
                .withKind(CommitmentPublished.Kind.ROUND).withIncidentId(approved.incident())
                .withRoundId(UUID.fromString(approved.roundId())).withRoundNumber(1).withRoot(approved.entitlementRoot())
                .withChainId(CHAIN).withContract(CONTRACT).withTxHash(roundTx).withBlockNumber(43L)
                .withPublishedAt(OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS));
        publish(round);
        // The same commitment again under a new event id (payout-service re-sent it): nothing more is stored.
        UUID repeated = publish(snapshot);
        awaitProcessed(snapshotEvent);
        awaitProcessed(repeated);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                rows("onchain_commitment where incident_id = '" + approved.incident() + "'") == 2);
        assertEquals(1, rows("onchain_commitment where incident_id = '" + approved.incident() + "' and kind = 'SNAPSHOT'"));

        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/" + approved.incident() + "/snapshot")
                .then().statusCode(200).body("commitment.txHash", equalTo(snapshotTx), "commitment.chainId", equalTo(31337),
                        "commitment.contract", equalTo(CONTRACT), "commitment.blockNumber", equalTo(42),
                        "commitment.commitmentId", equalTo(snapshot.getCommitmentId()));
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/incidents/" + approved.incident() + "/snapshot/me")
                .then().statusCode(200).body("merkleRoot", equalTo(approved.snapshotRoot()),
                        "commitment.txHash", equalTo(snapshotTx));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/rounds/" + approved.roundId())
                .then().statusCode(200).body("commitment.txHash", equalTo(roundTx), "commitment.blockNumber", equalTo(43));
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/rounds/" + approved.roundId() + "/entitlements/me")
                .then().statusCode(200).body("entitlementRoot", equalTo(approved.entitlementRoot()),
                        "commitment.txHash", equalTo(roundTx));
    }

    @Test
    void aCommittedRootThatDiffersFromTheLedgersIsParkedAndNothingIsStored() {
        // Why: a root on-chain that is not the one claimants are shown is a split view; storing it would show
        // claimants a commitment their proofs do not verify against.
        Approved approved = approvedRound();
        UUID wrongSnapshot = publish(snapshotCommitment(approved.incident(), LedgerFixtures.txHash(),
                LedgerFixtures.txHash()));
        UUID wrongRound = publish(new CommitmentPublished().withCommitmentId(LedgerFixtures.txHash())
                .withKind(CommitmentPublished.Kind.ROUND).withIncidentId(approved.incident())
                .withRoundId(UUID.fromString(approved.roundId())).withRoundNumber(1).withRoot(approved.snapshotRoot())
                .withChainId(CHAIN).withContract(CONTRACT).withTxHash(LedgerFixtures.txHash()).withBlockNumber(44L)
                .withPublishedAt(OffsetDateTime.now(ZoneOffset.UTC)));
        try (var dlq = fixtures.kafka().consumeStrings().fromTopics(Topics.PAYOUT_COMMITMENTS + ".ledger-dlq")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> dlq.getRecords().stream()
                    .filter(record -> record.value().contains(wrongSnapshot.toString())
                            || record.value().contains(wrongRound.toString())).count() == 2);
        }
        assertEquals(0, rows("onchain_commitment where incident_id = '" + approved.incident() + "'"));
        assertEquals(0, rows("processed_event where event_id in ('" + wrongSnapshot + "', '" + wrongRound + "')"));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/" + approved.incident() + "/snapshot")
                .then().statusCode(200).body("commitment", nullValue());
    }
}
