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
import dev.restitution.contracts.solidity.BatchPayout;
import dev.restitution.contracts.solidity.DisperseReference;
import dev.restitution.contracts.solidity.NoReturnTestToken;
import dev.restitution.contracts.solidity.OpenZeppelinTestToken;
import dev.restitution.contracts.solidity.SoladyTestToken;
import dev.restitution.contracts.solidity.TestToken;
import dev.restitution.payout.execution.BatchItems;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.Transfer;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/**
 * On demand only (the class name matches none of Surefire's default test patterns):
 * <pre>./mvnw -B -pl payout-service verify -Dtest=PayoutGasBenchmark -Dsurefire.failIfNoSpecifiedTests=false -Dbench.recipients=400</pre>
 * Gas per recipient of BatchPayout on the devstack's anvil (its default hardfork), called with the
 * calldata payout-service encodes ({@link BatchItems}: recipient and amount packed in one word), for
 * OpenZeppelin's ERC20, Solady's ERC20 (the token of the public airdrop benchmark the Disperse
 * figure comes from), the project's test token, a USDT-style token and native coin, to fresh
 * recipients (no balance yet: the token writes a zero slot, the chain creates an account) and to
 * already-funded ones, next to plain transfers (one transaction each) and to Disperse's two token
 * functions ({@code DisperseReference}) on the same tokens, measured in the same run.
 * <p>Two bases per row, both from the receipt and the transaction's input:
 * <ul>
 * <li>all-in = gasUsed / recipients: what the payer pays, with the 21,000 base and the calldata;</li>
 * <li>execution = (gasUsed - 21,000 - calldata) / recipients, calldata at 4 gas per zero byte and 16 per
 * other byte: the gas of the call's execution, the basis of Forge's gas report and so of the
 * reference (0xpolarzero/airdrop-gas-benchmarks: Disperse disperseToken 25,747,105 gas for 1,000
 * recipients on Solady's ERC20). Both are net of refunds, as gasUsed is. Valid only while EIP-7623's
 * calldata floor does not bind; each row says whether it does.</li>
 * </ul>
 * Marginal = the all-in difference between a batch of {@code bench.recipients} and one of half as many,
 * per added recipient. "token's own" is the gas one transfer of the token used inside the batch (call
 * tracer), the part no payout contract can change; "contract's own" is execution per recipient minus
 * token's own: the call, the loop and the share of the fixed cost. Token batches are also sent with
 * {@code bench.reference-recipients} (default 1,000, the reference's size; 0 skips) recipients: a fresh
 * batch that size needs more than 2^24 gas, which a chain enforcing EIP-7825 (mainnet since Osaka)
 * refuses and the devstack's anvil (started without --enable-tx-gas-limit) accepts; such rows are
 * marked. Prints the table and writes it to target/benchmarks/payout-gas.txt.
 */
@QuarkusTest
class PayoutGasBenchmark {

    private static final int RECIPIENTS = Integer.getInteger("bench.recipients", 200);
    private static final int REFERENCE_RECIPIENTS = Integer.getInteger("bench.reference-recipients", 1000);
    private static final int PLAIN_TRANSFERS = 10;
    private static final long TRANSACTION_BASE_GAS = 21_000;
    /** EIP-7825's per-transaction gas cap. */
    private static final long TRANSACTION_GAS_CAP = 1L << 24;
    /** Below anvil's block gas limit of 30,000,000: room for a fresh token batch of 1,000 recipients. */
    private static final ContractGasProvider REFERENCE_GAS = new StaticGasProvider(GAS_PRICE_WEI, BigInteger.valueOf(29_500_000));
    private static final BigInteger NATIVE_FUNDING_ETHER = BigInteger.valueOf(1_000);
    private static final BigInteger TOKEN_SUPPLY = BigInteger.TEN.pow(36);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Inject
    Web3j web3j;

    @ConfigProperty(name = "restitution.chains.\"31337\".rpc-url")
    String rpcUrl;

    private final List<String> rows = new ArrayList<>();
    private final List<String> floorBinds = new ArrayList<>();
    private boolean overCap;

    @Test
    void gasPerRecipientAgainstPlainTransfers() throws Exception {
        // Why: the payout path must cost less per recipient than sending one transaction each, and we need the figures on both bases.
        assertTrue(RECIPIENTS >= 2 && RECIPIENTS <= 400, "bench.recipients must be 2..400 (the native fresh batch must fit 2^24 gas)");
        assertTrue(REFERENCE_RECIPIENTS == 0 || (REFERENCE_RECIPIENTS >= 2 && REFERENCE_RECIPIENTS <= 1000),
                "bench.reference-recipients must be 0 or 2..1000 (BatchPayout's MAX_ITEMS and anvil's block gas limit)");
        Credentials operator = AnvilAccounts.fundedAccount(web3j, NATIVE_FUNDING_ETHER.longValueExact() * 2);
        String payoutAddress = BatchPayout.deploy(web3j, transactions(web3j, DEVELOPER), GAS, operator.getAddress()).send()
                .getContractAddress();
        BatchPayout payout = BatchPayout.load(payoutAddress, web3j, transactions(web3j, operator), GAS);
        DisperseReference disperse = DisperseReference.deploy(web3j, transactions(web3j, DEVELOPER), GAS).send();

        OpenZeppelinTestToken openZeppelin = OpenZeppelinTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS,
                "OpenZeppelin", "OZT", BigInteger.valueOf(18)).send();
        openZeppelin.mint(payoutAddress, TOKEN_SUPPLY).send();
        openZeppelin.mint(DEVELOPER.getAddress(), TOKEN_SUPPLY).send();
        openZeppelin.approve(disperse.getContractAddress(), TOKEN_SUPPLY).send();
        measureToken("OpenZeppelin", operator, payout, disperse, openZeppelin.getContractAddress(),
                (to, amount) -> openZeppelin.transfer(to, amount).send());

        SoladyTestToken solady = SoladyTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS,
                "Solady", "SOL", BigInteger.valueOf(18)).send();
        solady.mint(payoutAddress, TOKEN_SUPPLY).send();
        solady.mint(DEVELOPER.getAddress(), TOKEN_SUPPLY).send();
        solady.approve(disperse.getContractAddress(), TOKEN_SUPPLY).send();
        measureToken("Solady", operator, payout, disperse, solady.getContractAddress(),
                (to, amount) -> solady.transfer(to, amount).send());

        TestToken standard = TestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Test", "TST", BigInteger.valueOf(18)).send();
        standard.mint(payoutAddress, TOKEN_SUPPLY).send();
        standard.mint(DEVELOPER.getAddress(), TOKEN_SUPPLY).send();
        standard.approve(disperse.getContractAddress(), TOKEN_SUPPLY).send();
        measureToken("TestToken", operator, payout, disperse, standard.getContractAddress(),
                (to, amount) -> standard.transfer(to, amount).send());

        // Disperse requires a returned true and so cannot pay a token that returns nothing: BatchPayout only.
        NoReturnTestToken noReturn = NoReturnTestToken.deploy(web3j, transactions(web3j, DEVELOPER), GAS, "Tether-style", "USDTS",
                BigInteger.valueOf(6)).send();
        noReturn.mint(payoutAddress, TOKEN_SUPPLY).send();
        noReturn.mint(DEVELOPER.getAddress(), TOKEN_SUPPLY).send();
        measureToken("USDT-style", operator, payout, null, noReturn.getContractAddress(),
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

    /** BatchPayout (and Disperse unless disperse is null) on one token, at bench.recipients and at the reference's size. */
    private void measureToken(String tokenName, Credentials operator, BatchPayout payout, DisperseReference disperse, String token,
            PlainTransfer plain) throws Exception {
        List<BigInteger> amounts = amounts(RECIPIENTS, 64);
        List<BigInteger> halfAmounts = amounts.subList(0, RECIPIENTS / 2);
        List<String> fresh = freshAddresses(RECIPIENTS);
        List<String> halfFresh = freshAddresses(RECIPIENTS / 2);
        TransactionReceipt toFresh = payout.payToken(newBatchId(), token, BatchItems.words(fresh, amounts)).send();
        TransactionReceipt toFunded = payout.payToken(newBatchId(), token, BatchItems.words(fresh, amounts)).send();
        TransactionReceipt halfToFresh = payout.payToken(newBatchId(), token, BatchItems.words(halfFresh, halfAmounts)).send();
        TransactionReceipt halfToFunded = payout.payToken(newBatchId(), token, BatchItems.words(halfFresh, halfAmounts)).send();

        List<String> plainFresh = freshAddresses(PLAIN_TRANSFERS);
        long plainToFresh = 0;
        long plainToFunded = 0;
        for (int i = 0; i < PLAIN_TRANSFERS; i++) {
            plainToFresh += plain.send(plainFresh.get(i), amounts.get(i)).getGasUsed().longValueExact();
            plainToFunded += plain.send(plainFresh.get(i), amounts.get(i)).getGasUsed().longValueExact();
        }
        String name = "BatchPayout " + tokenName;
        row(name + ", fresh", RECIPIENTS, toFresh, halfToFresh, innerCallGas(toFresh, 1), plainToFresh / PLAIN_TRANSFERS);
        row(name + ", funded", RECIPIENTS, toFunded, halfToFunded, innerCallGas(toFunded, 1), plainToFunded / PLAIN_TRANSFERS);
        if (disperse != null) {
            measureDisperse(tokenName, disperse, token, amounts, halfAmounts);
        }
        if (REFERENCE_RECIPIENTS == 0) {
            return;
        }
        List<BigInteger> referenceAmounts = amounts(REFERENCE_RECIPIENTS, 64);
        List<String> referenceFresh = freshAddresses(REFERENCE_RECIPIENTS);
        BatchPayout referencePayout = BatchPayout.load(payout.getContractAddress(), web3j, transactions(web3j, operator), REFERENCE_GAS);
        TransactionReceipt bigToFresh = referencePayout.payToken(newBatchId(), token, BatchItems.words(referenceFresh, referenceAmounts))
                .send();
        TransactionReceipt bigToFunded = referencePayout.payToken(newBatchId(), token, BatchItems.words(referenceFresh, referenceAmounts))
                .send();
        row(name + ", fresh", REFERENCE_RECIPIENTS, bigToFresh, null, innerCallGas(bigToFresh, 1), -1);
        row(name + ", funded", REFERENCE_RECIPIENTS, bigToFunded, null, innerCallGas(bigToFunded, 1), -1);
        if (disperse != null) {
            DisperseReference referenceDisperse = DisperseReference.load(disperse.getContractAddress(), web3j,
                    transactions(web3j, DEVELOPER), REFERENCE_GAS);
            List<String> disperseFresh = freshAddresses(REFERENCE_RECIPIENTS);
            TransactionReceipt disperseToFresh = referenceDisperse.disperseToken(token, disperseFresh, referenceAmounts).send();
            TransactionReceipt disperseToFunded = referenceDisperse.disperseToken(token, disperseFresh, referenceAmounts).send();
            row("Disperse " + tokenName + ", fresh", REFERENCE_RECIPIENTS, disperseToFresh, null, innerCallGas(disperseToFresh, 2), -1);
            row("Disperse " + tokenName + ", funded", REFERENCE_RECIPIENTS, disperseToFunded, null, innerCallGas(disperseToFunded, 2), -1);
        }
    }

    /** Disperse's disperseToken (pull the total once, then transfer) and disperseTokenSimple (transferFrom each) on the same token. */
    private void measureDisperse(String tokenName, DisperseReference disperse, String token, List<BigInteger> amounts,
            List<BigInteger> halfAmounts) throws Exception {
        for (boolean simple : new boolean[] {false, true}) {
            List<String> fresh = freshAddresses(RECIPIENTS);
            List<String> halfFresh = freshAddresses(RECIPIENTS / 2);
            TransactionReceipt toFresh = disperse(disperse, simple, token, fresh, amounts);
            TransactionReceipt toFunded = disperse(disperse, simple, token, fresh, amounts);
            TransactionReceipt halfToFresh = disperse(disperse, simple, token, halfFresh, halfAmounts);
            TransactionReceipt halfToFunded = disperse(disperse, simple, token, halfFresh, halfAmounts);
            String name = (simple ? "DisperseSimple " : "Disperse ") + tokenName;
            // disperseToken's call 0 is the pull of the total; disperseTokenSimple has one transferFrom per recipient.
            int callIndex = simple ? 1 : 2;
            row(name + ", fresh", RECIPIENTS, toFresh, halfToFresh, innerCallGas(toFresh, callIndex), -1);
            row(name + ", funded", RECIPIENTS, toFunded, halfToFunded, innerCallGas(toFunded, callIndex), -1);
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
        row("BatchPayout native, fresh", RECIPIENTS, toFresh, halfToFresh, -1, plainToFresh / PLAIN_TRANSFERS);
        row("BatchPayout native, funded", RECIPIENTS, toFunded, halfToFunded, -1, plainToFunded / PLAIN_TRANSFERS);
    }

    /** Random amounts below 2^bits (2^64 is about 18.4 units of an 18-decimal asset), never zero. */
    private static List<BigInteger> amounts(int count, int bits) {
        List<BigInteger> amounts = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            amounts.add(new BigInteger(bits, RANDOM).add(BigInteger.ONE));
        }
        return amounts;
    }

    /** half is the batch of half as many recipients (null: no marginal); tokenOwn and plain are -1 when not measured. */
    private void row(String payout, int recipients, TransactionReceipt full, TransactionReceipt half, long tokenOwn, long plain)
            throws IOException {
        assertEquals("0x1", full.getStatus(), payout);
        long gasUsed = full.getGasUsed().longValueExact();
        byte[] input = Numeric.hexStringToByteArray(web3j.ethGetTransactionByHash(full.getTransactionHash()).send().getTransaction()
                .orElseThrow().getInput());
        long zeroBytes = 0;
        for (byte b : input) {
            if (b == 0) {
                zeroBytes++;
            }
        }
        long otherBytes = input.length - zeroBytes;
        long calldataGas = 4 * zeroBytes + 16 * otherBytes;
        // EIP-7623 (Prague): gasUsed is at least 21,000 + 10 gas per calldata token (a zero byte is one token, any other four).
        long calldataFloor = TRANSACTION_BASE_GAS + 10 * (zeroBytes + 4 * otherBytes);
        boolean binds = gasUsed <= calldataFloor;
        if (binds) {
            floorBinds.add(payout + " (" + recipients + ")");
        }
        boolean aboveCap = gasUsed > TRANSACTION_GAS_CAP;
        overCap |= aboveCap;
        long allIn = gasUsed / recipients;
        long execution = (gasUsed - TRANSACTION_BASE_GAS - calldataGas) / recipients;
        String marginal = "-";
        if (half != null) {
            int halfCount = recipients / 2;
            marginal = Long.toString((gasUsed - half.getGasUsed().longValueExact()) / (recipients - halfCount));
        }
        rows.add(String.format(Locale.ROOT, "| %-36s | %5d%s | %10d | %8d | %6d | %9d | %8s | %7s | %8s | %8s | %8s | %7s |",
                payout, recipients, aboveCap ? "*" : " ", gasUsed, calldataGas, allIn, execution, marginal,
                tokenOwn < 0 ? "-" : Long.toString(tokenOwn), tokenOwn < 0 ? "-" : Long.toString(execution - tokenOwn),
                binds ? "binds" : "no", plain < 0 ? "-" : Long.toString(plain),
                plain < 0 ? "-" : String.format(Locale.ROOT, "%.1f%%", 100.0 * (plain - allIn) / plain)));
    }

    private String table() throws IOException, InterruptedException {
        StringBuilder table = new StringBuilder();
        table.append(String.format(Locale.ROOT, "Payout gas on anvil (hardfork %s), %d recipients per batch (marginal: against a batch of %d)%s%n",
                rpc("anvil_nodeInfo", "[]").path("hardFork").asText(), RECIPIENTS, RECIPIENTS / 2,
                REFERENCE_RECIPIENTS == 0 ? "" : ", token batches also with " + REFERENCE_RECIPIENTS));
        table.append("all-in = gasUsed / n (what the payer pays); execution = (gasUsed - 21,000 - calldata) / n, the basis of Forge's\n");
        table.append("gas report and of the reference (Disperse disperseToken on Solady's ERC20: 25,747 per recipient at 1,000).\n");
        table.append("Gas per recipient except gasUsed and calldata gas (per batch); token's own = one transfer inside the batch;\n");
        table.append("contract's own = execution - token's own; saving = all-in against one plain transfer transaction per recipient.\n");
        table.append("| payout                               | n      | gasUsed    | calldata | all-in | execution | marginal | token's | contract | 7623     | plain    | saving  |\n");
        table.append("|                                      |        |            | gas      |        |           | (all-in) | own     | 's own   | floor    | transfer | (all-in)|\n");
        table.append("|--------------------------------------|--------|------------|----------|--------|-----------|----------|---------|----------|----------|----------|---------|\n");
        rows.forEach(row -> table.append(row).append('\n'));
        table.append(floorBinds.isEmpty() ? "EIP-7623's calldata floor binds in no row: every execution figure is the call's execution gas.\n"
                : "EIP-7623's calldata floor binds in " + floorBinds + ": their execution figure is not the call's execution gas.\n");
        if (overCap) {
            table.append("* gasUsed above 2^24: a chain enforcing EIP-7825 (mainnet since Osaka) refuses the transaction; anvil as the devstack\n"
                    + "  starts it does not enforce the cap. Measured only to compare with the reference at its batch size.\n");
        }
        return table.toString();
    }

    /** Gas used inside the callIndex-th call the transaction made (anvil's call tracer). */
    private long innerCallGas(TransactionReceipt receipt, int callIndex) throws IOException, InterruptedException {
        JsonNode calls = rpc("debug_traceTransaction", "[\"" + receipt.getTransactionHash() + "\",{\"tracer\":\"callTracer\"}]")
                .path("calls");
        assertTrue(calls.size() > callIndex, "no call " + callIndex + " in the trace of " + receipt.getTransactionHash());
        return Long.decode(calls.get(callIndex).path("gasUsed").asText());
    }

    private JsonNode rpc(String method, String params) throws IOException, InterruptedException {
        return AnvilRpc.call(rpcUrl, method, params);
    }
}
