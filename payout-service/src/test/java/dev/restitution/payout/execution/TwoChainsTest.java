package dev.restitution.payout.execution;

import static dev.restitution.payout.execution.ExecutionFixture.enqueue;
import static dev.restitution.payout.execution.ExecutionFixture.freshItems;
import static dev.restitution.payout.execution.ExecutionFixture.orderColumn;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.devstack.DevStack;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.payout.engine.EvmChain;
import dev.restitution.payout.engine.EvmChains;
import dev.restitution.payout.engine.TransactionEngine;
import dev.restitution.payout.engine.domain.CallState;
import dev.restitution.payout.engine.persistence.Nonces;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.rail.PaymentItem;
import dev.restitution.payout.rail.PaymentMethod;
import dev.restitution.payout.rail.PaymentOrder;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigInteger;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.http.HttpService;

/** payout-service configured for both devstack chains pays on each with that chain's node, signer, nonces and contract. */
@QuarkusTest
@TestProfile(TwoChainsTest.SecondChain.class)
class TwoChainsTest {

    /** The devstack's second anvil chain, configured beside the first with its own contracts and settings. */
    public static final class SecondChain implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            long chainId = DevStack.SECOND_ANVIL_CHAIN_ID;
            String rpcUrl = DevStack.shared().secondAnvilRpcUrl();
            Map<String, String> config = new HashMap<>(ExecutionChainTestResource.deploy(chainId, rpcUrl));
            String chain = "restitution.chains.\"" + chainId + "\".";
            config.put(chain + "rpc-url", rpcUrl);
            config.put(chain + "fees.max-fee-per-gas-ceiling-wei", "500000000000");
            config.put(chain + "confirmations", "2");
            config.put(chain + "replace-after", "1m");
            return config;
        }
    }

    @Inject
    PaymentOrders orders;
    @Inject
    TransactionEngine engine;
    @Inject
    EvmChains chains;
    @Inject
    Nonces nonces;

    @Test
    void aPaymentOnEachOfTwoChainsIsPaidOnItsOwnChainOnce() throws IOException {
        // Why: an incident's assets span chains; each payment must be signed for, sent to and confirmed on its own chain.
        EvmChain first = chains.chain(ExecutionChainTestResource.CHAIN_ID);
        EvmChain second = chains.chain(DevStack.SECOND_ANVIL_CHAIN_ID);
        PaymentOrder onFirst = new PaymentOrder(UUID.randomUUID(), new BatchId(UUID.randomUUID()), IncidentId.random(),
                first.chainId(), Optional.empty(), PaymentMethod.BATCH_CONTRACT, freshItems(1_000, 2_000));
        PaymentOrder onSecond = new PaymentOrder(UUID.randomUUID(), new BatchId(UUID.randomUUID()), IncidentId.random(),
                second.chainId(),
                Optional.empty(), PaymentMethod.BATCH_CONTRACT, freshItems(3_000));
        enqueue(orders, onFirst);
        enqueue(orders, onSecond);

        for (int round = 0; round < 20 && !(isFinal(onFirst) && isFinal(onSecond)); round++) {
            engine.advance(onFirst.orderId());
            engine.advance(onSecond.orderId());
            mineOne(first);
            mineOne(second);
        }

        assertEquals(CallState.CONFIRMED, engine.state(onFirst.orderId()), orderColumn(onFirst.orderId(), "failure_reason"));
        assertEquals(CallState.CONFIRMED, engine.state(onSecond.orderId()), orderColumn(onSecond.orderId(), "failure_reason"));
        assertPaidOnlyOn(first, second, onFirst);
        assertPaidOnlyOn(second, first, onSecond);
        assertEquals(String.valueOf(first.chainId()), orderColumn(onFirst.orderId(), "chain_id"));
        assertEquals(String.valueOf(second.chainId()), orderColumn(onSecond.orderId(), "chain_id"));
        assertTrue(nonces.stored(first.chainId(), first.signer().address()).isPresent(), "the first chain's sequence");
        assertTrue(nonces.stored(second.chainId(), second.signer().address()).isPresent(), "the second chain's own sequence");
        assertNotEquals(orderColumn(onFirst.orderId(), "confirmed_tx_hash"), orderColumn(onSecond.orderId(),
                "confirmed_tx_hash"));
    }

    private boolean isFinal(PaymentOrder order) {
        CallState state = engine.state(order.orderId());
        return state == CallState.CONFIRMED || state == CallState.FAILED;
    }

    private static void assertPaidOnlyOn(EvmChain paying, EvmChain other, PaymentOrder order) throws IOException {
        for (PaymentItem item : order.items()) {
            assertEquals(item.amount(), balance(paying, item.recipient()), item.recipient() + " on " + paying.chainId());
            assertEquals(BigInteger.ZERO, balance(other, item.recipient()), item.recipient() + " on " + other.chainId());
        }
    }

    private static BigInteger balance(EvmChain chain, String address) throws IOException {
        return chain.web3j().ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    private static void mineOne(EvmChain chain) throws IOException {
        new Request<>("anvil_mine", List.of("0x1"), new HttpService(rpcUrl(chain)),
                VoidResponse.class).send();
    }

    private static String rpcUrl(EvmChain chain) {
        return chain.chainId() == ExecutionChainTestResource.CHAIN_ID ? DevStack.shared().anvilRpcUrl()
                : DevStack.shared().secondAnvilRpcUrl();
    }
}
