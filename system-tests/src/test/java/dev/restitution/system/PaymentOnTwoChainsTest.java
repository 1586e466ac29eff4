package dev.restitution.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.restitution.demo.DemoCase;
import dev.restitution.demo.DemoChain;
import dev.restitution.demo.DemoChains;
import dev.restitution.demo.DemoPayouts;
import dev.restitution.demo.DemoSnapshot;
import dev.restitution.demo.DemoWallets;
import dev.restitution.devstack.DemoUsers;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * One claim whose assets live on two chains, end to end through the real services: the demo incident holds ETH and
 * USDC on chain 31337 and USDT on chain 31338; alice proves a payout address on each chain, is approved, a round
 * entitles her, fiona batches per chain and asset, and payout-service pays on both anvil chains.
 */
class PaymentOnTwoChainsTest {

    private static final int ACCOUNTS = 20;
    private static final String[] ASSETS = {DemoCase.ETH, DemoCase.USDC, DemoCase.USDT};

    private static DemoPlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = DemoPlatform.start("two-chains");
    }

    @AfterAll
    static void stopPlatform() {
        DemoPlatform.stop(platform);
    }

    @Test
    void aClaimWithAssetsOnTwoChainsIsPaidOnEachChainToTheAddressProvenThereExactlyOnce() {
        // Why: an exchange's assets span chains; each line must reach the address proven for its chain, on that chain, once.
        DemoCase demo = platform.demo();
        DemoPayouts payouts = platform.payouts();
        DemoChains chains = platform.chains();
        String incidentId = demo.declareIncident("Two chains " + System.nanoTime());
        DemoSnapshot snapshot = demo.sealSnapshot(incidentId, ACCOUNTS);
        demo.openClaims(incidentId, Instant.now().plus(30, ChronoUnit.DAYS));
        String claimId = demo.claimAccepted(incidentId, DemoUsers.ALICE, DemoUsers.ALICE_ACCOUNT_ID);

        JsonNode claim = demo.claimAsClaimant(claimId, DemoUsers.ALICE);
        assertEquals("APPROVED", claim.get("status").asText());
        Map<Long, String> proven = new HashMap<>();
        claim.get("payoutAddresses").forEach(address ->
                proven.put(address.get("chainId").asLong(), address.get("address").asText()));
        assertEquals(Map.of(DemoChain.CHAIN_ID, addressOf(incidentId, DemoChain.CHAIN_ID),
                DemoChain.SECOND_CHAIN_ID, addressOf(incidentId, DemoChain.SECOND_CHAIN_ID)), proven,
                "one proven payout address per chain of alice's lines");

        demo.awaitApproved(incidentId, snapshot.balances().get(DemoUsers.ALICE_ACCOUNT_ID));
        demo.recordRecoveries(incidentId, 100);
        demo.startDistribution(incidentId);
        String roundId = demo.approveRound(incidentId);
        List<JsonNode> entitlements = demo.entitlements(roundId);
        assertEquals(ASSETS.length, entitlements.size(), "one entitlement per asset of alice's claim: " + entitlements);
        payouts.awaitInstructions(incidentId, entitlements.size());
        for (String asset : ASSETS) {
            JsonNode batch = payouts.approveBatch(incidentId, asset);
            assertEquals(DemoChains.chainOf(asset), batch.get("chainId").asLong(), asset + "'s batch is on its chain");
            payouts.awaitBatchPaid(batch.get("id").asText());
        }

        // On each chain, the address alice proved there holds exactly her entitlement in that chain's asset.
        Map<String, JsonNode> entitlementByLine = new HashMap<>();
        for (JsonNode entitlement : entitlements) {
            String asset = entitlement.get("assetSymbol").asText();
            String address = addressOf(incidentId, DemoChains.chainOf(asset));
            BigInteger amount = new BigInteger(entitlement.get("amount").asText());
            assertEquals(snapshot.of(DemoUsers.ALICE_ACCOUNT_ID, asset), amount, asset + " is covered in full");
            assertEquals(address, entitlement.get("payoutAddress").asText(), asset + " goes to the address of its chain");
            assertEquals(amount, chains.balance(asset, address), asset + " on chain " + DemoChains.chainOf(asset));
            entitlementByLine.put(entitlement.get("lineId").asText(), entitlement);
        }
        // USDT was paid on the second chain, not the first: alice's first-chain address holds none of it.
        assertEquals(BigInteger.ZERO, DemoChain.tokenBalance(chains.first().rpcUrl(), chains.first().usdt(),
                addressOf(incidentId, DemoChain.CHAIN_ID)));

        // Each payment is recorded once: payout-service paid each instruction once, on its asset's chain...
        List<JsonNode> instructions = payouts.instructions(incidentId);
        assertEquals(entitlements.size(), instructions.size(), instructions.toString());
        Map<String, String> txHashByLine = new HashMap<>();
        Set<String> paidEntitlements = new HashSet<>();
        for (JsonNode instruction : instructions) {
            String asset = instruction.get("assetSymbol").asText();
            assertEquals("PAID", instruction.get("state").asText(), asset + ": " + instruction);
            assertEquals(DemoChains.chainOf(asset), instruction.get("chainId").asLong(), asset);
            assertTrue(paidEntitlements.add(instruction.get("entitlementId").asText()), "one instruction per entitlement");
            txHashByLine.put(instruction.get("lineId").asText(), instruction.get("txHash").asText());
        }
        // ...and its reconciliation finds both chains agreeing with its records...
        JsonNode payoutReconciliation = payouts.reconciliation(incidentId);
        assertTrue(payoutReconciliation.get("consistent").asBoolean(), payoutReconciliation.toString());
        // ...the ledger booked each settlement once (paid equals the entitlement, not twice it)...
        demo.awaitEntitlementsPaid(roundId);
        JsonNode ledgerReconciliation = demo.reconciliation(incidentId);
        assertTrue(ledgerReconciliation.get("consistent").asBoolean(), ledgerReconciliation.toString());
        // ...and alice sees one payment per line: the transaction payout-service recorded, for the amount entitled.
        JsonNode paid = demo.awaitClaimPaid(claimId, DemoUsers.ALICE);
        for (JsonNode line : paid.get("lines")) {
            String lineId = line.get("id").asText();
            JsonNode payments = line.get("payments");
            assertEquals(1, payments.size(), line.get("asset").asText() + ": " + payments);
            assertEquals(txHashByLine.get(lineId), payments.get(0).get("txHash").asText());
            assertEquals(entitlementByLine.get(lineId).get("amount").asText(), payments.get(0).get("amount").asText());
        }
    }

    private static String addressOf(String incidentId, long chainId) {
        return org.web3j.crypto.Keys.toChecksumAddress(
                DemoWallets.payoutKey(incidentId, DemoUsers.ALICE_ACCOUNT_ID, chainId).getAddress());
    }
}
