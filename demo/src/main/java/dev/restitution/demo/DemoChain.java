package dev.restitution.demo;

import dev.restitution.contracts.solidity.BatchPayout;
import dev.restitution.contracts.solidity.CommitmentRegistry;
import dev.restitution.contracts.solidity.NoReturnTestToken;
import dev.restitution.contracts.solidity.TestToken;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.WalletUtils;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;

/**
 * What a payout needs on the local chain, deployed the way an exchange would set it up: a payout wallet
 * whose key exists only in an encrypted keystore, the batch payout contract operated by that wallet, the
 * commitment registry that wallet publishes snapshots and rounds to, and two ERC-20 tokens (a standard one and a USDT-style one that returns no boolean). The wallet holds the
 * recovered funds it pays by plain transfer; the payout contract holds the tokens it pays in batches (it pays
 * from its own balance, never through an allowance on the wallet).
 */
public final class DemoChain {

    /** The first local chain's id (anvil): where the demo case's incident pays. */
    public static final long CHAIN_ID = 31337L;
    /** The second local chain's id (anvil): payout-service pays there too, with its own contract, tokens and key. */
    public static final long SECOND_CHAIN_ID = 31338L;
    /** 500 gwei: no payment is ever signed offering more per gas. */
    private static final BigInteger MAX_FEE_PER_GAS_CEILING_WEI =
            Convert.toWei("500", Convert.Unit.GWEI).toBigIntegerExact();
    /** anvil's first pre-funded development account (public test mnemonic): deploys and funds, never pays out. */
    private static final Credentials DEPLOYER = Credentials.create(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    /** 10 gwei: above anvil's base fee in every block the set-up makes. */
    private static final BigInteger GAS_PRICE_WEI = Convert.toWei("10", Convert.Unit.GWEI).toBigIntegerExact();
    private static final ContractGasProvider GAS = new StaticGasProvider(GAS_PRICE_WEI, BigInteger.valueOf(8_000_000));
    private static final long RECEIPT_POLL_MILLIS = 100;
    private static final int RECEIPT_POLL_ATTEMPTS = 600;
    /**
     * Ether the payout wallet starts with: native payouts plus gas for thousands of transactions, and small enough that
     * the deployer's 10,000 (anvil's default) funds several set-ups on one chain (each system test class deploys its own).
     */
    private static final long WALLET_ETHER = 1_000;
    /** Tokens (in whole units) minted to the payout wallet and again to the payout contract: the recovered stablecoins. */
    private static final long WALLET_TOKENS = 100_000_000;
    public static final int TOKEN_DECIMALS = 6;
    /** The demo's caps: 10^30 smallest units per order and per day (a million ether; 10^24 dollars). */
    private static final BigInteger CAP = BigInteger.TEN.pow(30);

    /**
     * The deployed set-up. {@code keystore} holds the payout wallet's key encrypted with
     * {@code keystorePassword} (a fresh random one per set-up); nothing else holds the key.
     */
    public record Deployment(long chainId, String rpcUrl, String payoutWallet, Path keystore, String keystorePassword,
                             String batchPayout, String commitmentRegistry, String usdc, String usdt,
                             String walletFundingTxHash) {
        public Deployment {
            Objects.requireNonNull(rpcUrl, "rpcUrl");
            Objects.requireNonNull(keystore, "keystore");
        }

        /**
         * payout-service's settings for this chain (under {@code restitution.chains."<chain id>"}): its node, its
         * contract and tokens (the allowlist), the keystore signer, the fee ceiling, and caps per order and per day
         * far above what the demo pays; and the worker's interval. confirmations: blocks a payment waits for (anvil
         * mines a block per transaction unless it has a block time). Settings of several deployments (one per
         * chain) add up.
         */
        public Map<String, String> payoutSettings(int confirmations) {
            String chain = "restitution.chains.\"" + chainId + "\".";
            Map<String, String> settings = new LinkedHashMap<>();
            settings.put(chain + "rpc-url", rpcUrl);
            settings.put(chain + "batch-payout-contract", batchPayout);
            settings.put(chain + "token-contracts", usdc + "," + usdt);
            settings.put(chain + "signer.kind", "keystore");
            settings.put(chain + "signer.keystore-file", keystore.toAbsolutePath().toString());
            settings.put(chain + "signer.keystore-password", keystorePassword);
            settings.put(chain + "fees.max-fee-per-gas-ceiling-wei", MAX_FEE_PER_GAS_CEILING_WEI.toString());
            settings.put(chain + "confirmations", Integer.toString(confirmations));
            settings.put("restitution.execution.worker-interval", "1s");
            settings.putAll(commitmentSettings());
            for (String asset : List.of("native", usdc, usdt)) {
                settings.put(chain + "caps." + asset + ".per-order-minor-units", CAP.toString());
                settings.put(chain + "caps." + asset + ".per-day-minor-units", CAP.toString());
            }
            return settings;
        }

        /** payout-service's settings publishing commitments to this chain's registry (one chain holds them). */
        public Map<String, String> commitmentSettings() {
            return Map.of("restitution.commitments.chain-id", Long.toString(chainId),
                    "restitution.commitments.contract", commitmentRegistry);
        }

        @Override
        public String toString() {
            return "Deployment[chain=" + chainId + ", wallet=" + payoutWallet + ", batchPayout=" + batchPayout
                    + ", commitmentRegistry=" + commitmentRegistry
                    + ", usdc=" + usdc
                    + ", usdt=" + usdt + ", keystore=" + keystore + "]";
        }
    }

    private DemoChain() {
    }

    /**
     * Creates the payout wallet's keystore under {@code directory} and deploys everything on the chain at rpcUrl,
     * which must be chain {@code chainId}.
     */
    public static Deployment deploy(long chainId, String rpcUrl, Path directory) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            Files.createDirectories(directory);
            String password = randomPassword();
            String walletFile = WalletUtils.generateNewWalletFile(password, directory.toFile());
            Path keystore = directory.resolve(walletFile);
            Credentials wallet = WalletUtils.loadCredentials(password, keystore.toFile());
            TransactionManager deployer = transactions(web3j, DEPLOYER, chainId);
            TransactionReceipt funding = new Transfer(web3j, deployer)
                    .sendFunds(wallet.getAddress(), BigDecimal.valueOf(WALLET_ETHER), Convert.Unit.ETHER,
                            GAS_PRICE_WEI, Transfer.GAS_LIMIT)
                    .send();
            requireSuccess(funding, "funding the payout wallet");
            BatchPayout payout = BatchPayout.deploy(web3j, deployer, GAS, wallet.getAddress()).send();
            CommitmentRegistry registry = CommitmentRegistry.deploy(web3j, deployer, GAS, wallet.getAddress()).send();
            BigInteger minted = BigInteger.valueOf(WALLET_TOKENS).multiply(BigInteger.TEN.pow(TOKEN_DECIMALS));
            BigInteger decimals = BigInteger.valueOf(TOKEN_DECIMALS);
            TestToken usdc = TestToken.deploy(web3j, deployer, GAS, "USD Coin (demo)", "USDC", decimals).send();
            NoReturnTestToken usdt = NoReturnTestToken.deploy(web3j, deployer, GAS, "Tether USD (demo)", "USDT", decimals).send();
            requireSuccess(usdc.mint(wallet.getAddress(), minted).send(), "minting USDC");
            requireSuccess(usdt.mint(wallet.getAddress(), minted).send(), "minting USDT");
            requireSuccess(usdc.mint(payout.getContractAddress(), minted).send(), "funding the payout contract with USDC");
            requireSuccess(usdt.mint(payout.getContractAddress(), minted).send(), "funding the payout contract with USDT");
            return new Deployment(chainId, rpcUrl, checksum(wallet.getAddress()), keystore, password,
                    checksum(payout.getContractAddress()), checksum(registry.getContractAddress()),
                    checksum(usdc.getContractAddress()),
                    checksum(usdt.getContractAddress()), funding.getTransactionHash());
        } catch (IOException e) {
            throw new IllegalStateException("cannot set up the local chain at " + rpcUrl + ": " + e.getMessage(), e);
        } catch (GeneralSecurityException | CipherException e) {
            throw new IllegalStateException("cannot create the payout wallet's keystore: " + e.getMessage(), e);
        } catch (Exception e) {
            throw new IllegalStateException("deploying to the local chain at " + rpcUrl + " failed: " + e.getMessage(), e);
        } finally {
            web3j.shutdown();
        }
    }

    /** The native balance of address on the chain at rpcUrl, in wei. */
    public static BigInteger nativeBalance(String rpcUrl, String address) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the balance of " + address + ": " + e.getMessage(), e);
        } finally {
            web3j.shutdown();
        }
    }

    /** The token balance of address (an ERC-20 at token), in the token's smallest unit. */
    public static BigInteger tokenBalance(String rpcUrl, String token, String address) {
        Web3j web3j = Web3j.build(new HttpService(rpcUrl));
        try {
            return TestToken.load(token, web3j, new org.web3j.tx.ReadonlyTransactionManager(web3j, address), GAS)
                    .balanceOf(address).send();
        } catch (Exception e) {
            throw new IllegalStateException("cannot read the " + token + " balance of " + address + ": " + e.getMessage(), e);
        } finally {
            web3j.shutdown();
        }
    }

    private static TransactionManager transactions(Web3j web3j, Credentials credentials, long chainId) {
        return new RawTransactionManager(web3j, credentials, chainId,
                new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS));
    }

    private static void requireSuccess(TransactionReceipt receipt, String what) {
        if (!receipt.isStatusOK()) {
            throw new IllegalStateException(what + " failed on chain: " + receipt);
        }
    }

    private static String checksum(String address) {
        return Keys.toChecksumAddress(address);
    }

    private static String randomPassword() {
        byte[] secret = new byte[24];
        new SecureRandom().nextBytes(secret);
        return HexFormat.of().formatHex(secret);
    }
}
