package dev.restitution.payout.instruction;

import static dev.restitution.payout.PayoutTestInfrastructure.execute;
import static dev.restitution.payout.PayoutTestInfrastructure.rows;
import static org.awaitility.Awaitility.await;

import dev.restitution.contracts.events.EntitlementIssued;
import dev.restitution.contracts.events.EntitlementsIssued;
import dev.restitution.contracts.events.IssuedEntitlement;
import dev.restitution.kit.chain.AssetId;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.web3j.crypto.Keys;
import org.web3j.utils.Numeric;

/** Entitlements published to the real Kafka as the ledger publishes them, and fresh addresses. */
public final class PayoutFixture implements AutoCloseable {

    public static final long CHAIN = 31337;
    private static final SecureRandom RANDOM = new SecureRandom();

    public final EventCodec codec = new EventCodec();
    public final KafkaCompanion kafka = new KafkaCompanion(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

    @Override
    public void close() {
        kafka.close();
    }

    /** An address nobody has used on anvil, EIP-55. */
    public static String freshAddress() {
        byte[] address = new byte[20];
        RANDOM.nextBytes(address);
        return Keys.toChecksumAddress(Numeric.toHexString(address));
    }

    /** An EntitlementIssued of native ETH on the payout chain. */
    public static EntitlementIssued entitlement(UUID incidentId, String payoutAddress, String amount) {
        return new EntitlementIssued().withEntitlementId(UUID.randomUUID()).withRoundId(UUID.randomUUID())
                .withIncidentId(incidentId).withClaimId(UUID.randomUUID()).withLineId(UUID.randomUUID())
                .withAssetSymbol("ETH").withChainId(CHAIN).withAmount(amount).withPayoutAddress(payoutAddress);
    }

    /** Publishes the entitlement under {@code eventId} as a page of one (EntitlementsIssued), as the ledger does. */
    public void publish(String eventId, EntitlementIssued entitlement) {
        publishPage(eventId, List.of(entitlement));
    }

    /**
     * Publishes {@code entitlements} (of one round and incident) as one EntitlementsIssued page under
     * {@code eventId}, keyed by the round id as the ledger does.
     */
    public void publishPage(String eventId, List<EntitlementIssued> entitlements) {
        publishPage(eventId, entitlements, Optional.empty());
    }

    /**
     * As above, every entitlement naming {@code assetId} instead of its chain's and token's CAIP-19 id when given. The
     * round is recorded as committed on-chain (see {@link #recordRoundCommitted}): these tests are about something else
     * than the commitment payouts wait for.
     */
    public void publishPage(String eventId, List<EntitlementIssued> entitlements, Optional<String> assetId) {
        EntitlementIssued first = entitlements.getFirst();
        recordRoundCommitted(first.getIncidentId(), first.getRoundId());
        publishUncommitted(eventId, entitlements, assetId);
    }

    /** Publishes the page without recording its round as committed: its payments wait for the commitment. */
    public void publishUncommitted(String eventId, List<EntitlementIssued> entitlements, Optional<String> assetId) {
        EntitlementIssued first = entitlements.getFirst();
        EntitlementsIssued page = new EntitlementsIssued().withRoundId(first.getRoundId())
                .withIncidentId(first.getIncidentId()).withEntitlementRoot(randomHash()).withLeafFormat(1)
                .withPage(1).withPageCount(1)
                .withEntitlements(entitlements.stream().map(entitlement -> new IssuedEntitlement()
                        .withEntitlementId(entitlement.getEntitlementId()).withClaimId(entitlement.getClaimId())
                        .withLineId(entitlement.getLineId()).withAccountCommitment(randomHash())
                        .withAssetSymbol(entitlement.getAssetSymbol())
                        .withAssetId(assetId.orElse(AssetId.evm(entitlement.getChainId(),
                                Optional.ofNullable(entitlement.getTokenContract())).toString()))
                        .withChainId(entitlement.getChainId()).withTokenContract(entitlement.getTokenContract())
                        .withAmount(entitlement.getAmount()).withCumulativeAmount(entitlement.getAmount())
                        .withPayoutAddress(entitlement.getPayoutAddress())).toList());
        EventEnvelope event = codec.wrap(eventId, EventTypes.ENTITLEMENTS_ISSUED, "/ledger-service", Instant.now(),
                first.getRoundId().toString(), page);
        publishRaw(first.getRoundId().toString(), codec.encode(event));
    }

    /** Publishes the entitlement as a version 1 EntitlementIssued, as the ledger did before pages; its round committed. */
    public void publishVersion1(String eventId, EntitlementIssued entitlement) {
        recordRoundCommitted(entitlement.getIncidentId(), entitlement.getRoundId());
        EventEnvelope event = codec.wrap(eventId, EventTypes.ENTITLEMENT_ISSUED, "/ledger-service", Instant.now(),
                entitlement.getEntitlementId().toString(), entitlement);
        publishRaw(entitlement.getEntitlementId().toString(), codec.encode(event));
    }

    /**
     * Records the round's commitment as PUBLISHED (confirmed at depth) straight in the database, as the engine does
     * when the commitment's transaction is confirmed; for tests whose subject is not the commitment itself
     * (CommitmentPublicationTest publishes commitments for real).
     */
    public static void recordRoundCommitted(UUID incidentId, UUID roundId) {
        execute("""
                insert into commitment (commitment_id, kind, incident_id, round_id, round_number, root, totals_hash,
                    committed_hash, state, chain_id, contract, tx_hash, block_number, published_at, source_event_id,
                    created_at, updated_at)
                values ('%s', 'ROUND', '%s', '%s', 1, '%s', '%s', '%s', 'PUBLISHED', %d, '0x%s', '%s', 1, now(), '%s', now(), now())
                on conflict do nothing""".formatted(randomHash(), incidentId, roundId, randomHash(), randomHash(),
                randomHash(), CHAIN, "0".repeat(40), randomHash(), UUID.randomUUID()));
    }

    private static String randomHash() {
        byte[] hash = new byte[32];
        RANDOM.nextBytes(hash);
        return Numeric.toHexString(hash);
    }

    public void publishRaw(String key, String value) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.LEDGER_ENTITLEMENTS, key, value);
        record.headers().add("content-type", EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(10));
    }

    /** Publishes the entitlement and waits until payout-service holds its instruction. */
    public EntitlementIssued issued(EntitlementIssued entitlement) {
        publish(UUID.randomUUID().toString(), entitlement);
        await().atMost(Duration.ofSeconds(30)).until(() ->
                rows("payout_instruction where entitlement_id = '" + entitlement.getEntitlementId() + "'") == 1);
        return entitlement;
    }

    /** A pending native ETH instruction of the incident to a fresh address. */
    public EntitlementIssued pending(UUID incidentId, String amount) {
        return issued(entitlement(incidentId, freshAddress(), amount));
    }
}
