package dev.restitution.payout.commitment;

import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.contracts.events.CommitmentPublished;
import dev.restitution.contracts.events.EntitlementIssued;
import dev.restitution.contracts.events.RoundApproved;
import dev.restitution.contracts.events.RoundApprovedTotal;
import dev.restitution.contracts.events.SnapshotSealed;
import dev.restitution.contracts.events.SnapshotSealedTotal;
import dev.restitution.contracts.solidity.CommitmentRegistry;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.payout.PayoutTestInfrastructure;
import dev.restitution.payout.commitment.domain.CommitmentEncoding;
import dev.restitution.payout.config.PayoutConfig;
import dev.restitution.payout.engine.CallOwner;
import dev.restitution.payout.engine.CallRecords;
import dev.restitution.payout.engine.EvmChains;
import dev.restitution.payout.engine.Signing;
import dev.restitution.payout.engine.TransactionEngine;
import dev.restitution.payout.engine.persistence.ChainCallStore;
import dev.restitution.payout.engine.persistence.Nonces;
import dev.restitution.payout.execution.PaymentOrders;
import dev.restitution.payout.execution.persistence.PaymentOrderEntity;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.instruction.PayoutFixture;
import dev.restitution.payout.rail.PaymentItem;
import dev.restitution.payout.rail.PaymentMethod;
import dev.restitution.payout.rail.PaymentOrder;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Hash;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.tx.ReadonlyTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;
import org.web3j.utils.Numeric;

/**
 * Commitments published for real: SnapshotSealed and RoundApproved through Kafka, the transaction engine signing
 * commitSnapshot and commitRound with the service's key on anvil, the CommitmentRegistry holding the hash, and
 * CommitmentPublished in the outbox. Each commitment is mined exactly once through crashes, reorgs and reverts; a
 * payment of a round waits, unsigned, until the round's commitment is confirmed at depth.
 */
@QuarkusTest
class CommitmentPublicationTest {

    private static final long CHAIN_ID = 31337;
    private static final String ETH = "eip155:31337/slip44:60";
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Inject
    TransactionEngine engine;
    @Inject
    Commitments commitments;
    @Inject
    PaymentOrders orders;
    @Inject
    Web3j web3j;
    @Inject
    PayoutConfig config;
    @Inject
    ChainCallStore store;
    @Inject
    EvmChains chains;
    @Inject
    CallRecords records;
    @Inject
    Nonces nonces;
    @Inject
    Instance<CallOwner> owners;
    @Inject
    Clock clock;

    private final EventCodec codec = new EventCodec();
    private PayoutFixture fixture;
    private KafkaCompanion kafka;

    @BeforeEach
    void connect() {
        fixture = new PayoutFixture();
        kafka = new KafkaCompanion(ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));
    }

    @AfterEach
    void close() {
        kafka.close();
        fixture.close();
    }

    @Test
    void aSnapshotAndARoundCommitmentAreEachMinedOnceAndPublishedOnce() throws Exception {
        // Why: the commitments are what outsiders check the exchange against; each must be on-chain exactly as
        // encoded, made by one transaction, and announced once so the ledger shows one transaction. No money moves.
        UUID incident = UUID.randomUUID();
        UUID round = UUID.randomUUID();
        SnapshotSealed sealed = sealed(incident);
        RoundApproved approved = approved(incident, round, 1);
        publish(UUID.randomUUID(), EventTypes.SNAPSHOT_SEALED, incident, sealed);
        publish(UUID.randomUUID(), EventTypes.ROUND_APPROVED, incident, approved);
        String snapshotId = awaitCommitment(CommitmentEncoding.snapshotCommitmentId(incident));
        String roundId = awaitCommitment(CommitmentEncoding.roundCommitmentId(incident, 1));

        drive(engine, roundId, 3);
        assertEquals("OPEN", value("select state from commitment where commitment_id = '" + roundId + "'"),
                "the round waits for its snapshot: the contract refuses it before");
        assertEquals(0L, rows("payment_transaction t join commitment_call c on c.id = t.order_id where c.commitment_id = '" + roundId + "'"));
        drive(engine, snapshotId, 30);
        drive(engine, roundId, 30);

        for (String id : List.of(snapshotId, roundId)) {
            assertPublishedOnce(id, 1);
        }
        CommitmentPublished published = publishedEvent(roundId);
        assertEquals(CommitmentPublished.Kind.ROUND, published.getKind());
        assertEquals(round, published.getRoundId());
        assertEquals(1, published.getRoundNumber());
        assertEquals(approved.getEntitlementRoot(), published.getRoot());
        assertEquals(CHAIN_ID, published.getChainId());
        assertEquals(contract().toLowerCase(), published.getContract());
        assertEquals(value("select confirmed_tx_hash from commitment_call where commitment_id = '" + roundId + "'"),
                published.getTxHash());
        CommitmentPublished snapshot = publishedEvent(snapshotId);
        assertEquals(CommitmentPublished.Kind.SNAPSHOT, snapshot.getKind());
        assertEquals(sealed.getMerkleRoot(), snapshot.getRoot());
        assertEquals(null, snapshot.getRoundId());
        var receipt = web3j.ethGetTransactionReceipt(snapshot.getTxHash()).send().getTransactionReceipt().orElseThrow();
        assertEquals(1, CommitmentRegistry.getSnapshotCommittedEvents(receipt).size());
        assertEquals(sealed.getCutoffAt().toEpochSecond(),
                CommitmentRegistry.getSnapshotCommittedEvents(receipt).getFirst().cutoff.longValueExact());
    }

    @Test
    void aRedeliveredOrRepeatedEventCreatesNoSecondCommitmentOrCall() {
        // Why: Kafka delivers at least once; a second commitment call for one id would be refused on-chain at best and
        // cost a stuck attempt at worst. Nothing moves money here.
        UUID incident = UUID.randomUUID();
        UUID sealedEvent = UUID.randomUUID();
        UUID roundEvent = UUID.randomUUID();
        SnapshotSealed sealed = sealed(incident);
        RoundApproved approved = approved(incident, UUID.randomUUID(), 2);
        publish(sealedEvent, EventTypes.SNAPSHOT_SEALED, incident, sealed);
        publish(sealedEvent, EventTypes.SNAPSHOT_SEALED, incident, sealed);
        publish(UUID.randomUUID(), EventTypes.SNAPSHOT_SEALED, incident, sealed);
        publish(roundEvent, EventTypes.ROUND_APPROVED, incident, approved);
        publish(roundEvent, EventTypes.ROUND_APPROVED, incident, approved);
        String marker = UUID.randomUUID().toString();
        publish(UUID.fromString(marker), EventTypes.ROUND_APPROVED, incident, approved);
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("processed_event where event_id = '" + marker + "'") == 1);

        for (String id : List.of(CommitmentEncoding.snapshotCommitmentId(incident), CommitmentEncoding.roundCommitmentId(incident, 2))) {
            assertEquals(1L, rows("commitment where commitment_id = '" + id + "'"));
            assertEquals(1L, rows("commitment_call where commitment_id = '" + id + "'"), "one attempt queued");
        }
        commitments.queueDue();
        assertEquals(2L, rows("commitment_call c join commitment m on m.commitment_id = c.commitment_id where m.incident_id = '" + incident + "'"),
                "an attempt is live for each: no second one");
    }

    @Test
    void aCrashBetweenSigningAndBroadcastPublishesTheStoredTransactionOnce() throws Exception {
        // Why: the signed commitment is stored before it is broadcast; a restart must send that one, never sign a
        // second (which would revert as AlreadyCommitted after the first is mined, or worse take another nonce).
        UUID incident = UUID.randomUUID();
        publish(UUID.randomUUID(), EventTypes.SNAPSHOT_SEALED, incident, sealed(incident));
        String snapshotId = awaitCommitment(CommitmentEncoding.snapshotCommitmentId(incident));
        UUID call = liveCall(snapshotId);
        freshInstance().sign(call);
        assertEquals(1L, rows("payment_transaction where order_id = '" + call + "' and broadcast_at is null"),
                "signed and stored, not broadcast: the process dies here");

        drive(freshInstance(), snapshotId, 30);

        assertPublishedOnce(snapshotId, 1);
    }

    @Test
    void aReorgThatDropsTheMinedCommitmentReconfirmsItOnce() throws Exception {
        // Why: a commitment in an orphaned block does not exist; the same signed transaction must be mined again and
        // published once, not a second commitment sent.
        UUID incident = UUID.randomUUID();
        publish(UUID.randomUUID(), EventTypes.SNAPSHOT_SEALED, incident, sealed(incident));
        String snapshotId = awaitCommitment(CommitmentEncoding.snapshotCommitmentId(incident));
        UUID call = liveCall(snapshotId);
        TransactionEngine execution = freshInstance();
        execution.sign(call);
        String before = anvil("evm_snapshot").asText();
        for (int attempt = 0; attempt < 100 && minedBlock(call) == null; attempt++) {
            execution.observe(call);
            Thread.sleep(100);
        }
        assertNotNull(minedBlock(call), "mined and recorded");
        assertEquals(value("select committed_hash from commitment where commitment_id = '" + snapshotId + "'"), onChain(snapshotId));

        assertTrue(anvil("evm_revert", before).asBoolean());
        assertEquals("0x" + "0".repeat(64), onChain(snapshotId), "the reorg took the commitment away");

        drive(freshInstance(), snapshotId, 30);

        assertPublishedOnce(snapshotId, 1);
        assertEquals("1", value("select cast(reorged_count as text) from payment_transaction where order_id = '" + call + "'"),
                "the reorg was recorded");
    }

    @Test
    void aRevertedCommitmentIsSentAgainAsANewAttempt() throws Exception {
        // Why: a reverted transaction committed nothing; the round must be committed by a new attempt, or its
        // payments would wait forever. While it is not, nothing of the round is paid.
        UUID incident = UUID.randomUUID();
        publish(UUID.randomUUID(), EventTypes.SNAPSHOT_SEALED, incident, sealed(incident));
        publish(UUID.randomUUID(), EventTypes.ROUND_APPROVED, incident, approved(incident, UUID.randomUUID(), 1));
        String snapshotId = awaitCommitment(CommitmentEncoding.snapshotCommitmentId(incident));
        String roundId = awaitCommitment(CommitmentEncoding.roundCommitmentId(incident, 1));
        drive(engine, snapshotId, 30);
        UUID first = liveCall(roundId);
        engine.sign(first);
        assertNotNull(value("select sender from commitment_call where id = '" + first + "'"), "signed while the snapshot was on-chain");
        // The snapshot's slot emptied after signing: the round's transaction reverts with SnapshotNotCommitted.
        String slot = Hash.sha3(snapshotId + "0".repeat(64));
        String snapshotHash = onChain(snapshotId);
        anvil("anvil_setStorageAt", contract(), slot, "0x" + "0".repeat(64));
        for (int step = 0; step < 30 && !"FAILED".equals(callState(first)); step++) {
            engine.advance(first);
            mineBlocks(1);
        }
        assertEquals("FAILED", callState(first));
        assertTrue(value("select failure_reason from commitment_call where id = '" + first + "'").contains("reverted"));
        anvil("anvil_setStorageAt", contract(), slot, snapshotHash);

        drive(engine, roundId, 30);

        assertPublishedOnce(roundId, 2);
        assertEquals("CONFIRMED", value("select state from commitment_call where commitment_id = '" + roundId + "' and attempt = 2"));
    }

    @Test
    void aPaymentOfAnUncommittedRoundIsNotSignedUntilTheRoundsCommitmentIsConfirmed() throws Exception {
        // Why: the rule: nothing of a round is paid before its entitlement root is on-chain at depth, or the
        // exchange could pay from a root it never committed to. The order waits (not failed) and then pays once.
        UUID incident = UUID.randomUUID();
        UUID round = UUID.randomUUID();
        EntitlementIssued entitlement = PayoutFixture.entitlement(incident, PayoutFixture.freshAddress(), "1000")
                .withRoundId(round);
        PaymentOrder order = uncommittedOrder(entitlement);

        for (int step = 0; step < 3; step++) {
            engine.advance(order.orderId());
            mineBlocks(1);
        }
        assertEquals("QUEUED", engine.state(order.orderId()).name(), "waiting, not failed");
        assertEquals(0L, rows("payment_transaction where order_id = '" + order.orderId() + "'"), "nothing signed");
        assertEquals(BigInteger.ZERO, balance(entitlement.getPayoutAddress()));

        publish(UUID.randomUUID(), EventTypes.SNAPSHOT_SEALED, incident, sealed(incident));
        publish(UUID.randomUUID(), EventTypes.ROUND_APPROVED, incident, approved(incident, round, 1));
        String snapshotId = awaitCommitment(CommitmentEncoding.snapshotCommitmentId(incident));
        String roundId = awaitCommitment(CommitmentEncoding.roundCommitmentId(incident, 1));
        drive(engine, snapshotId, 30);
        drive(engine, roundId, 30);
        for (int step = 0; step < 30 && !engine.state(order.orderId()).name().equals("CONFIRMED"); step++) {
            engine.advance(order.orderId());
            mineBlocks(1);
        }

        assertEquals("CONFIRMED", engine.state(order.orderId()).name());
        assertEquals(BigInteger.valueOf(1000), balance(entitlement.getPayoutAddress()), "paid once, after the commitment");
        assertEquals(1L, rows("payment_transaction where order_id = '" + order.orderId() + "'"));
    }

    @Test
    void aPaymentThatHadToWaitForItsRoundsCommitmentGoesBehindTheOpenCallsQueuedAfterIt() {
        // Why: each run advances a bounded number of open calls, oldest first; if waiting calls stayed first, a round
        // whose commitment never comes (a conflict) would keep every later payment, of committed rounds too, unpaid.
        UUID incident = UUID.randomUUID();
        PaymentOrder waiting = uncommittedOrder(PayoutFixture.entitlement(incident, PayoutFixture.freshAddress(), "1000")
                .withRoundId(UUID.randomUUID()));
        PaymentOrder queuedLater = uncommittedOrder(PayoutFixture.entitlement(incident, PayoutFixture.freshAddress(), "1000")
                .withRoundId(UUID.randomUUID()));

        engine.sign(waiting.orderId());

        assertEquals("QUEUED", engine.state(waiting.orderId()).name(), "waiting, not failed");
        List<UUID> open = QuarkusTransaction.requiringNew().call(() -> store.open(PaymentOrderEntity.class, 100_000));
        assertTrue(open.indexOf(queuedLater.orderId()) >= 0 && open.indexOf(waiting.orderId()) > open.indexOf(queuedLater.orderId()),
                "the order that waited is taken after the one queued after it");
    }

    @Test
    void aCommitmentFoundOnChainWithOurHashIsAdoptedAndNotSentAgain() throws Exception {
        // Why: after a crash the database may not know its transaction made the commitment; sending again would only
        // revert (AlreadyCommitted) forever and the round's payments would wait forever. It must be adopted.
        UUID incident = UUID.randomUUID();
        publish(UUID.randomUUID(), EventTypes.SNAPSHOT_SEALED, incident, sealed(incident));
        String snapshotId = awaitCommitment(CommitmentEncoding.snapshotCommitmentId(incident));
        UUID first = liveCall(snapshotId);
        engine.sign(first);
        for (int attempt = 0; attempt < 100 && minedBlock(first) == null; attempt++) {
            engine.observe(first);
            Thread.sleep(100);
        }
        String txHash = value("select tx_hash from payment_transaction where order_id = '" + first + "'");
        // The service loses track of the mined attempt (a restore from an older backup, say).
        PayoutTestInfrastructure.execute("update commitment_call set state = 'FAILED', failure_reason = 'lost by the test'"
                + " where id = '" + first + "'");
        mineBlocks(3);

        drive(engine, snapshotId, 10);

        assertEquals("PUBLISHED", commitmentState(snapshotId));
        assertEquals(txHash, value("select tx_hash from commitment where commitment_id = '" + snapshotId + "'"),
                "the transaction found on-chain is the one published");
        assertEquals(1L, rows("payment_transaction t join commitment_call c on c.id = t.order_id where c.commitment_id = '"
                + snapshotId + "'"), "nothing sent again");
        assertTrue(value("select failure_reason from commitment_call where commitment_id = '" + snapshotId + "' and attempt = 2")
                .contains("adopted"));
        assertEquals(1L, rows("outbox_event where event_type = '" + EventTypes.COMMITMENT_PUBLISHED + "' and payload like '%"
                + snapshotId + "%'"));
    }

    @Test
    void anotherHashOnChainIsAConflictThatIsNeverSentAndItsRoundNeverPaid() throws Exception {
        // Why: a commitment id holding other fields means someone else wrote the exchange's record or our data is
        // wrong; committing on top is impossible and paying the round would pay from a root the world does not see.
        UUID incident = UUID.randomUUID();
        UUID round = UUID.randomUUID();
        EntitlementIssued entitlement = PayoutFixture.entitlement(incident, PayoutFixture.freshAddress(), "700")
                .withRoundId(round);
        PaymentOrder order = uncommittedOrder(entitlement);
        publish(UUID.randomUUID(), EventTypes.SNAPSHOT_SEALED, incident, sealed(incident));
        publish(UUID.randomUUID(), EventTypes.ROUND_APPROVED, incident, approved(incident, round, 1));
        String snapshotId = awaitCommitment(CommitmentEncoding.snapshotCommitmentId(incident));
        String roundId = awaitCommitment(CommitmentEncoding.roundCommitmentId(incident, 1));
        drive(engine, snapshotId, 30);
        anvil("anvil_setStorageAt", contract(), Hash.sha3(roundId + "0".repeat(64)), randomHash());

        drive(engine, roundId, 5);
        for (int step = 0; step < 3; step++) {
            engine.advance(order.orderId());
            mineBlocks(1);
        }

        assertEquals("CONFLICT", commitmentState(roundId));
        assertEquals(0L, rows("payment_transaction t join commitment_call c on c.id = t.order_id where c.commitment_id = '"
                + roundId + "'"), "nothing sent for it");
        assertEquals(1L, rows("audit_entry where action = 'COMMITMENT_CONFLICT' and subject_id = '" + roundId + "'"));
        assertEquals("QUEUED", engine.state(order.orderId()).name(), "the round's payment is never signed");
        assertEquals(0L, rows("payment_transaction where order_id = '" + order.orderId() + "'"));
        assertEquals(BigInteger.ZERO, balance(entitlement.getPayoutAddress()));
    }

    /** The entitlement's instruction (its round not recorded as committed) and a queued order paying it. */
    private PaymentOrder uncommittedOrder(EntitlementIssued entitlement) {
        fixture.publishUncommitted(UUID.randomUUID().toString(), List.of(entitlement), Optional.empty());
        await().atMost(Duration.ofSeconds(30)).until(() ->
                rows("payout_instruction where entitlement_id = '" + entitlement.getEntitlementId() + "'") == 1);
        UUID instruction = UUID.fromString(value("select cast(id as text) from payout_instruction where entitlement_id = '"
                + entitlement.getEntitlementId() + "'"));
        PaymentOrder order = new PaymentOrder(UUID.randomUUID(), new BatchId(UUID.randomUUID()),
                new IncidentId(entitlement.getIncidentId()), CHAIN_ID, Optional.empty(), PaymentMethod.BATCH_CONTRACT,
                List.of(new PaymentItem(new InstructionId(instruction), entitlement.getPayoutAddress(),
                        new BigInteger(entitlement.getAmount()))));
        QuarkusTransaction.requiringNew().run(() -> orders.enqueue(order));
        return order;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static SnapshotSealed sealed(UUID incident) {
        return new SnapshotSealed().withIncidentId(incident).withImportId(UUID.randomUUID()).withMerkleRoot(randomHash())
                .withLeafEncoding(List.of("bytes32", "string", "uint256")).withLeafFormat(2).withRowCount(3L)
                .withCutoffAt(OffsetDateTime.of(2026, 11, 1, 7, 0, 0, 0, ZoneOffset.UTC))
                .withTotals(List.of(new SnapshotSealedTotal().withAsset("ETH").withAssetId(ETH).withTotal("1500").withRows(3L)))
                .withSealedBy("ian").withSealedAt(OffsetDateTime.now(ZoneOffset.UTC));
    }

    private static RoundApproved approved(UUID incident, UUID round, int number) {
        return new RoundApproved().withIncidentId(incident).withRoundId(round).withRoundNumber(number)
                .withEntitlementRoot(randomHash()).withLeafFormat(1).withEntitlementCount(2L)
                .withTotals(List.of(new RoundApprovedTotal().withAsset("ETH").withAssetId(ETH).withTotal("1000").withCount(2L)))
                .withApprovedAt(OffsetDateTime.now(ZoneOffset.UTC));
    }

    private void publish(UUID eventId, String type, UUID incident, Object payload) {
        EventEnvelope event = codec.wrap(eventId.toString(), type, "/ledger-service", Instant.now(), incident.toString(), payload);
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.LEDGER_INCIDENTS, incident.toString(), codec.encode(event));
        record.headers().add("content-type", EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(10));
    }

    private static String awaitCommitment(String commitmentId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("commitment where commitment_id = '" + commitmentId + "'") == 1);
        return commitmentId;
    }

    /** A new step machine with nothing in memory: what a restarted service is. */
    private TransactionEngine freshInstance() {
        return new TransactionEngine(store, chains, new Signing(store, records, nonces, clock), records, nonces, owners,
                clock, config);
    }

    /** Queues due attempts and advances the commitment's live attempt, a block at a time, until it is published. */
    private void drive(TransactionEngine execution, String commitmentId, int steps) {
        for (int step = 0; step < steps && !"PUBLISHED".equals(commitmentState(commitmentId)); step++) {
            commitments.queueDue();
            String live = value("select cast(id as text) from commitment_call where commitment_id = '" + commitmentId
                    + "' and state in ('QUEUED', 'PENDING')");
            if (live != null) {
                execution.advance(UUID.fromString(live));
            }
            mineBlocks(1);
        }
    }

    /** Published, by one confirmed attempt of {@code attempts}, on-chain as committed, announced once. */
    private void assertPublishedOnce(String commitmentId, int attempts) throws Exception {
        assertEquals("PUBLISHED", commitmentState(commitmentId));
        assertEquals((long) attempts, rows("commitment_call where commitment_id = '" + commitmentId + "'"));
        assertEquals(1L, rows("commitment_call where commitment_id = '" + commitmentId + "' and state = 'CONFIRMED'"));
        UUID confirmed = UUID.fromString(value("select cast(id as text) from commitment_call where commitment_id = '"
                + commitmentId + "' and state = 'CONFIRMED'"));
        assertEquals(1L, rows("payment_transaction where order_id = '" + confirmed + "'"), "one signed transaction");
        assertEquals(value("select committed_hash from commitment where commitment_id = '" + commitmentId + "'"), onChain(commitmentId));
        assertEquals(value("select tx_hash from commitment where commitment_id = '" + commitmentId + "'"),
                value("select confirmed_tx_hash from commitment_call where id = '" + confirmed + "'"));
        assertEquals(1L, rows("outbox_event where event_type = '" + EventTypes.COMMITMENT_PUBLISHED + "' and topic = '"
                + Topics.PAYOUT_COMMITMENTS + "' and payload like '%" + commitmentId + "%'"), "one CommitmentPublished");
    }

    private CommitmentPublished publishedEvent(String commitmentId) {
        String payload = value("select payload from outbox_event where event_type = '" + EventTypes.COMMITMENT_PUBLISHED
                + "' and payload like '%" + commitmentId + "%'");
        return codec.payload(codec.decode(payload), CommitmentPublished.class);
    }

    private String contract() {
        return config.commitments().contract().orElseThrow();
    }

    /** What the registry holds under the id, 0x and 64 hex digits. */
    private String onChain(String commitmentId) throws Exception {
        CommitmentRegistry registry = CommitmentRegistry.load(contract(), web3j, new ReadonlyTransactionManager(web3j, contract()),
                new DefaultGasProvider());
        return Numeric.toHexString(registry.commitments(Numeric.hexStringToByteArray(commitmentId)).send());
    }

    private BigInteger balance(String address) throws IOException {
        return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    private static UUID liveCall(String commitmentId) {
        return UUID.fromString(value("select cast(id as text) from commitment_call where commitment_id = '" + commitmentId
                + "' and state <> 'FAILED'"));
    }

    private static String callState(UUID call) {
        return value("select state from commitment_call where id = '" + call + "'");
    }

    private static String commitmentState(String commitmentId) {
        return value("select state from commitment where commitment_id = '" + commitmentId + "'");
    }

    private static String minedBlock(UUID call) {
        return value("select cast(mined_block_number as text) from payment_transaction where order_id = '" + call + "'");
    }

    /** The first column of the query's first row as text, or null when there is none. */
    private static String value(String sql) {
        return QuarkusTransaction.requiringNew().call(() -> {
            List<?> found = Panache.getEntityManager().createNativeQuery(sql).setMaxResults(1).getResultList();
            return found.isEmpty() || found.getFirst() == null ? null : found.getFirst().toString().trim();
        });
    }

    private static String randomHash() {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        return Numeric.toHexString(hash);
    }

    private static void mineBlocks(int blocks) {
        anvil("anvil_mine", "0x" + Integer.toHexString(blocks));
    }

    private static JsonNode anvil(String method, Object... params) {
        try {
            String body = JSON.writeValueAsString(Map.of("jsonrpc", "2.0", "id", 1, "method", method, "params", List.of(params)));
            String url = ConfigProvider.getConfig().getValue("restitution.chains.\"31337\".rpc-url", String.class);
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(url))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.get("error"));
            }
            return answer.get("result");
        } catch (IOException e) {
            throw new IllegalStateException(method + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        }
    }
}
