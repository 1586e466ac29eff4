package dev.restitution.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The auditors' command-line verifier (verifier/cli.mjs), run with node against anvil as an auditor runs it. */
@QuarkusTest
class VerifierCliTest {

    private static final long TIMEOUT_SECONDS = 60;

    /** What the command printed and how it ended. */
    private record Run(int exitCode, String out, String err) {
    }

    @Test
    void theCommandLineVerifierPassesAlicesFileAndFailsItWithAPaymentAmountChanged() throws Exception {
        // Why: an auditor relies on the exit status in scripts: the claimant's real file must pass every check on-chain
        // and a file claiming a payment the chain does not show must fail with the line that says so.
        AlicesProofFile alice = alicesFile();
        Run good = verify(alice.proof, alice.rpcUrl);
        assertEquals(0, good.exitCode(), good.toString());
        assertTrue(good.out().contains("Every check passed."), good.out());
        assertTrue(good.out().lines().anyMatch(line -> line.startsWith("ok") && line.contains("from the chain")
                && line.contains("The snapshot root committed on-chain equals the root of your balance proof")), good.out());
        assertTrue(good.out().lines().noneMatch(line -> line.startsWith("FAIL")), good.out());

        ObjectNode tampered = alice.copy();
        ((ObjectNode) tampered.get("payments").get(0)).put("amount", "500000000000000000");
        Run failed = verify(tampered, alice.rpcUrl);
        assertEquals(1, failed.exitCode(), failed.toString());
        assertTrue(failed.out().lines().anyMatch(line -> line.startsWith("FAIL") && line.contains("did NOT pay 0.5 ETH (500000000000000000 of")
                && line.contains("it paid that address 0.4 ETH (" + AlicesProofFile.TREASURY_WEI + " of")), failed.out());
        assertTrue(failed.err().contains("1 check FAILED"), failed.err());
    }

    @Test
    void aPaymentThroughTheBatchPayoutContractIsReadFromItsCalldataAndItsEvent() throws Exception {
        // Why: a native-coin batch pays many recipients in one transaction whose value is the batch's total; only the
        // batch's items in the calldata, confirmed by its BatchPaid event, say who got how much.
        AlicesProofFile alice = alicesFile();
        BigInteger amount = BigInteger.valueOf(123_456_789);
        String txHash = AlicesProofFile.payThroughBatchPayout(alice.rpcUrl, alice.aliceAddress, amount);
        ObjectNode withBatch = withPayment(alice, txHash, amount.toString());
        Run good = verify(withBatch, alice.rpcUrl);
        assertEquals(0, good.exitCode(), good.toString());
        assertTrue(good.out().lines().anyMatch(line -> line.startsWith("ok") && line.contains("(123456789 of eip155:31337/slip44:60) to")
                && line.contains("an item of BatchPayout batch")), good.out());

        Run failed = verify(withPayment(alice, txHash, "123456790"), alice.rpcUrl);
        assertEquals(1, failed.exitCode(), failed.toString());
        assertTrue(failed.out().lines().anyMatch(line -> line.startsWith("FAIL") && line.contains("did NOT pay") && line.contains("(123456790 of")), failed.out());
    }

    @Test
    void aFileThatIsNoProofFileOrAMissingOptionIsRefusedWithTheReason() throws Exception {
        // Why: an auditor's script must not read a wrong file or a forgotten option as a passed check.
        Path notAProof = Files.writeString(Files.createTempFile(Path.of("target"), "not-a-proof-", ".json"), "{\"format\": \"other/1\"}");
        Run refused = run(List.of("--proof", notAProof.toString(), "--rpc", "http://127.0.0.1:1"));
        assertEquals(1, refused.exitCode(), refused.toString());
        assertTrue(refused.err().contains("is not a proof file of format restitution-proof/1"), refused.err());
        Run usage = run(List.of("--proof", notAProof.toString()));
        assertEquals(64, usage.exitCode(), usage.toString());
        assertTrue(usage.err().contains("--rpc is missing"), usage.err());
    }

    private static AlicesProofFile alicesFile() throws Exception {
        try (PortalBrowser browser = new PortalBrowser("verifier-cli-alice")) {
            browser.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            return AlicesProofFile.get(browser);
        }
    }

    private static ObjectNode withPayment(AlicesProofFile alice, String txHash, String amount) {
        ObjectNode proof = alice.copy();
        ArrayNode payments = (ArrayNode) proof.get("payments");
        payments.addObject().put("chainId", Services.CHAIN_ID).put("txHash", txHash).put("asset", "eip155:31337/slip44:60")
                .put("recipient", alice.aliceAddress).put("amount", amount).put("batchId", UUID.randomUUID().toString())
                .put("entitlementId", UUID.randomUUID().toString());
        return proof;
    }

    private static Run verify(ObjectNode proof, String rpcUrl) throws Exception {
        Path file = Files.createTempFile(Path.of("target"), "proof-", ".json");
        Files.writeString(file, proof.toPrettyString());
        return run(List.of("--proof", file.toString(), "--rpc", rpcUrl));
    }

    /** node verifier/cli.mjs with the arguments, in the portal's directory (where npm ci installed its libraries). */
    private static Run run(List<String> arguments) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>(List.of("node", "verifier/cli.mjs"));
        command.addAll(arguments);
        Path out = Files.createTempFile(Path.of("target"), "verifier-out-", ".txt");
        Path err = Files.createTempFile(Path.of("target"), "verifier-err-", ".txt");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("the verifier did not finish within " + TIMEOUT_SECONDS + " s: " + command);
        }
        return new Run(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
