package dev.restitution.contracts.solidity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.RemoteCall;
import org.web3j.protocol.core.RemoteFunctionCall;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.gas.ContractGasProvider;

/**
 * The solidity pipeline (solcjs -> ABI and bytecode -> web3j wrapper) works end to end. Deploying
 * on a chain is proven by payout-service's tests, which have the devstack's anvil.
 */
class PipelineProbeWrapperTest {

    private static final Path COMPILED = Path.of("target", "solidity");

    @Test
    void wrapperCarriesTheCompiledBytecode() {
        // Without bytecode the wrapper could load a deployed contract but never deploy one.
        assertTrue(PipelineProbe.BINARY.matches("[0-9a-f]{100,}"), PipelineProbe.BINARY);
        // The compiled dispatcher contains both function selectors, so ABI and bytecode belong together.
        String setSelector = FunctionEncoder.encode(new Function("set", List.of(new Uint256(7)), List.of()))
                .substring(2, 10);
        assertTrue(PipelineProbe.BINARY.contains(setSelector), "set selector " + setSelector);
        assertTrue(PipelineProbe.BINARY.contains(
                FunctionEncoder.encode(new Function("get", List.of(), List.of())).substring(2, 10)));
    }

    @Test
    void wrapperHasTheContractsFunctionsAndEvent() throws NoSuchMethodException {
        // Callers use these signatures; a change of the contract shows here, not at run time.
        assertEquals("get", PipelineProbe.FUNC_GET);
        assertEquals("set", PipelineProbe.FUNC_SET);
        assertEquals(RemoteFunctionCall.class, PipelineProbe.class.getMethod("get").getReturnType());
        assertEquals(RemoteFunctionCall.class, PipelineProbe.class.getMethod("set", BigInteger.class).getReturnType());
        assertEquals(EventEncoder.buildEventSignature("ValueSet(address,uint256,uint256)"),
                EventEncoder.encode(PipelineProbe.VALUESET_EVENT));

        Method deploy = PipelineProbe.class.getMethod("deploy", Web3j.class, TransactionManager.class, ContractGasProvider.class);
        assertTrue(Modifier.isStatic(deploy.getModifiers()));
        assertEquals(RemoteCall.class, deploy.getReturnType());
        Method load = PipelineProbe.class.getMethod("load", String.class, Web3j.class, TransactionManager.class, ContractGasProvider.class);
        assertEquals(PipelineProbe.class, load.getReturnType());
    }

    @Test
    void everyDeployableContractHasAWrapper() throws IOException {
        // A contract added to solidity/ without its codegen execution in contracts/pom.xml fails here.
        // Interfaces and abstract contracts compile to empty bytecode and need no wrapper.
        try (Stream<Path> files = Files.list(COMPILED)) {
            List<String> contracts = files.filter(file -> file.getFileName().toString().endsWith(".bin"))
                    .filter(PipelineProbeWrapperTest::hasBytecode)
                    .map(file -> file.getFileName().toString())
                    .map(name -> name.substring(name.lastIndexOf("_sol_") + "_sol_".length(), name.length() - ".bin".length()))
                    .toList();
            assertTrue(contracts.contains("PipelineProbe"), contracts.toString());
            for (String contract : contracts) {
                String wrapper = PipelineProbe.class.getPackageName() + "." + contract;
                assertTrue(classExists(wrapper), "no web3j wrapper " + wrapper
                        + ": add a web3j-wrapper execution for it in contracts/pom.xml");
            }
        }
    }

    private static boolean hasBytecode(Path binFile) {
        try {
            return !Files.readString(binFile).isBlank();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean classExists(String name) {
        try {
            Class.forName(name, false, PipelineProbeWrapperTest.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
