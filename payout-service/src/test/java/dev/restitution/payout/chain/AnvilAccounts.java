package dev.restitution.payout.chain;

import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.security.InvalidAlgorithmParameterException;
import java.security.NoSuchAlgorithmException;
import java.security.NoSuchProviderException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.methods.response.TransactionReceipt;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.TransactionManager;
import org.web3j.tx.Transfer;
import org.web3j.tx.gas.ContractGasProvider;
import org.web3j.tx.gas.StaticGasProvider;
import org.web3j.tx.response.PollingTransactionReceiptProcessor;
import org.web3j.utils.Convert;
import org.web3j.utils.Numeric;

/** Accounts, addresses and transaction managers for tests that send transactions to the devstack's anvil. */
final class AnvilAccounts {

    static final long CHAIN_ID = 31337L;
    /** anvil's first pre-funded development account (public test mnemonic), never a real key. */
    static final Credentials DEVELOPER = Credentials.create(
            "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80");
    /** 10 gwei is above anvil's base fee (1 gwei, falling) in every block these tests make. */
    static final BigInteger GAS_PRICE_WEI = Convert.toWei("10", Convert.Unit.GWEI).toBigIntegerExact();
    /** Below the per-transaction cap of 2^24 gas (EIP-7825, on mainnet since Osaka; anvil does not enforce it). */
    static final BigInteger GAS_LIMIT = BigInteger.valueOf(16_000_000);
    static final ContractGasProvider GAS = new StaticGasProvider(GAS_PRICE_WEI, GAS_LIMIT);
    /** anvil mines on arrival; poll every 50 ms for up to 20 s instead of web3j's 15 s default. */
    private static final long RECEIPT_POLL_MILLIS = 50;
    private static final int RECEIPT_POLL_ATTEMPTS = 400;
    private static final SecureRandom RANDOM = new SecureRandom();

    private AnvilAccounts() {
    }

    static TransactionManager transactions(Web3j web3j, Credentials credentials) {
        return new RawTransactionManager(web3j, credentials, CHAIN_ID,
                new PollingTransactionReceiptProcessor(web3j, RECEIPT_POLL_MILLIS, RECEIPT_POLL_ATTEMPTS));
    }

    /** A new key holding etherToFund ether sent from the developer account. */
    static Credentials fundedAccount(Web3j web3j, long etherToFund) throws Exception {
        Credentials account = newKey();
        TransactionReceipt receipt = new Transfer(web3j, transactions(web3j, DEVELOPER))
                .sendFunds(account.getAddress(), BigDecimal.valueOf(etherToFund), Convert.Unit.ETHER, GAS_PRICE_WEI,
                        Transfer.GAS_LIMIT)
                .send();
        if (!receipt.isStatusOK()) {
            throw new IllegalStateException("funding " + account.getAddress() + " failed: " + receipt);
        }
        return account;
    }

    /** Addresses nobody has used: no balance, no code, so paying them is the "fresh recipient" case. */
    static List<String> freshAddresses(int count) {
        List<String> addresses = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] address = new byte[20];
            RANDOM.nextBytes(address);
            addresses.add(Keys.toChecksumAddress(Numeric.toHexString(address)));
        }
        return addresses;
    }

    /** A random 32-byte batch id. */
    static byte[] newBatchId() {
        byte[] batchId = new byte[32];
        RANDOM.nextBytes(batchId);
        return batchId;
    }

    static BigInteger nativeBalance(Web3j web3j, String address) throws IOException {
        return web3j.ethGetBalance(address, DefaultBlockParameterName.LATEST).send().getBalance();
    }

    private static Credentials newKey() {
        try {
            return Credentials.create(Keys.createEcKeyPair());
        } catch (InvalidAlgorithmParameterException | NoSuchAlgorithmException | NoSuchProviderException e) {
            throw new IllegalStateException("cannot create a key pair", e);
        }
    }
}
