package dev.restitution.payout.engine.signer;

import org.web3j.crypto.RawTransaction;

/**
 * Signs payment transactions for one sending address. Implementations hold or reach the key; the key itself
 * never leaves them (not in config values the service logs, not in the database, not in exceptions).
 */
public interface TransactionSigner {

    /** The sending address (EIP-55). */
    String address();

    /**
     * The signed EIP-1559 transaction, 0x-prefixed hex of its bytes as broadcast. Implementations check that
     * the signed transaction is exactly {@code transaction} and is signed by {@link #address()}.
     *
     * @throws SigningException when the transaction could not be signed (nothing was signed then)
     */
    String sign(RawTransaction transaction);
}
