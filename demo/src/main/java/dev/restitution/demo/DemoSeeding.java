package dev.restitution.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.restitution.devstack.DemoUsers;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The run command's demo case, seeded through the services' public APIs once they are ready: a hot-wallet breach of
 * {@value #ACCOUNTS} accounts with ETH and USDC on the first chain and USDT on the second; alice and
 * {@value #CROWD} more claimants accept their balances (approved automatically), bob disputes a line and waits in the
 * review queue; recoveries leave USDT short; finance approves a round and every batch of it, and each is paid. So
 * many recipients make the token batches cheaper through the BatchPayout contract than as plain transfers (a
 * handful already do: payout-service's gas model), so the demo's payments include contract calls; native coin to
 * fresh addresses stays cheaper as plain transactions.
 */
public final class DemoSeeding {

    public static final int ACCOUNTS = 3_000;
    /** Claimants besides alice and bob: accounts ACC-000003 on, each a Keycloak user of its own. */
    public static final int CROWD = 200;
    /** Claimants acting at once: enough to keep both cores busy, few enough not to queue at the services' pools. */
    static final int CONCURRENCY = 16;
    private static final int USDT_COVERAGE_PERCENT = 60;
    private static final String[] ASSETS = {DemoCase.ETH, DemoCase.USDC, DemoCase.USDT};

    /** A batch as paid: how its items went (through the contract or plainly) and the contract call that paid them. */
    public record PaidBatch(String id, String asset, long chainId, int itemCount, int contractItemCount,
                            int plainTransferCount, Optional<String> contractTransaction) {
    }

    /** The seeded case. */
    public record Seeded(String incidentId, String roundId, String aliceClaimId, String bobClaimId,
                         int approvedClaimants, List<PaidBatch> batches, Duration took) {

        /** The batches whose items were paid (in part) through the BatchPayout contract. */
        public List<PaidBatch> paidThroughContract() {
            return batches.stream().filter(batch -> batch.contractTransaction().isPresent()).toList();
        }
    }

    private final DemoChains chains;
    private final DemoCase demo;
    private final DemoPayouts payouts;
    private final DemoCrowd crowd;

    public DemoSeeding(ServiceEndpoints endpoints, DemoChains chains) {
        this.chains = Objects.requireNonNull(chains, "chains");
        this.demo = new DemoCase(endpoints, chains);
        this.payouts = new DemoPayouts(endpoints);
        this.crowd = new DemoCrowd(endpoints, demo, CONCURRENCY);
    }

    /**
     * Seeds the case and waits until every batch is paid; checks on the chain itself that each contract call named
     * by payout-service went to the chain's BatchPayout contract and succeeded.
     */
    public Seeded seed() {
        Instant started = Instant.now();
        List<DemoClaimant> claimants = DemoClaimant.ofAccounts(3, CROWD);
        // Keycloak registers them while the ledger seals the snapshot: the two work apart until the claimants sign in.
        CompletableFuture<Void> registered = CompletableFuture.runAsync(() -> crowd.register(claimants));
        String incidentId = demo.declareIncident("Hot wallet breach (demo)");
        DemoSnapshot snapshot = demo.sealSnapshot(incidentId, ACCOUNTS);
        demo.openClaims(incidentId, Instant.now().plus(30, ChronoUnit.DAYS));
        String aliceClaimId = demo.claimAccepted(incidentId, DemoUsers.ALICE, DemoUsers.ALICE_ACCOUNT_ID);
        String bobClaimId = demo.claimDisputed(incidentId, DemoUsers.BOB, DemoUsers.BOB_ACCOUNT_ID,
                BigInteger.valueOf(42_000_000_000L));
        awaitRegistration(registered);
        crowd.claimAccepted(incidentId, claimants);
        List<String> approvedAccounts = new ArrayList<>(List.of(DemoUsers.ALICE_ACCOUNT_ID));
        claimants.forEach(claimant -> approvedAccounts.add(claimant.accountId()));
        demo.awaitApproved(incidentId, totals(snapshot, approvedAccounts));
        demo.recordRecoveries(incidentId, USDT_COVERAGE_PERCENT);
        demo.startDistribution(incidentId);
        String roundId = demo.approveRound(incidentId);
        payouts.awaitInstructions(incidentId, demo.entitlements(roundId).size());
        List<JsonNode> approved = new ArrayList<>();
        for (String asset : ASSETS) {
            approved.addAll(payouts.approveAllBatches(incidentId, asset));
        }
        List<PaidBatch> paid = new ArrayList<>();
        for (JsonNode batch : approved) {
            paid.add(paidBatch(payouts.awaitBatchPaid(batch.get("id").asText())));
        }
        return new Seeded(incidentId, roundId, aliceClaimId, bobClaimId, approvedAccounts.size(), List.copyOf(paid),
                Duration.between(started, Instant.now()));
    }

    private static void awaitRegistration(CompletableFuture<Void> registered) {
        try {
            registered.join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw e;
        }
    }

    /** The sum per asset of what the accounts hold in the snapshot: what the ledger books once their claims are approved. */
    private static Map<String, BigInteger> totals(DemoSnapshot snapshot, List<String> accounts) {
        Map<String, BigInteger> totals = new LinkedHashMap<>();
        for (String asset : ASSETS) {
            totals.put(asset, accounts.stream().map(account -> snapshot.of(account, asset)).reduce(BigInteger.ZERO, BigInteger::add));
        }
        return totals;
    }

    private PaidBatch paidBatch(JsonNode batch) {
        String batchId = batch.get("id").asText();
        long chainId = batch.get("chainId").asLong();
        int contractItems = batch.get("contractItemCount").asInt();
        Optional<String> contractTransaction = contractItems == 0 ? Optional.empty() : payouts.contractTransaction(batchId);
        if (contractItems > 0 && contractTransaction.isEmpty()) {
            throw new IllegalStateException("batch " + batchId + " paid " + contractItems
                    + " items through the contract but names no transaction for them");
        }
        contractTransaction.ifPresent(txHash -> {
            DemoChain.Deployment chain = chainId == chains.first().chainId() ? chains.first() : chains.second();
            String called = ChainReceipts.calledAddress(chain.rpcUrl(), txHash);
            if (!called.equalsIgnoreCase(chain.batchPayout())) {
                throw new IllegalStateException("batch " + batchId + "'s contract payment " + txHash + " called " + called
                        + ", not the BatchPayout contract " + chain.batchPayout() + " of chain " + chainId);
            }
        });
        return new PaidBatch(batchId, batch.get("assetSymbol").asText(), chainId, batch.get("itemCount").asInt(),
                contractItems, batch.get("plainTransferCount").asInt(), contractTransaction);
    }
}
