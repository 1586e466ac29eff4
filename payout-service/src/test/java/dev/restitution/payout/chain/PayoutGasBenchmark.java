package dev.restitution.payout.chain;

import static dev.restitution.payout.chain.AnvilAccounts.DEVELOPER;
import static dev.restitution.payout.chain.AnvilAccounts.GAS;
import static dev.restitution.payout.chain.AnvilAccounts.GAS_PRICE_WEI;
import static dev.restitution.payout.chain.AnvilAccounts.freshAddresses;
import static dev.restitution.payout.chain.AnvilAccounts.newBatchId;
import static dev.restitution.payout.chain.AnvilAccounts.transactions;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.contracts.solidity.BatchPayout;
import dev.restitution.contracts.solidity.DisperseReference;
import dev.restitution.contracts.solidity.NoReturnTestToken;
import dev.restitution.contracts.solidity.OpenZeppelinTestToken;
import dev.restitution.contracts.solidity.TestToken;
import dev.restitution.payout.execution.BatchItems;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Transfer;
import org.web3j.utils.Convert;

/**
 * On demand only (the class name matches none of Surefire's default test patterns):
 * <pre>./mvnw -B -pl payout-service verify -Dtest=PayoutGasBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.recipients=200</pre>
 * Gas per recipient of BatchPayout on the devstack's anvil (its default hardfork), called with the
 * calldata payout-service encodes ({@link BatchItems}: recipient and amount packed in one word), for
 * OpenZeppelin's ERC20 (the figure quoted for ERC-20), the project's test token, a USDT-style token
 * and native coin, to fresh recipients (no balance yet: the token writes a zero slot, the chain
 * creates an account) and to already-funded ones, next to plain transfers (one transaction each)
 * and to Disperse's two token functions ({@code DisperseReference}, same token) measured in the same
 * run. Per recipient = gas used by the batch transaction / recipients (fixed costs included);
 * marginal = the difference between a batch of {@code bench.recipients} and one of half as many, per
 * added recipient (fixed costs excluded). "token's own" is the gas one transfer of the token used
 * inside the batch (call tracer), the part no payout contract can change; "contract's own" is per
 * recipient minus token's own: calldata, the call and the loop, and the share of the fixed cost.
 * Prints the table and writes it to target/benchmarks/payout-gas.txt.
 */
@QuarkusTest
class PayoutGasBenchmark {

    private static final int RECIPIENTS = Integer.getInteger("bench.recipients", 200);
    private static final int PLAIN_TRANSFERS = 10;
    private static final BigInteger NATIVE_FUNDING_ETHER = BigInteger.valueOf(1_000);
    private static final Duration RPC_TIMEOUT = Duration.ofSeconds(30);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Web3j web3j;

    @ConfigProperty(name = "restitution.chain.rpc-url")
    String rpcUrl;

    private final List<String> rows = new ArrayList<>();

    @Test
    void gasPerRecipientAgainstPlainTransfers() throws Exception {
        // Why: the payout path must cost less per recipient than sending one transaction each, and we need the figures.
        assertTrue(RECIPIENTS >= 2 && RECIPIENTS <= 400, "bench.recipients must be 2..400 (the native fresh batch must fit 2^24 gas)");
        Credentials operator = AnvilAccounts.fundedAccount(web3j, NATIVE_FUNDING_ETHER.longValueExact() * 2);
        BatchPayout payout = BatchPayout.load(
                BatchPayout.deploy(web3j, transactions(web3j, DEVELOPER), GAS, operator.getAddress()).send().getContractAddress(),
                web3j, transactions(web3j, operator), GAS);

        DisperseReference disperse = DisperseReference.deploy(web3j, transactions(web3j, DEVELOPER), GAS).send();

        OpenZeppelinTestToken openZeppelin = OpenZeppelinTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS,
                "OpenZeppelin", "OZT", BigInteger.valueOf(18)).send();
        openZeppelin.mint(payout.getContractAddress(), BigInteger.TEN.pow(36)).send();
        openZeppelin.mint(DEVELOPER.getAddress(), BigInteger.TEN.pow(36)).send();
        openZeppelin.approve(disperse.getContractAddress(), BigInteger.TEN.pow(36)).send();
        measureToken("ERC-20 OpenZeppelin", payout, openZeppelin.getContractAddress(),
                (to, amount) -> openZeppelin.transfer(to, amount).send());
        measureDisperse("OpenZeppelin", disperse, openZeppelin.getContractAddress());

        TestToken standard = TestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Test", "TST", BigInteger.valueOf(18)).send();
        standard.mint(payout.getContractAddress(), BigInteger.TEN.pow(36)).send();
        standard.mint(DEVELOPER.getAddress(), BigInteger.TEN.pow(36)).send();
        measureToken("ERC-20 TestToken", payout, standard.getContractAddress(),
                (to, amount) -> standard.transfer(to, amount).send());

        NoReturnTestToken noReturn = NoReturnTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Tether-style", "USDTS",
                BigInteger.valueOf(6)).send();
        noReturn.mint(payout.getContractAddress(), BigInteger.TEN.pow(36)).send();
        noReturn.mint(DEVELOPER.getAddress(), BigInteger.TEN.pow(36)).send();
        measureToken("ERC-20 USDT-style", payout, noReturn.getContractAddress(),
                (to, amount) -> noReturn.transfer(to, amount).send());

        measureNative(payout);

        String table = table();
        System.out.println(table);
        Path out = Path.of("target", "benchmarks", "payout-gas.txt");
        Files.createDirectories(out.getParent());
        Files.writeString(out, table);
    }

    @FunctionalInterface
    private interface PlainTransfer {
        TransactionReceipt send(String to, BigInteger amount) throws Exception;
    }

    private void measureToken(String name, BatchPayout payout, String token, PlainTransfer plain) throws Exception {
        List<String> fresh = freshAddresses(RECIPIENTS);
        List<BigInteger> amounts = amounts(RECIPIENTS, 64);
        TransactionReceipt toFresh = payout.payToken(newBatchId(), token, BatchItems.words(fresh, amounts)).send();
        TransactionReceipt toFunded = payout.payToken(newBatchId(), token, BatchItems.words(fresh, amounts)).send();
        List<String> halfFresh = freshAddresses(RECIPIENTS / 2);
        List<BigInteger> halfAmounts = amounts.subList(0, RECIPIENTS / 2);
        TransactionReceipt halfToFresh = payout.payToken(newBatchId(), token, BatchItems.words(halfFresh, halfAmounts)).send();
        TransactionReceipt halfToFunded = payout.payToken(newBatchId(), token, BatchItems.words(halfFresh, halfAmounts)).send();
        long tokenOwnFresh = innerCallGas(toFresh.getTransactionHash(), 1);
        long tokenOwnFunded = innerCallGas(toFunded.getTransactionHash(), 1);

        List<String> plainFresh = freshAddresses(PLAIN_TRANSFERS);
        long plainToFresh = 0;
        long plainToFunded = 0;
        for (int i = 0; i < PLAIN_TRANSFERS; i++) {
            plainToFresh += plain.send(plainFresh.get(i), amounts.get(i)).getGasUsed().longValueExact();
            plainToFunded += plain.send(plainFresh.get(i), amounts.get(i)).getGasUsed().longValueExact();
        }
        row(name + ", fresh", toFresh, halfToFresh, tokenOwnFresh, plainToFresh / PLAIN_TRANSFERS);
        row(name + ", funded", toFunded, halfToFunded, tokenOwnFunded, plainToFunded / PLAIN_TRANSFERS);
    }

    /** Disperse's disperseToken (pull the total once, then transfer) and disperseTokenSimple (transferFrom each) on the same token. */
    private void measureDisperse(String tokenName, DisperseReference disperse, String token) throws Exception {
        List<BigInteger> amounts = amounts(RECIPIENTS, 64);
        List<BigInteger> halfAmounts = amounts.subList(0, RECIPIENTS / 2);
        for (boolean simple : new boolean[] {false, true}) {
            List<String> fresh = freshAddresses(RECIPIENTS);
            List<String> halfFresh = freshAddresses(RECIPIENTS / 2);
            TransactionReceipt toFresh = disperse(disperse, simple, token, fresh, amounts);
            TransactionReceipt toFunded = disperse(disperse, simple, token, fresh, amounts);
            TransactionReceipt halfToFresh = disperse(disperse, simple, token, halfFresh, halfAmounts);
            TransactionReceipt halfToFunded = disperse(disperse, simple, token, halfFresh, halfAmounts);
            String name = "Disperse" + (simple ? "Simple " : " ") + tokenName;
            // disperseToken's call 0 is the pull of the total; disperseTokenSimple has one transferFrom per recipient.
            int callIndex = simple ? 1 : 2;
            row(name + ", fresh", toFresh, halfToFresh, innerCallGas(toFresh.getTransactionHash(), callIndex), -1);
            row(name + ", funded", toFunded, halfToFunded, innerCallGas(toFunded.getTransactionHash(), callIndex), -1);
        }
    }

    private static TransactionReceipt disperse(DisperseReference disperse, boolean simple, String token, List<String> recipients,
            List<BigInteger> amounts) throws Exception {
        return simple ? disperse.disperseTokenSimple(token, recipients, amounts).send()
                : disperse.disperseToken(token, recipients, amounts).send();
    }

    private void measureNative(BatchPayout payout) throws Exception {
        List<String> fresh = freshAddresses(RECIPIENTS);
        // Wei amounts below 2^60 (about 1.15 ether): about eight non-zero calldata bytes, like real payouts.
        List<BigInteger> amounts = amounts(RECIPIENTS, 60);
        BigInteger total = amounts.stream().reduce(BigInteger.ZERO, BigInteger::add);
        TransactionReceipt toFresh = payout.payNative(newBatchId(), BatchItems.words(fresh, amounts), total).send();
        TransactionReceipt toFunded = payout.payNative(newBatchId(), BatchItems.words(fresh, amounts), total).send();
        List<String> halfFresh = freshAddresses(RECIPIENTS / 2);
        List<BigInteger> halfAmounts = amounts.subList(0, RECIPIENTS / 2);
        BigInteger halfTotal = halfAmounts.stream().reduce(BigInteger.ZERO, BigInteger::add);
        TransactionReceipt halfToFresh = payout.payNative(newBatchId(), BatchItems.words(halfFresh, halfAmounts), halfTotal).send();
        TransactionReceipt halfToFunded = payout.payNative(newBatchId(), BatchItems.words(halfFresh, halfAmounts), halfTotal).send();

        Transfer transfer = new Transfer(web3j, transactions(web3j, DEVELOPER));
        List<String> plainFresh = freshAddresses(PLAIN_TRANSFERS);
        long plainToFresh = 0;
        long plainToFunded = 0;
        for (int i = 0; i < PLAIN_TRANSFERS; i++) {
            BigDecimal wei = new BigDecimal(amounts.get(i));
            plainToFresh += transfer.sendFunds(plainFresh.get(i), wei, Convert.Unit.WEI, GAS_PRICE_WEI, Transfer.GAS_LIMIT).send()
                    .getGasUsed().longValueExact();
            plainToFunded += transfer.sendFunds(plainFresh.get(i), wei, Convert.Unit.WEI, GAS_PRICE_WEI, Transfer.GAS_LIMIT).send()
                    .getGasUsed().longValueExact();
        }
        row("native, fresh", toFresh, halfToFresh, -1, plainToFresh / PLAIN_TRANSFERS);
        row("native, funded", toFunded, halfToFunded, -1, plainToFunded / PLAIN_TRANSFERS);
    }

    /** Random amounts below 2^bits (2^64 is about 18.4 units of an 18-decimal asset), never zero. */
    private static List<BigInteger> amounts(int count, int bits) {
        List<BigInteger> amounts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            amounts.add(new BigInteger(bits, RANDOM).add(BigInteger.ONE));
        }
        return amounts;
    }

    private void row(String payout, TransactionReceipt full, TransactionReceipt half, long tokenOwn, long plain) {
        assertEquals("0x1", full.getStatus());
        long fullGas = full.getGasUsed().longValueExact();
        long halfGas = half.getGasUsed().longValueExact();
        int halfCount = RECIPIENTS / 2;
        long perRecipient = fullGas / RECIPIENTS;
        long marginal = (fullGas - halfGas) / (RECIPIENTS - halfCount);
        rows.add(String.format(Locale.ROOT, "| %-36s | %10d | %13d | %8d | %11s | %14s | %14s | %7s |", payout, fullGas,
                perRecipient, marginal, tokenOwn < 0 ? "-" : Long.toString(tokenOwn),
                tokenOwn < 0 ? "-" : Long.toString(perRecipient - tokenOwn), plain < 0 ? "-" : Long.toString(plain),
                plain < 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * (plain - perRecipient) / plain)));
    }

    private String table() {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "BatchPayout gas on anvil, %d recipients per batch (marginal: against a batch of %d)%n",
                RECIPIENTS, RECIPIENTS / 2));
        table.append("| payout                               | batch gas  | per recipient | marginal | token's own | contract's own | plain transfer | saving  |\n");
        table.append("|--------------------------------------|------------|---------------|----------|-------------|----------------|----------------|---------|\n");
        rows.forEach(row -> table.append(row).append('\n'));
        return table.toString();
    }

    /** Gas used inside the callIndex-th call the transaction made (anvil's call tracer). */
    private long innerCallGas(String transactionHash, int callIndex) throws IOException, InterruptedException {
        String body = "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"debug_traceTransaction\",\"params\":[\"" + transactionHash
                + "\",{\"tracer\":\"callTracer\"}]}";
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(RPC_TIMEOUT).build()) {
            HttpResponse<String> response = client.send(HttpRequest.newBuilder(URI.create(rpcUrl)).timeout(RPC_TIMEOUT)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            JsonNode calls = new ObjectMapper().readTree(response.body()).path("result").path("calls");
            assertTrue(calls.size() > callIndex, "no call " + callIndex + " in the trace: " + response.body());
            return Long.decode(calls.get(callIndex).path("gasUsed").asText());
        }
    }
}
