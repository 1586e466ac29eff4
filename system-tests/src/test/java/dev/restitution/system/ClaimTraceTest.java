package dev.restitution.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.restitution.demo.DemoCase;
import dev.restitution.demo.DemoChains;
import dev.restitution.demo.DemoPayouts;
import dev.restitution.demo.DemoSnapshot;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.Traces;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;

/**
 * "Where is my money" for one claim, answered by one trace: a claim submitted through the API, booked by the ledger,
 * entitled by a round and paid on both anvil chains, found in the devstack's OTLP receiver as a single trace that holds
 * the submission's server span, the ledger's booking and the confirmation of every payment with the transaction the
 * chain has.
 */
class ClaimTraceTest {

    private static final String[] ASSETS = {DemoCase.ETH, DemoCase.USDC, DemoCase.USDT};
    private static final int ACCOUNTS = 20;
    /** Services export spans in batches every few hundred milliseconds; a whole trace is there well within this. */
    private static final Duration SPANS_ARRIVE = Duration.ofSeconds(60);

    private static DemoPlatform platform;

    @BeforeAll
    static void startPlatform() {
        platform = DemoPlatform.start("claim-trace");
    }

    @AfterAll
    static void stopPlatform() {
        DemoPlatform.stop(platform);
    }

    @Test
    void oneTraceHoldsAClaimsSubmissionItsBookingAndTheConfirmationOfEachOfItsPayments() {
        // Why: an operator asked "where is my money" must follow one claim through four services and two chains by
        // one trace id, not by grepping four logs; every step done later for the claim has to continue its trace.
        DemoCase demo = platform.demo();
        DemoPayouts payouts = platform.payouts();
        String incidentId = demo.declareIncident("Claim trace " + System.nanoTime());
        DemoSnapshot snapshot = demo.sealSnapshot(incidentId, ACCOUNTS);
        demo.openClaims(incidentId, Instant.now().plus(30, ChronoUnit.DAYS));
        String claimId = demo.claimAccepted(incidentId, DemoUsers.ALICE, DemoUsers.ALICE_ACCOUNT_ID);
        Map<String, BigInteger> approved = new HashMap<>();
        for (String asset : ASSETS) {
            approved.put(asset, snapshot.of(DemoUsers.ALICE_ACCOUNT_ID, asset));
        }
        demo.awaitApproved(incidentId, approved);
        demo.recordRecoveries(incidentId, 100);
        demo.startDistribution(incidentId);
        String roundId = demo.approveRound(incidentId);
        int entitlements = demo.entitlements(roundId).size();
        assertEquals(ASSETS.length, entitlements, "one entitlement for each of alice's lines");
        payouts.awaitInstructions(incidentId, entitlements);
        List<String> batches = new ArrayList<>();
        for (String asset : ASSETS) {
            batches.add(payouts.approveBatch(incidentId, asset).get("id").asText());
        }
        batches.forEach(payouts::awaitBatchPaid);
        JsonNode claim = demo.awaitClaimPaid(claimId, DemoUsers.ALICE);
        Map<String, String> paidIn = new HashMap<>();
        for (JsonNode line : claim.get("lines")) {
            paidIn.put(line.get("payments").get(0).get("txHash").asText(), line.get("asset").asText());
        }
        assertEquals(ASSETS.length, paidIn.size(), "each line paid by a transaction of its own: " + claim);

        // The claim's trace, found by its id the way an operator finds it.
        Traces traces = platform.stack().traces();
        String traceId = traces.awaitSpans("claims-service", null, Map.of("restitution.claim_id", claimId), SPANS_ARRIVE)
                .getFirst().traceId();
        Traces.Trace trace = traces.awaitTrace(traceId, whole -> confirmedHashes(whole).containsAll(paidIn.keySet())
                && booking(whole, claimId).isPresent(), SPANS_ARRIVE);

        Traces.Span submission = trace.spans("claims-service").stream()
                .filter(span -> "SERVER".equals(span.kind()) && span.name().endsWith("/submit"))
                .findFirst().orElseThrow(() -> new AssertionError("no submission server span in " + names(trace)));
        assertEquals(Optional.of(claimId), submission.attribute("restitution.claim_id"));
        assertNull(submission.parentSpanId(), "the claim's trace starts with its submission");
        Traces.Span booked = booking(trace, claimId).orElseThrow();
        assertEquals(Optional.of(incidentId), booked.attribute("restitution.incident_id"));
        assertTrue(descendsFrom(trace, booked, submission), "the ledger's booking continues the submission through"
                + " the claim's event: " + names(trace));

        for (Map.Entry<String, String> payment : paidIn.entrySet()) {
            String txHash = payment.getKey();
            long chainId = DemoChains.chainOf(payment.getValue());
            List<Traces.Span> confirmed = trace.spans("payout-service").stream()
                    .filter(span -> "payout confirmed".equals(span.name()))
                    .filter(span -> span.attribute("restitution.tx_hash").equals(Optional.of(txHash))).toList();
            assertEquals(1, confirmed.size(), "one confirmation of " + txHash + " in the claim's trace");
            Traces.Span confirmation = confirmed.getFirst();
            assertEquals(Optional.of("eip155:" + chainId), confirmation.attribute("restitution.chain_id"));
            assertEquals(booked.spanId(), confirmation.parentSpanId(),
                    "the payment continues the booking its entitlement came from");
            assertFalse(confirmation.links().isEmpty(), "linked to the engine's step that confirmed it");
            assertTrue(trace.spans("payout-service").stream().anyMatch(span -> "payout broadcast".equals(span.name())
                    && span.attribute("restitution.tx_hash").equals(Optional.of(txHash))), "the broadcast of " + txHash);
            TransactionReceipt receipt = receipt(chainId, txHash);
            assertTrue(receipt.isStatusOK(), txHash + " succeeded on chain " + chainId);
            assertEquals(txHash, receipt.getTransactionHash());
        }
    }

    /** The ledger's span that booked the claim's lines. */
    private static Optional<Traces.Span> booking(Traces.Trace trace, String claimId) {
        return trace.spans("ledger-service").stream()
                .filter(span -> "ledger book claim".equals(span.name()))
                .filter(span -> span.attribute("restitution.claim_id").equals(Optional.of(claimId)))
                .findFirst();
    }

    private static Set<String> confirmedHashes(Traces.Trace trace) {
        Set<String> hashes = new HashSet<>();
        trace.spans("payout-service").stream().filter(span -> "payout confirmed".equals(span.name()))
                .forEach(span -> span.attribute("restitution.tx_hash").ifPresent(hashes::add));
        return hashes;
    }

    /** Whether {@code ancestor} is reached from {@code span} by parent ids within the trace. */
    private static boolean descendsFrom(Traces.Trace trace, Traces.Span span, Traces.Span ancestor) {
        Set<String> visited = new HashSet<>();
        Optional<Traces.Span> current = Optional.of(span);
        while (current.isPresent() && current.get().parentSpanId() != null && visited.add(current.get().spanId())) {
            if (current.get().parentSpanId().equals(ancestor.spanId())) {
                return true;
            }
            current = trace.span(current.get().parentSpanId());
        }
        return false;
    }

    private static List<String> names(Traces.Trace trace) {
        return trace.spans().stream().map(span -> span.service() + " " + span.kind() + " " + span.name()).toList();
    }

    /** The receipt as the chain's node has it, not as any service reports it. */
    private static TransactionReceipt receipt(long chainId, String txHash) {
        DemoChains chains = platform.chains();
        String rpcUrl = chainId == chains.first().chainId() ? chains.first().rpcUrl() : chains.second().rpcUrl();
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            return web3j.ethGetTransactionReceipt(txHash).send().getTransactionReceipt()
                    .orElseThrow(() -> new AssertionError("chain " + chainId + " has no receipt of " + txHash));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + txHash + " from chain " + chainId, e);
        } finally {
            web3j.shutdown();
        }
    }
}
