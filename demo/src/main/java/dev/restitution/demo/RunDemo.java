package dev.restitution.demo;

import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.DevStack;
import dev.restitution.devstack.Platform;
import dev.restitution.devstack.RunLocally;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * {@code ./restitution run}: the devstack run (infrastructure, services, portal) with the payout contract, tokens
 * and wallet deployed on both anvil chains (31337 and 31338; payout-service pays on both) before the services
 * start, and a live demo case seeded through the APIs once they are ready: a hot-wallet breach of {@value #ACCOUNTS}
 * accounts with ETH and USDC on the first chain and USDT on the second, alice's accepted claim paid on both chains in
 * a first round, bob's disputed claim waiting in the review queue, USDT short of what is owed.
 */
public final class RunDemo implements RunLocally.Extension {

    static final int ACCOUNTS = 3_000;
    /** anvil mines a block for each transaction: one confirmation is all a quiet local chain gives. */
    private static final int CONFIRMATIONS = 1;

    private DemoChains chains;

    public static void main(String[] arguments) throws InterruptedException {
        RunLocally.run(arguments, RunLocally.repositoryRootOf(RunDemo.class), new RunDemo());
    }

    @Override
    public Platform.Options beforeServices(DevStack stack, Platform.Options options, Path dataDirectory) {
        System.out.println("Deploying the payout contract and two ERC-20 tokens on both anvil chains...");
        chains = DemoChains.deploy(stack.anvilRpcUrl(), stack.secondAnvilRpcUrl(), dataDirectory.resolve("payout-wallets"));
        return options.withConfiguration("payout", chains.payoutSettings(CONFIRMATIONS));
    }

    @Override
    public void afterStart(DevStack stack, Platform platform) {
        Instant started = Instant.now();
        System.out.println("Seeding the demo case through the services' APIs (about a minute)...");
        ServiceEndpoints endpoints = new ServiceEndpoints(stack.realmUrl(), platform.serviceUrl("ledger"),
                platform.serviceUrl("claims"), platform.serviceUrl("payout"));
        DemoCase demo = new DemoCase(endpoints, chains);
        DemoPayouts payouts = new DemoPayouts(endpoints);
        try {
            String incidentId = demo.declareIncident("Hot wallet breach (demo)");
            DemoSnapshot snapshot = demo.sealSnapshot(incidentId, ACCOUNTS);
            demo.openClaims(incidentId, Instant.now().plus(30, ChronoUnit.DAYS));
            demo.claimAccepted(incidentId, DemoUsers.ALICE, DemoUsers.ALICE_ACCOUNT_ID);
            demo.claimDisputed(incidentId, DemoUsers.BOB, DemoUsers.BOB_ACCOUNT_ID, BigInteger.valueOf(42_000_000_000L));
            demo.awaitApproved(incidentId, snapshot.balances().get(DemoUsers.ALICE_ACCOUNT_ID));
            demo.recordRecoveries(incidentId, 60);
            demo.startDistribution(incidentId);
            String roundId = demo.approveRound(incidentId);
            payouts.awaitInstructions(incidentId, demo.entitlements(roundId).size());
            for (String asset : new String[] {DemoCase.ETH, DemoCase.USDC, DemoCase.USDT}) {
                payouts.awaitBatchPaid(payouts.approveBatch(incidentId, asset).get("id").asText());
            }
            System.out.printf("Demo case ready in %d s: incident %s; alice's claim paid on both chains in round %s, bob's "
                    + "dispute in the review queue.%n", Duration.between(started, Instant.now()).toSeconds(), incidentId, roundId);
        } catch (RuntimeException e) {
            // The platform stays up and usable: say what the demo case lacks instead of stopping everything.
            System.err.println("restitution: seeding the demo case stopped: " + e.getMessage());
        }
    }
}
