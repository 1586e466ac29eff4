package dev.restitution.portal.claimant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.contracts.claims.client.ClaimsApi;
import dev.restitution.contracts.claims.client.IncidentsApi;
import dev.restitution.contracts.claims.model.Claim;
import dev.restitution.contracts.claims.model.ClaimLine;
import dev.restitution.contracts.claims.model.ClaimableIncident;
import dev.restitution.contracts.claims.model.LineEntitlement;
import dev.restitution.contracts.claims.model.LinePayment;
import dev.restitution.contracts.claims.model.PayoutAddress;
import dev.restitution.contracts.ledger.client.RoundsApi;
import dev.restitution.contracts.ledger.client.SnapshotApi;
import dev.restitution.contracts.ledger.model.AccountEntitlements;
import dev.restitution.contracts.ledger.model.AccountSnapshot;
import dev.restitution.portal.web.ServiceCalls;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Clock;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.eclipse.microprofile.rest.client.inject.RestClient;

/**
 * The signed-in claimant's proof file (format {@value #FORMAT}, contracts/docs/verification.md): everything the
 * exchange says about them that an outsider can check against the chain. Their balance proof as the ledger
 * answers it, each round's entitlement proof, the on-chain commitments of both (when published), and every payment
 * made to them with its transaction, asset, recipient and amount. Assembled from the services' answers to the
 * claimant's own token; nothing in it is computed by the portal.
 */
@ApplicationScoped
public class ProofFiles {

    public static final String FORMAT = "restitution-proof/1";
    /** The claimant's incidents are looked for among this many (claims-service's page; a claimant has few). */
    static final int INCIDENT_LIMIT = 50;

    private final SnapshotApi snapshots;
    private final RoundsApi rounds;
    private final ClaimsApi claims;
    private final IncidentsApi incidents;
    private final ObjectMapper json;
    private final Clock clock;

    public ProofFiles(@RestClient SnapshotApi snapshots, @RestClient RoundsApi rounds, @RestClient ClaimsApi claims,
            @RestClient IncidentsApi incidents, ObjectMapper json) {
        this.snapshots = snapshots;
        this.rounds = rounds;
        this.claims = claims;
        this.incidents = incidents;
        this.json = json;
        this.clock = Clock.systemUTC();
    }

    /** The proof file of the caller for the incident; the ledger's 404 when the snapshot holds nothing of theirs. */
    public ObjectNode of(UUID incidentId) {
        AccountSnapshot snapshot = ServiceCalls.ledger(() -> snapshots.getMySnapshotEntries(incidentId));
        Optional<Claim> claim = myClaim(incidentId);
        List<AccountEntitlements> entitlements = claim.map(this::entitlementsOf).orElse(List.of());
        ObjectNode file = json.createObjectNode();
        file.put("format", FORMAT);
        file.put("incidentId", incidentId.toString());
        title(incidentId).ifPresent(title -> file.put("title", title));
        file.put("accountId", snapshot.getAccountId());
        file.put("downloadedAt", clock.instant().toString());
        ObjectNode snapshotNode = file.putObject("snapshot");
        JsonNode ledgerSnapshot = json.valueToTree(snapshot);
        for (String field : List.of("merkleRoot", "leafEncoding", "leafFormat", "entries", "commitment")) {
            copy(ledgerSnapshot, field, snapshotNode);
        }
        ArrayNode roundNodes = file.putArray("rounds");
        for (AccountEntitlements round : entitlements) {
            JsonNode ledgerRound = json.valueToTree(round);
            ObjectNode roundNode = roundNodes.addObject();
            for (String field : List.of("roundId", "roundNumber", "entitlementRoot", "leafFormat", "leafEncoding", "entries",
                    "commitment")) {
                copy(ledgerRound, field, roundNode);
            }
        }
        ArrayNode payments = file.putArray("payments");
        claim.ifPresent(found -> payments(found, entitlements).forEach(payments::add));
        ObjectNode contracts = file.putObject("contracts");
        commitmentContracts(file).forEach((chainId, contract) -> contracts.putObject(chainId).put("commitments", contract));
        return file;
    }

    /** The caller's entitlements in each round that entitled one of their lines, by round number. */
    private List<AccountEntitlements> entitlementsOf(Claim claim) {
        return claim.getLines().stream().flatMap(line -> entitlements(line).stream())
                .map(LineEntitlement::getRoundId).filter(Objects::nonNull).distinct()
                .map(roundId -> ServiceCalls.ledger(() -> rounds.getMyRoundEntitlements(roundId)))
                .sorted(Comparator.comparing(AccountEntitlements::getRoundNumber))
                .toList();
    }

    /**
     * Each settled payment: the chain, transaction and amount claims-service recorded, the asset and recipient of the
     * entitlement it paid (for entitlements recorded without them: the asset the round's proof names, the address the
     * claimant proved on that chain).
     */
    private List<ObjectNode> payments(Claim claim, List<AccountEntitlements> entitlements) {
        Map<UUID, String> assetOfEntitlement = new LinkedHashMap<>();
        entitlements.forEach(round -> round.getEntries().forEach(
                entry -> assetOfEntitlement.put(entry.getEntitlementId(), entry.getAssetId())));
        return claim.getLines().stream().flatMap(line -> line.getPayments() == null ? Stream.<ObjectNode>empty()
                : line.getPayments().stream().map(payment -> payment(claim, line, payment, assetOfEntitlement))).toList();
    }

    private ObjectNode payment(Claim claim, ClaimLine line, LinePayment payment, Map<UUID, String> assetOfEntitlement) {
        Optional<LineEntitlement> entitlement = entitlements(line).stream()
                .filter(candidate -> candidate.getEntitlementId().equals(payment.getEntitlementId())).findFirst();
        ObjectNode node = json.createObjectNode();
        node.put("chainId", line.getChainId());
        node.put("txHash", payment.getTxHash());
        node.put("blockNumber", payment.getBlockNumber());
        entitlement.map(LineEntitlement::getAssetId).or(() -> Optional.ofNullable(assetOfEntitlement.get(payment.getEntitlementId())))
                .ifPresent(asset -> node.put("asset", asset));
        entitlement.map(LineEntitlement::getPayoutAddress).or(() -> claim.getPayoutAddresses().stream()
                        .filter(address -> address.getChainId().equals(line.getChainId())).map(PayoutAddress::getAddress).findFirst())
                .ifPresent(recipient -> node.put("recipient", recipient));
        node.put("amount", payment.getAmount());
        node.put("batchId", payment.getBatchId().toString());
        node.put("entitlementId", payment.getEntitlementId().toString());
        return node;
    }

    private static List<LineEntitlement> entitlements(ClaimLine line) {
        return line.getEntitlements() == null ? List.of() : line.getEntitlements();
    }

    /** The commitment contract of each chain the file's commitments are on. */
    private static Map<String, String> commitmentContracts(ObjectNode file) {
        Map<String, String> contracts = new LinkedHashMap<>();
        Stream.concat(Stream.of(file.get("snapshot")),
                        StreamSupport.stream(file.get("rounds").spliterator(), false))
                .map(node -> node.get("commitment")).filter(Objects::nonNull)
                .forEach(commitment -> contracts.putIfAbsent(commitment.get("chainId").asText(), commitment.get("contract").asText()));
        return contracts;
    }

    private static void copy(JsonNode from, String field, ObjectNode to) {
        if (from.hasNonNull(field)) {
            to.set(field, from.get(field));
        }
    }

    private Optional<Claim> myClaim(UUID incidentId) {
        return ServiceCalls.unlessNotFound(() -> ServiceCalls.claims(() -> claims.getMyClaim(incidentId)));
    }

    private Optional<String> title(UUID incidentId) {
        return ServiceCalls.claims(() -> incidents.listIncidents(INCIDENT_LIMIT, 0)).getItems().stream()
                .filter(incident -> incident.getId().equals(incidentId)).map(ClaimableIncident::getTitle).findFirst();
    }
}
