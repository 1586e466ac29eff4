package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.claims.LedgerStandIn;
import dev.restitution.contracts.events.DenylistChanged;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.contracts.events.IncidentDeclared;
import dev.restitution.contracts.events.IncidentDeclaredAsset;
import dev.restitution.contracts.events.IncidentStateChanged;
import dev.restitution.contracts.events.IncidentStateChanged.IncidentLifecycleState;
import dev.restitution.contracts.events.SnapshotSealed;
import dev.restitution.contracts.events.SnapshotSealedTotal;
import dev.restitution.kit.events.Topics;
import io.restassured.http.ContentType;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.nio.charset.StandardCharsets;
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
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/** Builds what a claim needs: an incident declared and sealed through the ledger's events, and signed proofs. */
final class ClaimsFixture implements AutoCloseable {

    static final long ETHEREUM = 1;
    static final long BSC = 56;
    private static final ObjectMapper JSON = new ObjectMapper();

    final EventCodec codec = new EventCodec();
    private String lastSealEventId;
    private SnapshotSealed lastSeal;
    final KafkaCompanion kafka = new KafkaCompanion(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

    @Override
    public void close() {
        kafka.close();
    }

    /** Declares an incident with ETH (chain 1) and BNB (chain 56). */
    UUID declared() {
        return declared(null);
    }

    /** Declares an incident, its record keyed by {@code partitionKey} (same key: consumed after earlier records). */
    private UUID declared(UUID partitionKey) {
        UUID incidentId = UUID.randomUUID();
        publish(UUID.randomUUID().toString(), EventTypes.INCIDENT_DECLARED,
                partitionKey == null ? incidentId : partitionKey, incidentId, new IncidentDeclared()
                .withIncidentId(incidentId).withExchange("CoinEx").withTitle("Hot wallet breach " + incidentId)
                .withCutoffAt(OffsetDateTime.now(ZoneOffset.UTC).minusDays(1))
                .withAssets(List.of(
                        new IncidentDeclaredAsset().withSymbol("ETH").withChainId(ETHEREUM).withDecimals(18),
                        new IncidentDeclaredAsset().withSymbol("BNB").withChainId(BSC).withDecimals(18)))
                .withDeclaredBy("ian").withDeclaredAt(OffsetDateTime.now(ZoneOffset.UTC)));
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("incident where id = '" + incidentId + "'") == 1);
        return incidentId;
    }

    /** Declares and seals an incident and opens it for claims until tomorrow (the ledger's IncidentStateChanged). */
    UUID sealed(Map<String, Map<String, String>> balances) {
        UUID incidentId = sealedNotOpen(balances);
        stateChanged(incidentId, IncidentLifecycleState.SNAPSHOT_SEALED, IncidentLifecycleState.CLAIMS_OPEN,
                OffsetDateTime.now(ZoneOffset.UTC).plusDays(1));
        return incidentId;
    }

    /**
     * {@code count} incidents declared, sealed and opened for claims until tomorrow as {@link #sealed} does,
     * but each step's events published together and awaited together: what a benchmark needs by the hundred.
     */
    List<UUID> sealedMany(int count, Map<String, Map<String, String>> balances) {
        List<UUID> incidentIds = java.util.stream.Stream.generate(UUID::randomUUID).limit(count).toList();
        String inList = incidentIds.stream().map(id -> "'" + id + "'").collect(java.util.stream.Collectors.joining(","));
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        publishAll(incidentIds.stream().map(incidentId -> record(UUID.randomUUID().toString(), EventTypes.INCIDENT_DECLARED,
                incidentId, new IncidentDeclared()
                        .withIncidentId(incidentId).withExchange("CoinEx").withTitle("Hot wallet breach " + incidentId)
                        .withCutoffAt(now.minusDays(1))
                        .withAssets(List.of(
                                new IncidentDeclaredAsset().withSymbol("ETH").withChainId(ETHEREUM).withDecimals(18),
                                new IncidentDeclaredAsset().withSymbol("BNB").withChainId(BSC).withDecimals(18)))
                        .withDeclaredBy("ian").withDeclaredAt(now))).toList());
        await().atMost(Duration.ofSeconds(120)).until(() -> rows("incident where id in (" + inList + ")") == count);
        publishAll(incidentIds.stream().map(incidentId -> {
            UUID importId = UUID.randomUUID();
            standIn(incidentId, importId, balances, false);
            return record(UUID.randomUUID().toString(), EventTypes.SNAPSHOT_SEALED, incidentId, new SnapshotSealed()
                    .withIncidentId(incidentId).withImportId(importId).withMerkleRoot("0x" + "ab".repeat(32))
                    .withLeafEncoding(List.of("bytes32", "string", "uint256")).withRowCount(1L)
                    .withTotals(List.of(new SnapshotSealedTotal().withAsset("ETH").withTotal("1").withRows(1L)))
                    .withSealedBy("ian").withSealedAt(now));
        }).toList());
        await().atMost(Duration.ofSeconds(120))
                .until(() -> rows("sealed_snapshot where incident_id in (" + inList + ")") == count);
        publishAll(incidentIds.stream().map(incidentId -> record(UUID.randomUUID().toString(),
                EventTypes.INCIDENT_STATE_CHANGED, incidentId, new IncidentStateChanged()
                        .withIncidentId(incidentId).withPreviousState(IncidentLifecycleState.SNAPSHOT_SEALED)
                        .withState(IncidentLifecycleState.CLAIMS_OPEN)
                        .withChangedAt(now).withClaimsDeadline(now.plusDays(1)))).toList());
        await().atMost(Duration.ofSeconds(120))
                .until(() -> rows("incident where state = 'CLAIMS_OPEN' and id in (" + inList + ")") == count);
        return incidentIds;
    }

    /** Declares and seals an incident; the ledger stand-in holds {@code balances} (account -> asset -> amount). */
    UUID sealedNotOpen(Map<String, Map<String, String>> balances) {
        UUID incidentId = declared();
        UUID importId = UUID.randomUUID();
        standIn(incidentId, importId, balances, false);
        lastSealEventId = UUID.randomUUID().toString();
        lastSeal = new SnapshotSealed()
                .withIncidentId(incidentId).withImportId(importId).withMerkleRoot("0x" + "ab".repeat(32))
                .withLeafEncoding(List.of("bytes32", "string", "uint256")).withRowCount(1L)
                .withTotals(List.of(new SnapshotSealedTotal().withAsset("ETH").withTotal("1").withRows(1L)))
                .withSealedBy("ian").withSealedAt(OffsetDateTime.now(ZoneOffset.UTC));
        publish(lastSealEventId, EventTypes.SNAPSHOT_SEALED, incidentId, incidentId, lastSeal);
        await().atMost(Duration.ofSeconds(30))
                .until(() -> rows("sealed_snapshot where incident_id = '" + incidentId + "'") == 1);
        return incidentId;
    }

    /** The ledger moves the incident from {@code previous} to {@code state}; returns once claims-service took it in. */
    void stateChanged(UUID incidentId, IncidentLifecycleState previous, IncidentLifecycleState state,
                      OffsetDateTime claimsDeadline) {
        String eventId = UUID.randomUUID().toString();
        publish(eventId, EventTypes.INCIDENT_STATE_CHANGED, incidentId, incidentId, new IncidentStateChanged()
                .withIncidentId(incidentId).withPreviousState(previous).withState(state)
                .withChangedAt(OffsetDateTime.now(ZoneOffset.UTC)).withClaimsDeadline(claimsDeadline));
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("processed_event where event_id = '" + eventId + "'") == 1);
    }

    void standIn(UUID incidentId, UUID importId, Map<String, Map<String, String>> balances, boolean failing) {
        ObjectNode setup = JSON.createObjectNode().put("importId", importId.toString()).put("failing", failing);
        ObjectNode rows = setup.putObject("rows");
        balances.forEach((account, assets) -> assets.forEach((asset, amount) -> rows.withArray(account).addObject()
                .put("asset", asset).put("amount", amount).put("decimals", 18)));
        given().baseUri(ledgerUrl()).contentType(ContentType.JSON).body(setup.toString())
                .when().post("/stand-in/incidents/" + incidentId).then().statusCode(204);
    }

    /** The state the ledger stand-in reports for the incident on {@code GET /incidents/{id}} (else 404 there). */
    void stateAtLedger(UUID incidentId, IncidentLifecycleState state) {
        given().baseUri(ledgerUrl()).contentType(ContentType.TEXT).body(state.name())
                .when().post("/stand-in/incidents/" + incidentId + "/ledger-state").then().statusCode(204);
    }

    int ledgerCalls(UUID incidentId) {
        return Integer.parseInt(given().baseUri(ledgerUrl()).when().get("/stand-in/incidents/" + incidentId + "/calls")
                .then().statusCode(200).extract().asString());
    }

    private static String ledgerUrl() {
        return ConfigProvider.getConfig().getValue(LedgerStandIn.URL_PROPERTY, String.class);
    }

    /** Delivers the last seal again, as Kafka may, and returns once a later record of the same key was consumed. */
    void redeliverLastSeal(UUID incidentId) {
        publish(lastSealEventId, EventTypes.SNAPSHOT_SEALED, incidentId, incidentId, lastSeal);
        declared(incidentId);
    }

    /**
     * payout-service lists {@code address} on {@code chainId} for the incident (or, empty, for every incident) and
     * publishes it as it does; returns once claims-service took the change into its copy. The event id is returned.
     */
    String denylistChanged(DenylistChanged.Change change, long chainId, Optional<UUID> incidentId, String address) {
        String eventId = UUID.randomUUID().toString();
        redeliverDenylistChange(eventId, change, chainId, incidentId, address);
        return eventId;
    }

    /** Delivers a denylist change with a given event id (again, as Kafka may); returns once it was consumed. */
    void redeliverDenylistChange(String eventId, DenylistChanged.Change change, long chainId, Optional<UUID> incidentId,
                                 String address) {
        String key = chainId + ":" + address.toLowerCase(java.util.Locale.ROOT);
        DenylistChanged payload = new DenylistChanged().withChange(change).withChainId(chainId).withAddress(address)
                .withIncidentId(incidentId.orElse(null)).withReason("attacker address from the incident report")
                .withChangedAt(OffsetDateTime.now(ZoneOffset.UTC));
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.PAYOUT_DENYLIST, key, codec.encode(
                codec.wrap(eventId, EventTypes.DENYLIST_CHANGED, "/payout-service", Instant.now(), key, payload)));
        record.headers().add("content-type", EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(10));
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("processed_event where event_id = '" + eventId + "'") == 1);
    }

    private void publish(String eventId, String type, UUID partitionKey, UUID incidentId, Object payload) {
        EventEnvelope event = codec.wrap(eventId, type, "/ledger-service", Instant.now(),
                incidentId.toString(), payload);
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.LEDGER_INCIDENTS, partitionKey.toString(),
                codec.encode(event));
        record.headers().add("content-type", EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(10));
    }

    private ProducerRecord<String, String> record(String eventId, String type, UUID incidentId, Object payload) {
        ProducerRecord<String, String> record = new ProducerRecord<>(Topics.LEDGER_INCIDENTS, incidentId.toString(),
                codec.encode(codec.wrap(eventId, type, "/ledger-service", Instant.now(), incidentId.toString(), payload)));
        record.headers().add("content-type", EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private void publishAll(List<ProducerRecord<String, String>> records) {
        kafka.produceStrings().fromRecords(records).awaitCompletion(Duration.ofSeconds(120));
    }

    static String checksummed(ECKeyPair key) {
        return Keys.toChecksumAddress(Keys.getAddress(key));
    }

    /** The proof body, signed with {@code signer} as a wallet signs eth_signTypedData_v4 (typed data written out here). */
    static Map<String, Object> proof(UUID incidentId, String accountId, long chainId, String address, String nonce,
                                     long expiry, ECKeyPair signer) throws Exception {
        String typedData = """
                {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
                {"name":"chainId","type":"uint256"}],"PayoutAddressProof":[{"name":"incidentId","type":"string"},
                {"name":"accountId","type":"string"},{"name":"payoutAddress","type":"address"},
                {"name":"nonce","type":"uint256"},{"name":"expiry","type":"uint256"}]},
                "primaryType":"PayoutAddressProof","domain":{"name":"Restitution","version":"1","chainId":%d},
                "message":{"incidentId":"%s","accountId":"%s","payoutAddress":"%s","nonce":"%s","expiry":%d}}"""
                .formatted(chainId, incidentId, accountId, address, nonce, expiry);
        byte[] digest = new StructuredDataEncoder(typedData).hashStructuredData();
        Sign.SignatureData signature = Sign.signMessage(digest, signer, false);
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return Map.of("chainId", chainId, "address", address, "nonce", nonce, "expiry", expiry,
                "signature", Numeric.toHexString(bytes));
    }
}
