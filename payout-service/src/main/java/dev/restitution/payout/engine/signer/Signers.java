package dev.restitution.payout.engine.signer;

import dev.restitution.payout.config.PayoutConfig;
import java.net.URI;

/** A chain's configuration picks its signer: an encrypted keystore locally, Web3Signer in production. */
public final class Signers {

    private Signers() {
    }

    /** The signer {@code signer} describes; {@code key} names its configuration in messages. */
    public static TransactionSigner open(PayoutConfig.Signer signer, String key) {
        return switch (signer.kind()) {
            case KEYSTORE -> KeystoreSigner.open(
                    signer.keystoreFile().orElseThrow(() -> missing(key, "keystore-file")),
                    signer.keystorePassword().orElseThrow(() -> missing(key, "keystore-password")));
            case REMOTE -> new RemoteSigner(
                    URI.create(signer.remoteUrl().orElseThrow(() -> missing(key, "remote-url"))),
                    signer.remoteAddress().orElseThrow(() -> missing(key, "remote-address")),
                    signer.remoteTimeout());
        };
    }

    private static SigningException missing(String key, String property) {
        return new SigningException(key + ".signer." + property + " is not configured");
    }
}
