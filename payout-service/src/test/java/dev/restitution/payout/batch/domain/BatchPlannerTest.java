package dev.restitution.payout.batch.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.id.EntitlementId;
import dev.restitution.payout.execution.BatchItems;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.rail.PaymentMethod;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class BatchPlannerTest {

    private static final GasModel GAS = new GasModel(60_000, 26_000, 9_000, 35_300, 10_300, 21_000, 51_500, 34_400);
    private static final BatchPlanner.Limits WIDE = new BatchPlanner.Limits(200, 30_000_000, 15_000_000);

    private static Candidate candidate(String recipient, boolean fresh) {
        return new Candidate(new InstructionId(UUID.randomUUID()), new EntitlementId(UUID.randomUUID()), recipient, BigInteger.TEN, fresh);
    }

    private static String address(int i) {
        return String.format("0x%040x", i + 1);
    }

    private static List<Candidate> candidates(int count, boolean fresh) {
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            candidates.add(candidate(address(i), fresh));
        }
        return candidates;
    }

    @Test
    void tokensToManyRecipientsGoThroughTheContract() {
        // Why: 26,000 per fresh token recipient in the contract against 51,500 each as plain transfers.
        BatchPlanner.Plan plan = BatchPlanner.plan(candidates(10, true), false, GAS, WIDE);
        assertEquals(10, plan.contractItemCount());
        assertEquals(60_000 + 10 * 26_000, plan.contractGas());
        assertEquals(0, plan.plainGas());
    }

    @Test
    void aSingleTokenRecipientIsPaidPlainlyBecauseTheCallCostsMore() {
        // Why: one recipient cannot carry the call's fixed cost (86,000 against 51,500).
        BatchPlanner.Plan plan = BatchPlanner.plan(candidates(1, true), false, GAS, WIDE);
        assertEquals(PaymentMethod.PLAIN_TRANSFER, plan.items().getFirst().method());
        assertEquals(51_500, plan.totalGas());
    }

    @Test
    void freshNativeRecipientsGoPlainEvenBesideFundedOnesInTheContract() {
        // Why: creating an account costs more inside a call than as a plain transaction.
        List<Candidate> candidates = new ArrayList<>(candidates(10, false));
        candidates.add(candidate(address(50), true));
        BatchPlanner.Plan plan = BatchPlanner.plan(candidates, true, GAS, WIDE);
        assertEquals(10, plan.contractItemCount());
        assertEquals(PaymentMethod.PLAIN_TRANSFER, plan.items().getLast().method());
        assertEquals(60_000 + 10 * 10_300 + 21_000, plan.totalGas());
    }

    @Test
    void aRecipientRepeatedInTheBatchIsFundedAfterItsFirstPayment() {
        // Why: the second payment to the same new address no longer creates an account.
        List<Candidate> candidates = List.of(candidate(address(1), true), candidate(address(1), true));
        BatchPlanner.Plan plan = BatchPlanner.choose(candidates, false, GAS);
        // Two token payments cannot carry the call's fixed cost: plain, fresh then funded.
        assertEquals(51_500, plan.items().get(0).estimatedGas());
        assertEquals(34_400, plan.items().get(1).estimatedGas());
        List<Candidate> many = List.of(candidate(address(1), true), candidate(address(1), true),
                candidate(address(2), true), candidate(address(3), true));
        BatchPlanner.Plan inContract = BatchPlanner.choose(many, false, GAS);
        assertEquals(60_000 + 26_000 + 9_000 + 26_000 + 26_000, inContract.contractGas());
        assertEquals(1, plan.recipientCount());
    }

    @Test
    void anAmountAboveWhatOneContractItemCarriesIsPaidPlainly() {
        // Why: BatchPayout packs each amount into 96 bits; a larger amount must not reach the contract, yet is paid.
        BigInteger tooLarge = BatchItems.MAX_AMOUNT.add(BigInteger.ONE);
        List<Candidate> candidates = new ArrayList<>(candidates(10, true));
        candidates.add(new Candidate(new InstructionId(UUID.randomUUID()), new EntitlementId(UUID.randomUUID()), address(70), tooLarge, true));
        candidates.add(new Candidate(new InstructionId(UUID.randomUUID()), new EntitlementId(UUID.randomUUID()), address(71), BatchItems.MAX_AMOUNT, true));
        BatchPlanner.Plan plan = BatchPlanner.plan(candidates, false, GAS, WIDE);
        assertEquals(PaymentMethod.PLAIN_TRANSFER, plan.items().get(10).method());
        assertEquals(tooLarge, plan.items().get(10).candidate().amount());
        assertEquals(PaymentMethod.BATCH_CONTRACT, plan.items().get(11).method());
        assertEquals(11, plan.contractItemCount());
        assertEquals(60_000 + 11 * 26_000, plan.contractGas());
        assertEquals(51_500, plan.plainGas());
    }

    @Test
    void theBatchStopsAtItsItemAndGasBoundsOldestFirst() {
        // Why: a batch must fit a block (and a sane transaction), and the oldest instructions are paid first.
        List<Candidate> candidates = candidates(50, true);
        BatchPlanner.Plan byItems = BatchPlanner.plan(candidates, false, GAS, new BatchPlanner.Limits(7, 30_000_000, 15_000_000));
        assertEquals(candidates.subList(0, 7), byItems.items().stream().map(BatchPlanner.PlannedItem::candidate).toList());
        BatchPlanner.Plan byGas = BatchPlanner.plan(candidates, false, GAS, new BatchPlanner.Limits(200, 30_000_000, 60_000 + 20 * 26_000));
        assertEquals(20, byGas.items().size());
        assertTrue(byGas.contractGas() <= 60_000 + 20 * 26_000);
        BatchPlanner.Plan byTotal = BatchPlanner.plan(candidates(5, true), true, GAS, new BatchPlanner.Limits(200, 3 * 21_000, 15_000_000));
        assertEquals(3, byTotal.items().size());
    }
}
