package dev.restitution.ledger.recovery;

import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

import dev.restitution.contracts.events.ClaimApproved;
import dev.restitution.contracts.events.ClaimApprovedLine;
import dev.restitution.contracts.events.PayoutSettled;
import dev.restitution.contracts.events.PayoutSettledItem;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.smallrye.reactive.messaging.kafka.companion.KafkaCompanion;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.eclipse.microprofile.config.ConfigProvider;
import org.web3j.crypto.Keys;

/**
 * What the recovery, round, reconciliation and audit tests set up through the real service: a fresh
 * incident each, bookings through the API, and events on Kafka exactly as the other services'
 * outbox relays publish them.
 */
public final class LedgerFixtures implements AutoCloseable {

    private static final SecureRandom RANDOM = new SecureRandom();

    private final EventCodec codec = new EventCodec();
    private final KafkaCompanion kafka = new KafkaCompanion(
            ConfigProvider.getConfig().getValue("kafka.bootstrap.servers", String.class));

    @Override
    public void close() {
        kafka.close();
    }

    public KafkaCompanion kafka() {
        return kafka;
    }

    /** A new incident with these assets, each the native coin of its own chain (chain ids 1000, 1001, ...). */
    public static UUID declareIncident(String... assets) {
        StringBuilder declared = new StringBuilder();
        for (int index = 0; index < assets.length; index++) {
            declared.append(index == 0 ? "" : ",").append("{\"symbol\": \"").append(assets[index])
                    .append("\", \"chainId\": ").append(1000 + index).append(", \"decimals\": 6}");
        }
        String id = given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body("""
                        {"exchange": "CoinEx", "title": "Recovery %s", "cutoffAt": "%s", "assets": [%s]}"""
                        .formatted(System.nanoTime(), Instant.now().minus(1, ChronoUnit.HOURS), declared))
                .when().post("/incidents")
                .then().statusCode(201).extract().path("id");
        return UUID.fromString(id);
    }

    /** What each account of a fixture snapshot holds: more than any test approves, so no claim exceeds the snapshot. */
    public static final String SNAPSHOT_AMOUNT = "1000000000000000000000000";

    /**
     * Walks a DECLARED incident to DISTRIBUTING as its lifecycle demands: a snapshot of one row of
     * {@link #SNAPSHOT_AMOUNT} per asset imported and sealed, claims opened (bar date in 30 days) and
     * closed. Rounds are proposed and approved only then.
     */
    public static void startDistributing(UUID incidentId) {
        List<String> assets = given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/" + incidentId)
                .then().statusCode(200).extract().path("assets.symbol");
        StringBuilder csv = new StringBuilder("account_id,asset,amount\n");
        assets.forEach(asset -> csv.append("ACC-SNAPSHOT,").append(asset).append(',').append(SNAPSHOT_AMOUNT).append('\n'));
        String importId = UUID.randomUUID().toString();
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType("text/csv").body(csv.toString())
                .when().put("/incidents/" + incidentId + "/snapshot/imports/" + importId).then().statusCode(201);
        given().auth().oauth2(tokenFor(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body("{\"importId\": \"" + importId + "\"}")
                .when().post("/incidents/" + incidentId + "/snapshot/seal").then().statusCode(200);
        moveIncident(incidentId, DemoUsers.IAN, "CLAIMS_OPEN",
                ", \"claimsDeadline\": \"" + Instant.now().plus(30, ChronoUnit.DAYS) + "\"");
        moveIncident(incidentId, DemoUsers.IAN, "CLAIMS_CLOSED", "");
        moveIncident(incidentId, DemoUsers.FIONA, "DISTRIBUTING", "");
    }

    /** Moves the incident to {@code to} as {@code user}; {@code extra} is appended as further JSON members. */
    public static void moveIncident(UUID incidentId, String user, String to, String extra) {
        given().auth().oauth2(tokenFor(user)).contentType(ContentType.JSON)
                .body("{\"to\": \"" + to + "\", \"reason\": \"test step\"" + extra + "}")
                .when().post("/incidents/" + incidentId + "/transitions").then().statusCode(200);
    }

    /** A fresh, EIP-55 checksummed address. */
    public static String address() {
        byte[] bytes = new byte[20];
        RANDOM.nextBytes(bytes);
        return Keys.toChecksumAddress("0x" + HexFormat.of().formatHex(bytes));
    }

    public static String txHash() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    /** The request body of a booking; {@code extra} is appended as further JSON members. */
    public static String booking(String asset, String kind, String amount, String extra) {
        return """
                {"assetSymbol": "%s", "kind": "%s", "amount": "%s", "reason": "test booking"%s}"""
                .formatted(asset, kind, amount, extra.isEmpty() ? "" : ", " + extra);
    }

    /** Books through the API as fiona (finance-operator) and returns the transfer id. */
    public static String book(UUID incidentId, String asset, String kind, long amount) {
        String extra = switch (kind) {
            case "FROZEN_BY_COUNTERPARTY", "RELEASED_BY_COUNTERPARTY", "FREEZE_LOST" -> "\"counterparty\": \"Binance\"";
            case "RECOVERED_ON_CHAIN" -> "\"txHash\": \"" + txHash() + "\"";
            default -> "";
        };
        return given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(booking(asset, kind, Long.toString(amount), extra))
                .when().post("/incidents/" + incidentId + "/recoveries")
                .then().statusCode(201).extract().path("id");
    }

    /** One line of a ClaimApproved event. */
    public record Line(UUID lineId, String asset, BigInteger amount, String payoutAddress) {
        public static Line of(String asset, long amount) {
            return new Line(UUID.randomUUID(), asset, BigInteger.valueOf(amount), address());
        }
    }

    /** Publishes ClaimApproved for a new claim as claims-service's relay would; returns the event id. */
    public UUID approveClaim(UUID incidentId, Line... lines) {
        UUID eventId = UUID.randomUUID();
        publishClaimApproved(eventId, UUID.randomUUID(), incidentId, List.of(lines));
        return eventId;
    }

    /** Publishes ClaimApproved for a new claim of exchange account {@code accountId}; returns the event id. */
    public UUID approveClaimOf(UUID incidentId, String accountId, Line... lines) {
        UUID eventId = UUID.randomUUID();
        publishClaimApproved(eventId, UUID.randomUUID(), incidentId, accountId, List.of(lines));
        return eventId;
    }

    public void publishClaimApproved(UUID eventId, UUID claimId, UUID incidentId, List<Line> lines) {
        publishClaimApproved(eventId, claimId, incidentId, "ACC-" + claimId.toString().substring(0, 8), lines);
    }

    private void publishClaimApproved(UUID eventId, UUID claimId, UUID incidentId, String accountId, List<Line> lines) {
        List<ClaimApprovedLine> payloadLines = new ArrayList<>();
        for (Line line : lines) {
            payloadLines.add(new ClaimApprovedLine().withLineId(line.lineId()).withAssetSymbol(line.asset())
                    .withApprovedAmount(line.amount().toString()).withPayoutAddress(line.payoutAddress()));
        }
        ClaimApproved payload = new ClaimApproved().withClaimId(claimId).withIncidentId(incidentId)
                .withAccountId(accountId).withLines(payloadLines);
        publish(Topics.CLAIMS_CLAIMS, codec.wrap(eventId.toString(), EventTypes.CLAIM_APPROVED, "/claims-service",
                Instant.now(), claimId.toString(), payload));
    }

    /** Publishes PayoutSettled as payout-service's relay would. */
    public void publishPayoutSettled(UUID eventId, UUID batchId, UUID incidentId, long chainId,
                                     Map<UUID, BigInteger> items) {
        publishPayoutSettled(eventId, batchId, incidentId, chainId, items, batchId.toString());
    }

    /** As above, on the partition of {@code partitionKey}: records of one key are consumed in order. */
    public void publishPayoutSettled(UUID eventId, UUID batchId, UUID incidentId, long chainId,
                                     Map<UUID, BigInteger> items, String partitionKey) {
        publishPayoutSettled(eventId, batchId, incidentId, chainId, items, partitionKey, txHash());
    }

    /** As above, for the on-chain transaction {@code txHash} (one batch may settle in several). */
    public void publishPayoutSettled(UUID eventId, UUID batchId, UUID incidentId, long chainId,
                                     Map<UUID, BigInteger> items, String partitionKey, String txHash) {
        List<PayoutSettledItem> payloadItems = items.entrySet().stream().map(item -> new PayoutSettledItem()
                .withEntitlementId(item.getKey()).withAmount(item.getValue().toString())).toList();
        PayoutSettled payload = new PayoutSettled().withBatchId(batchId).withIncidentId(incidentId).withChainId(chainId)
                .withTxHash(txHash).withBlockNumber(1234L).withItems(payloadItems);
        publish(Topics.PAYOUT_PAYOUTS, codec.wrap(eventId.toString(), EventTypes.PAYOUT_SETTLED, "/payout-service",
                Instant.now(), batchId.toString(), payload), partitionKey);
    }

    /** The record exactly as an outbox relay sends it: key = subject, structured CloudEvents content type. */
    public void publish(String topic, EventEnvelope event) {
        publish(topic, event, event.subject());
    }

    private void publish(String topic, EventEnvelope event, String key) {
        ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, codec.encode(event));
        record.headers().add("content-type", EventEnvelope.STRUCTURED_CONTENT_TYPE.getBytes(StandardCharsets.UTF_8));
        kafka.produceStrings().fromRecords(record).awaitCompletion(Duration.ofSeconds(10));
    }

    /** Waits until ledger-service recorded {@code eventId} as processed. */
    public static void awaitProcessed(UUID eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> rows("processed_event where event_id = '" + eventId + "'") == 1);
    }

    /** The accounts of the incident as an auditor sees them. */
    public static JsonPath accounts(UUID incidentId) {
        return given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/" + incidentId + "/accounts")
                .then().statusCode(200).extract().jsonPath();
    }

    public static String balance(UUID incidentId, String asset, String account) {
        return accounts(incidentId).getString("items.find { it.assetSymbol == '" + asset + "' && it.account == '"
                + account + "' }.balance");
    }

    /** Proposes a round as fiona (finance-operator); returns its id. */
    public static String proposeRound(UUID incidentId) {
        return given().auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body("{\"note\": \"funds are in\"}")
                .when().post("/incidents/" + incidentId + "/rounds")
                .then().statusCode(201).extract().path("id");
    }

    /** Approves a round as frank (finance-approver). */
    public static JsonPath approveRound(String roundId) {
        return given().auth().oauth2(tokenFor(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body("{\"reason\": \"checked against the bank statement\"}")
                .when().post("/rounds/" + roundId + "/approval")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Every entitlement of a round as the API shows it (id, lineId, amount, paid, ...), by line id, paging through. */
    public static Map<UUID, Map<String, Object>> entitlements(String roundId) {
        Map<UUID, Map<String, Object>> byLine = new HashMap<>();
        String after = null;
        while (true) {
            var request = given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParam("limit", 200);
            if (after != null) {
                request = request.queryParam("after", after);
            }
            List<Map<String, Object>> items = request.when().get("/rounds/" + roundId + "/entitlements")
                    .then().statusCode(200).extract().jsonPath().getList("items");
            if (items.isEmpty()) {
                return byLine;
            }
            items.forEach(item -> byLine.put(UUID.fromString((String) item.get("lineId")), item));
            after = (String) items.getLast().get("id");
        }
    }

    /** Runs SQL in a transaction of its own, as someone with direct database access would. */
    /** The Keycloak subject id of a demo user, as services record it beside the user name. */
    public static String subjectOf(String username) {
        return dev.restitution.devstack.Tokens.claims(tokenFor(username)).path("sub").asText();
    }

    public static int sql(String statement) {
        return QuarkusTransaction.requiringNew().call(() ->
                Panache.getEntityManager().createNativeQuery(statement).executeUpdate());
    }
}
