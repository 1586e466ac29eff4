package dev.restitution.payout.execution;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.payout.PayoutTestInfrastructure;
import dev.restitution.payout.engine.TransactionEngine;
import dev.restitution.payout.id.BatchId;
import dev.restitution.payout.id.InstructionId;
import dev.restitution.payout.rail.PaymentItem;
import dev.restitution.payout.rail.PaymentMethod;
import dev.restitution.payout.rail.PaymentOrder;
import io.quarkus.hibernate.orm.panache.Panache;
import io.quarkus.narayana.jta.QuarkusTransaction;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.utils.Numeric;

/** Orders, addresses, anvil controls and database reads for the execution tests. */
final class ExecutionFixture {

    private static final SecureRandom RANDOM = new SecureRandom();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private ExecutionFixture() {
    }

    static String config(String key) {
        return ConfigProvider.getConfig().getValue(key, String.class);
    }

    static String batchPayout() {
        return config(ExecutionChainTestResource.CHAIN + "batch-payout-contract");
    }

    private static String token(int index) {
        return config(ExecutionChainTestResource.CHAIN + "token-contracts").split(",")[index];
    }

    /** The standard ERC-20, funded in the BatchPayout contract and in the operator's account. */
    static String standardToken() {
        return token(0);
    }

    /** The USDT-style token with small caps; only the cap test pays in it. */
    static String cappedToken() {
        return token(1);
    }

    /** A token nobody holds until a test mints it; only the revert test uses it. */
    static String revertProbeToken() {
        return token(2);
    }

    static String freshAddress() {
        byte[] address = new byte[20];
        RANDOM.nextBytes(address);
        return Keys.toChecksumAddress(Numeric.toHexString(address));
    }

    static List<PaymentItem> freshItems(long... amounts) {
        List<PaymentItem> items = new ArrayList<>();
        for (long amount : amounts) {
            items.add(new PaymentItem(new InstructionId(UUID.randomUUID()), freshAddress(), BigInteger.valueOf(amount)));
        }
        return items;
    }

    static PaymentOrder order(Optional<String> token, PaymentMethod method, List<PaymentItem> items) {
        return order(IncidentId.random(), token, method, items);
    }

    /** An order of the batch payouts of {@code incidentId}, on the devstack's first chain. */
    static PaymentOrder order(IncidentId incidentId, Optional<String> token, PaymentMethod method, List<PaymentItem> items) {
        return new PaymentOrder(UUID.randomUUID(), new BatchId(UUID.randomUUID()), incidentId,
                ExecutionChainTestResource.CHAIN_ID, token, method, items);
    }

    static void enqueue(PaymentOrders orders, PaymentOrder order) {
        QuarkusTransaction.requiringNew().run(() -> orders.enqueue(order));
    }

    static BigInteger nativeBalance(Web3j web3j, String address) throws IOException {
        return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    /** One column of the order's row, as text. */
    static String orderColumn(UUID orderId, String column) {
        return QuarkusTransaction.requiringNew().call(() -> {
            Object value = Panache.getEntityManager()
                    .createNativeQuery("select cast(" + column + " as text) from payment_order where id = :id")
                    .setParameter("id", orderId).getSingleResult();
            return value == null ? null : value.toString().trim();
        });
    }

    @SuppressWarnings("unchecked")
    static List<Object[]> storedTransactions(UUID orderId) {
        return QuarkusTransaction.requiringNew().call(() -> Panache.getEntityManager().createNativeQuery("""
                        select tx_hash, attempt, cast(nonce as text), raw_transaction, broadcast_at,
                               mined_block_number, cast(max_fee_per_gas_wei as text), reorged_count
                        from payment_transaction where order_id = :id order by attempt""")
                .setParameter("id", orderId).getResultList());
    }

    static long storedTransactionCount(UUID orderId) {
        return storedTransactions(orderId).size();
    }

    // ---- anvil controls -----------------------------------------------------------------------------------

    static JsonNode anvil(String method, Object... params) {
        try {
            String body = JSON.writeValueAsString(java.util.Map.of("jsonrpc", "2.0", "id", 1, "method", method,
                    "params", List.of(params)));
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(config(ExecutionChainTestResource.CHAIN + "rpc-url")))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = JSON.readTree(response.body());
            if (answer.has("error")) {
                throw new IllegalStateException(method + " failed: " + answer.get("error"));
            }
            return answer.get("result");
        } catch (IOException e) {
            throw new IllegalStateException(method + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(method + " interrupted", e);
        }
    }

    static void mineBlocks(int blocks) {
        anvil("anvil_mine", "0x" + Integer.toHexString(blocks));
    }

    /** Runs the order's steps, mining a block between rounds, until it is final; asserts the expected end. */
    static void driveToEnd(TransactionEngine execution, UUID orderId, String expectedState) {
        for (int round = 0; round < 20 && !isFinal(execution, orderId); round++) {
            execution.advance(orderId);
            mineBlocks(1);
        }
        assertEquals(expectedState, execution.state(orderId).name(), "order " + orderId + ": "
                + orderColumn(orderId, "failure_reason"));
    }

    private static boolean isFinal(TransactionEngine execution, UUID orderId) {
        String state = execution.state(orderId).name();
        return state.equals("CONFIRMED") || state.equals("FAILED");
    }

    /**
     * For tests that used the service's key outside the service: ends the orders they opened, lifts the halt and
     * moves the sender's sequence to the chain's pending count, so later tests start from a sender in step with the
     * chain. The service itself never lifts a halt.
     */
    static void forgetForeignUseOfTheServiceKey(List<UUID> openedOrders) {
        String sender = Keys.toChecksumAddress(ExecutionChainTestResource.OPERATOR.getAddress());
        BigInteger pending = Numeric.decodeQuantity(anvil("eth_getTransactionCount", sender, "pending").asText());
        for (UUID order : openedOrders) {
            PayoutTestInfrastructure.execute("""
                    update payment_order set state = 'FAILED', failure_reason = 'ended by the test that opened it'
                    where id = '%s' and state in ('QUEUED', 'PENDING')""".formatted(order));
        }
        PayoutTestInfrastructure.execute("delete from sender_halt");
        PayoutTestInfrastructure.execute("update sender_nonce set next_nonce = %s where chain_id = %d and sender = '%s'"
                .formatted(pending, ExecutionChainTestResource.CHAIN_ID, sender));
    }

    static BigInteger sum(List<PaymentItem> items) {
        return items.stream().map(PaymentItem::amount).reduce(BigInteger.ZERO, BigInteger::add);
    }
}
