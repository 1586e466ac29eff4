package dev.restitution.payout.engine.signer;

import java.util.function.Supplier;
import org.web3j.crypto.RawTransaction;

/**
 * A signer opened when it is first asked for, as the service's single signer was: a chain whose signer is not
 * configured yet still starts and answers reads; only signing on it fails (and is retried) until it is.
 */
public final class OpenedOnFirstUse implements TransactionSigner {

    private final Supplier<TransactionSigner> opener;
    private TransactionSigner opened;

    public OpenedOnFirstUse(Supplier<TransactionSigner> opener) {
        this.opener = opener;
    }

    private synchronized TransactionSigner signer() {
        if (opened == null) {
            opened = opener.get();
        }
        return opened;
    }

    @Override
    public String address() {
        return signer().address();
    }

    @Override
    public String sign(RawTransaction transaction) {
        return signer().sign(transaction);
    }
}
