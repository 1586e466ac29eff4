package dev.restitution.payout.batch.domain;

import dev.restitution.payout.execution.BatchItems;
import dev.restitution.payout.rail.PaymentMethod;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Chooses which candidates a batch takes and how each is paid. Candidates are taken oldest first while the
 * batch stays within its item and gas bounds. Each recipient goes the cheaper way: inside the one BatchPayout
 * call, or as a plain transaction where that costs less (native coin to a fresh address: creating the account
 * inside a contract call costs more than a plain transaction that creates it). The call's fixed cost is paid
 * only if the call is cheaper overall than paying its recipients plainly; otherwise everything goes plain.
 * A recipient repeated in the batch counts as funded after its first payment. An amount above what one
 * BatchPayout item carries (2^96 - 1 base units) is always paid plainly.
 */
public final class BatchPlanner {

    /** Bounds of one batch: items, gas of all its transactions, gas of its BatchPayout transaction. */
    public record Limits(int maxItems, long maxGas, long maxTransactionGas) {
        public Limits {
            if (maxItems < 1 || maxGas < 1 || maxTransactionGas < 1) {
                throw new IllegalArgumentException("batch limits are positive: " + maxItems + ", " + maxGas + ", "
                        + maxTransactionGas);
            }
        }
    }

    /** One candidate as the batch pays it, with its share of gas (without the call's fixed cost). */
    public record PlannedItem(Candidate candidate, PaymentMethod method, long estimatedGas) {
    }

    /** The items in position order and the gas of the BatchPayout transaction (0 without one) and of the plain ones. */
    public record Plan(List<PlannedItem> items, long contractGas, long plainGas) {
        public long totalGas() {
            return contractGas + plainGas;
        }

        public int contractItemCount() {
            return (int) items.stream().filter(item -> item.method() == PaymentMethod.BATCH_CONTRACT).count();
        }

        public int plainTransferCount() {
            return items.size() - contractItemCount();
        }

        public BigInteger total() {
            return items.stream().map(item -> item.candidate().amount()).reduce(BigInteger.ZERO, BigInteger::add);
        }

        public int recipientCount() {
            return (int) items.stream().map(item -> item.candidate().recipient().toLowerCase(Locale.ROOT))
                    .distinct().count();
        }
    }

    private BatchPlanner() {
    }

    /** The plan over the longest prefix of {@code candidates} (oldest first) within {@code limits}; empty if none fits. */
    public static Plan plan(List<Candidate> candidates, boolean nativeCoin, GasModel gas, Limits limits) {
        Objects.requireNonNull(candidates, "candidates");
        Plan best = new Plan(List.of(), 0, 0);
        List<Candidate> taken = new ArrayList<>();
        for (Candidate candidate : candidates) {
            if (taken.size() == limits.maxItems()) {
                break;
            }
            taken.add(candidate);
            Plan plan = choose(taken, nativeCoin, gas);
            if (plan.contractGas() > limits.maxTransactionGas() || plan.totalGas() > limits.maxGas()) {
                break;
            }
            best = plan;
        }
        return best;
    }

    /** The cheapest way to pay exactly {@code candidates}. */
    static Plan choose(List<Candidate> candidates, boolean nativeCoin, GasModel gas) {
        int count = candidates.size();
        long[] inContract = new long[count];
        long[] plain = new long[count];
        boolean[] cheaperInContract = new boolean[count];
        Set<String> paidBefore = new HashSet<>();
        long contractSum = 0;
        long plainSumOfContractSet = 0;
        for (int i = 0; i < count; i++) {
            Candidate candidate = candidates.get(i);
            boolean fresh = candidate.recipientFresh() && paidBefore.add(candidate.recipient().toLowerCase(Locale.ROOT));
            inContract[i] = gas.inContract(nativeCoin, fresh);
            plain[i] = gas.plain(nativeCoin, fresh);
            // An amount the contract's packed item cannot carry (above 2^96 - 1) is paid plainly.
            cheaperInContract[i] = BatchItems.fits(candidate.amount()) && inContract[i] < plain[i];
            if (cheaperInContract[i]) {
                contractSum += inContract[i];
                plainSumOfContractSet += plain[i];
            }
        }
        boolean useContract = contractSum > 0 && gas.contractCall() + contractSum < plainSumOfContractSet;
        List<PlannedItem> items = new ArrayList<>(count);
        long contractGas = useContract ? gas.contractCall() : 0;
        long plainGas = 0;
        for (int i = 0; i < count; i++) {
            if (useContract && cheaperInContract[i]) {
                items.add(new PlannedItem(candidates.get(i), PaymentMethod.BATCH_CONTRACT, inContract[i]));
                contractGas += inContract[i];
            } else {
                items.add(new PlannedItem(candidates.get(i), PaymentMethod.PLAIN_TRANSFER, plain[i]));
                plainGas += plain[i];
            }
        }
        return new Plan(List.copyOf(items), contractGas, plainGas);
    }
}
