package dev.restitution.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.restitution.demo.DemoCase;
import dev.restitution.demo.DemoChains;
import dev.restitution.demo.DemoPayouts;
import dev.restitution.demo.DemoSnapshot;
import dev.restitution.demo.DemoWallets;
import dev.restitution.devstack.DemoUsers;
import java.math.BigInteger;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The whole money path on real infrastructure, with the three services as processes: a sealed snapshot,
 * an accepted claim and a disputed one decided by two reviewers, recoveries short in USDT, a round, batches
 * proposed and approved by different people and paid on both anvil chains (USDT lives on the second); then the
 * ledger, claims, the chains and the reconciliation must all agree, every recipient holding exactly its
 * entitlement. Once straight through, once with payout-service killed right after the approvals.
 */
class MoneyPathTest {

    private static final String[] ASSETS = {DemoCase.ETH, DemoCase.USDC, DemoCase.USDT};
    private static final int ACCOUNTS = 300;
    private static final int USDT_COVERAGE_PERCENT = 60;

    private static DemoPlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = DemoPlatform.start("money-path");
    }

    @AfterAll
    static void stopPlatform() {
        DemoPlatform.stop(platform);
    }

    @Test
    void everyRecipientHoldsExactlyItsEntitlementAndEveryBookAgrees() {
        // Why: this is the product's promise end to end: what the ledger entitles is what lands on chain, once.
        walkTheMoneyPath("Money path " + System.nanoTime(), false);
    }

    @Test
    void aPayoutServiceKilledAfterApprovalStillPaysEachRecipientExactlyOnce() {
        // Why: a crash between approval and confirmation must neither lose a payment nor make a second one.
        walkTheMoneyPath("Money path with a crash " + System.nanoTime(), true);
    }

    private static void walkTheMoneyPath(String title, boolean crashAfterApproval) {
        DemoCase demo = platform.demo();
        DemoPayouts payouts = platform.payouts();
        String incidentId = demo.declareIncident(title);
        DemoSnapshot snapshot = demo.sealSnapshot(incidentId, ACCOUNTS);
        demo.openClaims(incidentId, Instant.now().plus(30, ChronoUnit.DAYS));
        String aliceClaim = demo.claimAccepted(incidentId, DemoUsers.ALICE, DemoUsers.ALICE_ACCOUNT_ID);
        BigInteger believed = BigInteger.valueOf(42_000_000_000L);
        String bobClaim = demo.claimDisputed(incidentId, DemoUsers.BOB, DemoUsers.BOB_ACCOUNT_ID, believed);
        BigInteger granted = BigInteger.valueOf(41_000_000_000L);
        assertEquals("APPROVED", demo.decideDispute(bobClaim, granted));
        assertEquals("APPROVED", demo.claimAsClaimant(aliceClaim, DemoUsers.ALICE).get("status").asText());

        Map<String, BigInteger> approved = new HashMap<>();
        for (String asset : ASSETS) {
            BigInteger bobs = DemoCase.USDC.equals(asset) ? granted : snapshot.of(DemoUsers.BOB_ACCOUNT_ID, asset);
            approved.put(asset, snapshot.of(DemoUsers.ALICE_ACCOUNT_ID, asset).add(bobs));
        }
        demo.awaitApproved(incidentId, approved);
        demo.recordRecoveries(incidentId, USDT_COVERAGE_PERCENT);
        demo.startDistribution(incidentId);
        String roundId = demo.approveRound(incidentId);
        List<JsonNode> entitlements = demo.entitlements(roundId);
        assertEquals(6, entitlements.size(), "three assets for each of the two approved claims: " + entitlements);
        payouts.awaitInstructions(incidentId, entitlements.size());

        List<String> batches = new ArrayList<>();
        for (String asset : ASSETS) {
            batches.add(payouts.approveBatch(incidentId, asset).get("id").asText());
        }
        if (crashAfterApproval) {
            platform.platform().crashAndRestart("payout");
        }
        batches.forEach(payouts::awaitBatchPaid);

        // Every recipient holds exactly what it is entitled to, per asset on the asset's chain: paid once, not twice, not less.
        for (JsonNode entitlement : entitlements) {
            String account = entitlement.get("accountId").asText();
            String asset = entitlement.get("assetSymbol").asText();
            String address = DemoWallets.payoutKey(incidentId, account, DemoChains.chainOf(asset)).getAddress();
            BigInteger amount = new BigInteger(entitlement.get("amount").asText());
            assertEquals(amount, platform.chains().balance(asset, address), asset + " of " + account);
        }
        // USDT was short: each USDT entitlement is floor(approved x 60%).
        JsonNode aliceUsdt = entitlementOf(entitlements, DemoUsers.ALICE_ACCOUNT_ID, DemoCase.USDT);
        assertEquals(BigInteger.valueOf(1_800_000_000L), new BigInteger(aliceUsdt.get("amount").asText()));
        JsonNode bobUsdc = entitlementOf(entitlements, DemoUsers.BOB_ACCOUNT_ID, DemoCase.USDC);
        assertEquals(granted, new BigInteger(bobUsdc.get("amount").asText()), "bob is paid what the reviewers granted");

        demo.awaitEntitlementsPaid(roundId);
        JsonNode reconciliation = demo.reconciliation(incidentId);
        assertTrue(reconciliation.get("consistent").asBoolean(), reconciliation.toString());

        JsonNode alicesView = demo.awaitClaimPaid(aliceClaim, DemoUsers.ALICE);
        Map<String, BigInteger> paidToAlice = paidPerAsset(alicesView);
        Map<String, BigInteger> entitledToAlice = new HashMap<>();
        for (JsonNode entitlement : entitlements) {
            if (DemoUsers.ALICE_ACCOUNT_ID.equals(entitlement.get("accountId").asText())) {
                entitledToAlice.put(entitlement.get("assetSymbol").asText(), new BigInteger(entitlement.get("amount").asText()));
            }
        }
        assertEquals(entitledToAlice, paidToAlice, "alice sees paid exactly what she was entitled to");
        for (JsonNode line : alicesView.get("lines")) {
            assertFalse(line.get("payments").isEmpty(), "alice sees the transaction of her " + line.get("asset"));
            assertTrue(line.get("payments").get(0).get("txHash").asText().matches("0x[0-9a-f]{64}"));
        }
    }

    private static Map<String, BigInteger> paidPerAsset(JsonNode claim) {
        Map<String, BigInteger> paid = new HashMap<>();
        for (JsonNode line : claim.get("lines")) {
            paid.put(line.get("asset").asText(), new BigInteger(line.get("paidMinorUnits").asText()));
        }
        return paid;
    }

    private static JsonNode entitlementOf(List<JsonNode> entitlements, String accountId, String asset) {
        return entitlements.stream()
                .filter(e -> accountId.equals(e.get("accountId").asText()) && asset.equals(e.get("assetSymbol").asText()))
                .findFirst().orElseThrow(() -> new AssertionError("no " + asset + " entitlement for " + accountId));
    }
}
