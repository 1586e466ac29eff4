package dev.restitution.payout.execution;

import dev.restitution.contracts.solidity.BatchPayout;
import dev.restitution.contracts.solidity.CommitmentRegistry;
import dev.restitution.contracts.solidity.NoReturnTestToken;
import dev.restitution.contracts.solidity.TestToken;
import dev.restitution.devstack.DevStack;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.TestResourceScope;
import io.quarkus.test.common.WithTestResource;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;

/**
 * What execution needs on the devstack's anvil before the application starts: the payout service's sending
 * key (anvil's second development account) in an encrypted keystore written here, a BatchPayout contract
 * operated by it, allowlisted test tokens, the caps, and a CommitmentRegistry it publishes to. Started once per test JVM.
 */
@WithTestResource(value = ExecutionChainTestResource.class, scope = TestResourceScope.GLOBAL)
public final class ExecutionChainTestResource implements QuarkusTestResourceLifecycleManager {

    static final long CHAIN_ID = 31337L;
    /** Where the settings of the chain the tests pay on live. */
    static final String CHAIN = "restitution.chains.\"" + CHAIN_ID + "\".";
    /** anvil's first development account: deploys and mints (public test mnemonic, never a real key). */
    static final Credentials DEPLOYER = Credentials.create(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    /** anvil's second development account: the service's sending address, read from the keystore by the service. */
    static final Credentials OPERATOR = Credentials.create(
            "0x59c6995e998f97a5a0044966f0945389dc9e86dae88c7a8412f4603b6b78690d");
    /** Where the commitment registry's settings live. */
    static final String COMMITMENTS = "restitution.commitments.";
    static final BigInteger TOKEN_FUNDING = BigInteger.TEN.pow(30);
    /** USDT-style token: caps small enough for the cap test, which is its only user. */
    static final BigInteger CAPPED_PER_ORDER = BigInteger.valueOf(1_000);
    static final BigInteger CAPPED_PER_DAY = BigInteger.valueOf(1_500);

    private static Map<String, String> configuration;

    @Override
    public synchronized Map<String, String> start() {
        if (configuration == null) {
            Map<String, String> settings = new HashMap<>(deploy(CHAIN_ID, DevStack.shared().anvilRpcUrl()));
            settings.put(COMMITMENTS + "chain-id", String.valueOf(CHAIN_ID));
            settings.put(COMMITMENTS + "contract", deployCommitmentRegistry(DevStack.shared().anvilRpcUrl()));
            configuration = Map.copyOf(settings);
        }
        return configuration;
    }

    @Override
    public void stop() {
        // the chain lives as long as the shared devstack
    }

    /**
     * Deploys the contracts and tokens on the chain {@code chainId} at {@code rpcUrl} and writes the keystore;
     * answers payout-service's settings for that chain (under {@code restitution.chains."<chainId>"}).
     */
    static Map<String, String> deploy(long chainId, String rpcUrl) {
        String chain = "restitution.chains.\"" + chainId + "\".";
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            var transactions = new RawTransactionManager(web3j, DEPLOYER, chainId,
                    new PollingTransactionReceiptProcessor(web3j, 50, 400));
            var gas = new StaticGasProvider(Convert.toWei("10", Convert.Unit.GWEI).toBigIntegerExact(),
                    BigInteger.valueOf(16_000_000));
            BatchPayout payout = BatchPayout.deploy(web3j, transactions, gas, OPERATOR.getAddress()).send();
            TestToken standard = TestToken.deploy(web3j, transactions, gas, "Test", "TST", BigInteger.valueOf(18)).send();
            NoReturnTestToken capped = NoReturnTestToken.deploy(web3j, transactions, gas, "Tether-style", "USDTS",
                    BigInteger.valueOf(6)).send();
            TestToken revertProbe = TestToken.deploy(web3j, transactions, gas, "Probe", "PRB", BigInteger.valueOf(0)).send();
            standard.mint(payout.getContractAddress(), TOKEN_FUNDING).send();
            standard.mint(OPERATOR.getAddress(), TOKEN_FUNDING).send();
            capped.mint(payout.getContractAddress(), TOKEN_FUNDING).send();
            String batchPayout = Keys.toChecksumAddress(payout.getContractAddress());
            String standardToken = Keys.toChecksumAddress(standard.getContractAddress());
            String cappedToken = Keys.toChecksumAddress(capped.getContractAddress());
            String revertProbeToken = Keys.toChecksumAddress(revertProbe.getContractAddress());

            Path directory = Files.createTempDirectory("payout-keystore");
            byte[] passwordBytes = new byte[24];
            new SecureRandom().nextBytes(passwordBytes);
            String password = HexFormat.of().formatHex(passwordBytes);
            String file = WalletUtils.generateWalletFile(password, OPERATOR.getEcKeyPair(), directory.toFile(), false);

            Map<String, String> config = new HashMap<>();
            config.put(chain + "signer.kind", "keystore");
            config.put(chain + "signer.keystore-file", directory.resolve(file).toString());
            config.put(chain + "signer.keystore-password", password);
            config.put(chain + "batch-payout-contract", batchPayout);
            config.put(chain + "token-contracts", String.join(",", standardToken, cappedToken, revertProbeToken));
            cap(config, chain, "native", BigInteger.TEN.pow(20), BigInteger.TEN.pow(24));
            cap(config, chain, standardToken, BigInteger.TEN.pow(27), BigInteger.TEN.pow(29));
            cap(config, chain, cappedToken, CAPPED_PER_ORDER, CAPPED_PER_DAY);
            cap(config, chain, revertProbeToken, BigInteger.TEN.pow(9), BigInteger.TEN.pow(12));
            return Map.copyOf(config);
        } catch (Exception e) {
            throw new IllegalStateException("cannot prepare the payout contracts on anvil", e);
        } finally {
            web3j.shutdown();
        }
    }

    /** A CommitmentRegistry on the first chain whose publisher is the service's sending address; answers its address. */
    static String deployCommitmentRegistry(String rpcUrl) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            var transactions = new RawTransactionManager(web3j, DEPLOYER, CHAIN_ID,
                    new PollingTransactionReceiptProcessor(web3j, 50, 400));
            var gas = new StaticGasProvider(Convert.toWei("10", Convert.Unit.GWEI).toBigIntegerExact(),
                    BigInteger.valueOf(16_000_000));
            return Keys.toChecksumAddress(CommitmentRegistry.deploy(web3j, transactions, gas, OPERATOR.getAddress())
                    .send().getContractAddress());
        } catch (Exception e) {
            throw new IllegalStateException("cannot deploy the CommitmentRegistry on anvil", e);
        } finally {
            web3j.shutdown();
        }
    }

    private static void cap(Map<String, String> config, String chain, String asset, BigInteger perOrder,
                            BigInteger perDay) {
        config.put(chain + "caps.\"" + asset + "\".per-order-minor-units", perOrder.toString());
        config.put(chain + "caps.\"" + asset + "\".per-day-minor-units", perDay.toString());
    }
}
