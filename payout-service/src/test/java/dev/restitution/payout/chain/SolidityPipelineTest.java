package dev.restitution.payout.chain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.contracts.solidity.PipelineProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.math.BigInteger;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.DefaultGasProvider;

@QuarkusTest
class SolidityPipelineTest {

    // anvil's first pre-funded development account (public test mnemonic), never a real key.
    private static final Credentials ANVIL_DEVELOPER = Credentials.create(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");

    @Inject
    Web3j web3j;

    @Test
    void compiledContractDeploysAndAnswersThroughItsGeneratedWrapper() throws Exception {
        // Why: proves solc -> web3j codegen -> a real transaction on the chain the service is configured for.
        var transactions = new RawTransactionManager(web3j, ANVIL_DEVELOPER, 31337L);
        PipelineProbe probe = PipelineProbe.deploy(web3j, transactions, new DefaultGasProvider()).send();
        TransactionReceipt receipt = probe.set(BigInteger.valueOf(42)).send();
        assertEquals("0x1", receipt.getStatus());
        assertEquals(BigInteger.valueOf(42), probe.get().send());
    }
}
