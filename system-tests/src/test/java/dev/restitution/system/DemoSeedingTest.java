package dev.restitution.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.restitution.demo.DemoCase;
import dev.restitution.demo.DemoChain;
import dev.restitution.demo.DemoSeeding;
import dev.restitution.devstack.DemoUsers;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

/**
 * The run command's demo case, seeded as {@code ./restitution run} seeds it: hundreds of claimants registered in
 * Keycloak and claiming through claims-service, a round, every batch approved and paid; the token batches go through
 * the BatchPayout contract, which the chain itself confirms.
 */
class DemoSeedingTest {

    private static DemoPlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = DemoPlatform.start("demo-seeding");
    }

    @AfterAll
    static void stopPlatform() {
        DemoPlatform.stop(platform);
    }

    @Test
    void theDemoPaysHundredsOfClaimantsWithItsTokenBatchesThroughTheBatchPayoutContract() throws IOException {
        // Why: the demo is where the contract path is seen running; a round too small for it would pay by plain transfers only.
        DemoSeeding.Seeded seeded = new DemoSeeding(platform.endpoints(), platform.chains()).seed();

        assertEquals(DemoSeeding.CROWD + 1, seeded.approvedClaimants(), "alice and the crowd are approved");
        List<JsonNode> entitlements = platform.demo().entitlements(seeded.roundId());
        long entitledAccounts = entitlements.stream().map(e -> e.get("accountId").asText()).distinct().count();
        assertEquals(DemoSeeding.CROWD + 1, entitledAccounts, "every approved claimant is entitled in the round");
        List<DemoSeeding.PaidBatch> throughContract = seeded.paidThroughContract();
        assertFalse(throughContract.isEmpty(), "at least one batch is paid through BatchPayout: " + seeded.batches());
        for (DemoSeeding.PaidBatch batch : seeded.batches()) {
            if (DemoCase.ETH.equals(batch.asset())) {
                // Native coin to fresh addresses is cheaper as plain transactions: the planner keeps it out of the contract.
                assertEquals(batch.itemCount(), batch.plainTransferCount(), batch.toString());
            } else {
                assertEquals(batch.itemCount(), batch.contractItemCount(), "every token item in the contract: " + batch);
            }
        }
        for (DemoSeeding.PaidBatch batch : throughContract) {
            DemoChain.Deployment chain = batch.chainId() == DemoChain.CHAIN_ID ? platform.chains().first()
                    : platform.chains().second();
            TransactionReceipt receipt = receipt(chain.rpcUrl(), batch.contractTransaction().orElseThrow());
            assertTrue(receipt.isStatusOK(), receipt.toString());
            assertTrue(chain.batchPayout().equalsIgnoreCase(receipt.getTo()),
                    "the chain shows the call to BatchPayout " + chain.batchPayout() + ": " + receipt);
        }

        platform.demo().awaitEntitlementsPaid(seeded.roundId());
        JsonNode reconciliation = platform.demo().reconciliation(seeded.incidentId());
        assertTrue(reconciliation.get("consistent").asBoolean(), reconciliation.toString());
        JsonNode bobs = platform.demo().claimAsClaimant(seeded.bobClaimId(), DemoUsers.BOB);
        assertEquals("UNDER_REVIEW", bobs.get("status").asText(), "bob's dispute waits in the review queue");
    }

    private static TransactionReceipt receipt(String rpcUrl, String txHash) throws IOException {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            return web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt()
                    .orElseThrow(() -> new AssertionError("the chain has no receipt of " + txHash));
        } finally {
            web3j.shutdown();
        }
    }
}
