package dev.restitution.demo;

import dev.restitution.devstack.DevStack;
import dev.restitution.devstack.Platform;
import dev.restitution.devstack.RunLocally;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code ./restitution run}: the devstack run (infrastructure, services, portal) with the payout contract, tokens
 * and wallet deployed on both anvil chains (31337 and 31338; payout-service pays on both) before the services
 * start, and a live demo case seeded through the APIs once they are ready ({@link DemoSeeding}: hundreds of claimants
 * paid on both chains, the token batches through the BatchPayout contract, bob's dispute in the review queue); then
 * the contracts, tokens and payout wallet of each chain, and the registry the commitments are published to.
 */
public final class RunDemo implements RunLocally.Extension {

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
        System.out.printf("Seeding the demo case through the services' APIs: %d claimants register, claim and are paid "
                + "(a minute or two)...%n", DemoSeeding.CROWD + 2);
        ServiceEndpoints endpoints = new ServiceEndpoints(stack.realmUrl(), platform.serviceUrl("ledger"),
                platform.serviceUrl("claims"), platform.serviceUrl("payout"));
        try {
            DemoSeeding.Seeded seeded = new DemoSeeding(endpoints, chains).seed();
            System.out.print(summary(seeded));
        } catch (RuntimeException e) {
            // The platform stays up and usable: say what the demo case lacks instead of stopping everything.
            System.err.println("restitution: seeding the demo case stopped: " + e.getMessage());
        }
        System.out.print(addresses(chains));
    }

    /** What was seeded and how it was paid: the batches, and the contract calls among their transactions. */
    static String summary(DemoSeeding.Seeded seeded) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Demo case ready in %.1f s (goal: under 60 s): incident %s, %d approved claimants paid in round %s; "
                        + "bob's dispute waits in the review queue.%n", seeded.took().toMillis() / 1000.0, seeded.incidentId(),
                seeded.approvedClaimants(), seeded.roundId()));
        for (DemoSeeding.PaidBatch batch : seeded.batches()) {
            out.append(String.format(Locale.ROOT, "  batch %s  %-4s chain %d  %3d items: %3d through BatchPayout%s, %3d plain "
                            + "transfers%n", batch.id(), batch.asset(), batch.chainId(), batch.itemCount(), batch.contractItemCount(),
                    batch.contractTransaction().map(txHash -> " (tx " + txHash + ")").orElse(""), batch.plainTransferCount()));
        }
        return out.toString();
    }

    /** Per chain: the payout contract, the tokens and the payout wallet the demo deployed, and where commitments go. */
    static String addresses(DemoChains chains) {
        StringBuilder out = new StringBuilder("\nDemo contracts and wallets\n");
        for (DemoChain.Deployment chain : List.of(chains.first(), chains.second())) {
            out.append(String.format(Locale.ROOT, "  chain %d (%s)%n", chain.chainId(), chain.rpcUrl()));
            out.append(String.format(Locale.ROOT, "    BatchPayout    %s%n", chain.batchPayout()));
            if (chain == chains.first()) {
                out.append(String.format(Locale.ROOT, "    CommitmentRegistry %s (snapshot and round roots are published here)%n",
                        chain.commitmentRegistry()));
            }
            out.append(String.format(Locale.ROOT, "    USDC (ERC-20)  %s%n", chain.usdc()));
            out.append(String.format(Locale.ROOT, "    USDT (ERC-20)  %s%n", chain.usdt()));
            out.append(String.format(Locale.ROOT, "    payout wallet  %s%n", chain.payoutWallet()));
        }
        return out.toString();
    }
}
