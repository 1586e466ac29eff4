package dev.restitution.payout.engine.signer;

import java.io.IOException;
import java.nio.file.Path;
import org.web3j.crypto.exception.CipherException;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Keys;
import org.web3j.crypto.RawTransaction;
import org.web3j.crypto.TransactionEncoder;
import org.web3j.crypto.WalletUtils;
import org.web3j.utils.Numeric;

/** Local signing with an encrypted web3j wallet file; the decrypted key lives only inside this object. */
public final class KeystoreSigner implements TransactionSigner {

    private final Credentials credentials;
    private final String address;

    private KeystoreSigner(Credentials credentials) {
        this.credentials = credentials;
        this.address = Keys.toChecksumAddress(credentials.getAddress());
    }

    /** Decrypts the wallet file; a wrong password or unreadable file is a SigningException that names neither. */
    public static KeystoreSigner open(Path walletFile, String password) {
        try {
            return new KeystoreSigner(WalletUtils.loadCredentials(password, walletFile.toFile()));
        } catch (CipherException wrongPassword) {
            throw new SigningException("the keystore " + walletFile.getFileName() + " does not open with the configured password");
        } catch (IOException unreadable) {
            throw new SigningException("the keystore " + walletFile.getFileName() + " cannot be read: "
                    + unreadable.getClass().getSimpleName());
        }
    }

    @Override
    public String address() {
        return address;
    }

    @Override
    public String sign(RawTransaction transaction) {
        String signed = Numeric.toHexString(TransactionEncoder.signMessage(transaction, credentials));
        SignedTransactions.requireSignedAsRequested(signed, transaction, address);
        return signed;
    }

    @Override
    public String toString() {
        return "KeystoreSigner[" + address + "]";
    }
}
