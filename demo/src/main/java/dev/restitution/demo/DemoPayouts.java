package dev.restitution.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.Tokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The demo case's payout phase at payout-service, as finance and the auditor work it: the instructions a round
 * issued, batches per chain and asset proposed by fiona and approved by frank (and fay when needed), their payment,
 * and payout-service's reconciliation against the chains.
 */
public final class DemoPayouts {

    /** How long service-to-service events and payments may take before a step gives up. */
    private static final Duration EVENT_WAIT = Duration.ofSeconds(60);
    /** The demo's incidents hold a handful of instructions per claim: one page of the largest size reads them all. */
    private static final int PAGE_LIMIT = 200;
    /** Hundreds of claimants fill a few batches per asset (payout-service's default: 200 items each). */
    private static final int MAX_BATCHES_PER_ASSET = 20;

    private final ServiceEndpoints endpoints;
    private final Api api = new Api();

    public DemoPayouts(ServiceEndpoints endpoints) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
    }

    /** Waits until payout-service holds {@code count} payout instructions of the incident (from EntitlementIssued). */
    public void awaitInstructions(String incidentId, int count) {
        String fiona = token(DemoUsers.FIONA);
        Waits.until(EVENT_WAIT, count + " payout instructions", () -> {
            int total = api.get(endpoints.payout() + "/instructions?incidentId=" + incidentId + "&limit=1", fiona)
                    .get("total").asInt();
            return total >= count ? total : null;
        });
    }

    /** The incident's payout instructions as the auditor reads them (at most one page of {@value #PAGE_LIMIT}). */
    public List<JsonNode> instructions(String incidentId) {
        JsonNode page = api.get(endpoints.payout() + "/instructions?incidentId=" + incidentId + "&limit=" + PAGE_LIMIT,
                token(DemoUsers.AUDREY));
        if (page.get("total").asInt() > PAGE_LIMIT) {
            throw new IllegalStateException("incident " + incidentId + " holds more than " + PAGE_LIMIT + " instructions");
        }
        List<JsonNode> instructions = new ArrayList<>();
        page.get("items").forEach(instructions::add);
        return instructions;
    }

    /**
     * fiona proposes a batch of the incident's pending instructions for asset on the asset's chain; frank approves
     * exactly its hash, and fay too when its total needs two approvers. Answers the batch as approved.
     */
    public JsonNode approveBatch(String incidentId, String asset) {
        return approve(propose(incidentId, asset, "demo-batch-" + incidentId + "-" + asset)
                .orElseThrow(() -> new IllegalStateException("no pending " + asset + " instruction to batch")));
    }

    /**
     * Batches every pending instruction of the incident in asset: fiona proposes batches (each as large as
     * payout-service's limits allow) until none is left to batch, each approved as {@link #approveBatch} approves.
     * Answers the batches as approved, in proposal order.
     */
    public List<JsonNode> approveAllBatches(String incidentId, String asset) {
        List<JsonNode> batches = new ArrayList<>();
        while (true) {
            if (batches.size() == MAX_BATCHES_PER_ASSET) {
                throw new IllegalStateException("more than " + MAX_BATCHES_PER_ASSET + " batches of " + asset + " to approve");
            }
            Optional<JsonNode> batch = propose(incidentId, asset,
                    "demo-batch-" + incidentId + "-" + asset + "-" + (batches.size() + 1));
            if (batch.isEmpty()) {
                return batches;
            }
            batches.add(approve(batch.get()));
        }
    }

    /** The batch fiona proposes under the key; empty when payout-service has nothing of asset left to batch. */
    private Optional<JsonNode> propose(String incidentId, String asset, String idempotencyKey) {
        try {
            return Optional.of(api.post(endpoints.payout() + "/batches", token(DemoUsers.FIONA),
                    Map.of("incidentId", incidentId, "chainId", DemoChains.chainOf(asset), "assetSymbol", asset),
                    Set.of(200, 201), Map.of("Idempotency-Key", idempotencyKey)).get("batch"));
        } catch (Api.ApiException refused) {
            if (refused.isProblem(409, "nothing-to-batch")) {
                return Optional.empty();
            }
            throw refused;
        }
    }

    private JsonNode approve(JsonNode batch) {
        String batchId = batch.get("id").asText();
        Map<String, String> approval = Map.of("itemsHash", batch.get("itemsHash").asText());
        JsonNode approved = api.post(endpoints.payout() + "/batches/" + batchId + "/approvals", token(DemoUsers.FRANK),
                approval, 200).get("batch");
        if (!"APPROVED".equals(approved.get("state").asText())) {
            approved = api.post(endpoints.payout() + "/batches/" + batchId + "/approvals", token(DemoUsers.FAY),
                    approval, 200).get("batch");
        }
        return approved;
    }

    /**
     * The transaction payout-service recorded as paying the batch's BatchPayout items (every such item of a batch is
     * paid by one contract call); empty when the batch paid none through the contract. The batch must be PAID.
     */
    public Optional<String> contractTransaction(String batchId) {
        String auditor = token(DemoUsers.AUDREY);
        JsonNode detail = api.get(endpoints.payout() + "/batches/" + batchId + "?limit=" + PAGE_LIMIT, auditor);
        Set<String> contractItems = new HashSet<>();
        detail.get("items").forEach(item -> {
            if ("BATCH_CONTRACT".equals(item.get("method").asText())) {
                contractItems.add(item.get("instructionId").asText());
            }
        });
        JsonNode instructions = api.get(endpoints.payout() + "/instructions?batchId=" + batchId + "&limit=" + PAGE_LIMIT,
                auditor);
        for (JsonNode instruction : instructions.get("items")) {
            if (contractItems.contains(instruction.get("id").asText())) {
                return Optional.of(instruction.get("txHash").asText());
            }
        }
        return Optional.empty();
    }

    /** Waits until the batch is paid on chain and confirmed; a failed batch stops the caller with its state. */
    public JsonNode awaitBatchPaid(String batchId) {
        String auditor = token(DemoUsers.AUDREY);
        return Waits.until(EVENT_WAIT, "batch " + batchId + " to be paid", () -> {
            JsonNode batch = api.get(endpoints.payout() + "/batches/" + batchId + "?limit=1", auditor).get("batch");
            String state = batch.get("state").asText();
            if ("FAILED".equals(state) || "CANCELLED".equals(state)) {
                throw new IllegalStateException("batch " + batchId + " ended " + state + ": " + batch);
            }
            return "PAID".equals(state) ? batch : null;
        });
    }

    /** payout-service's reconciliation of the incident's payouts against the chains, as the auditor reads it. */
    public JsonNode reconciliation(String incidentId) {
        return api.get(endpoints.payout() + "/reconciliation?incidentId=" + incidentId, token(DemoUsers.AUDREY));
    }

    private String token(String username) {
        return Tokens.forDemoUser(endpoints.realmUrl(), username);
    }
}
