package dev.restitution.payout.engine.signer;

import dev.restitution.payout.config.PayoutConfig;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import java.net.URI;

/** The configuration picks the signer: an encrypted keystore locally, Web3Signer in production. */
public class SignerProducer {

    @Produces
    @ApplicationScoped
    TransactionSigner signer(PayoutConfig config) {
        PayoutConfig.Signer signer = config.execution().signer();
        return switch (signer.kind()) {
            case KEYSTORE -> KeystoreSigner.open(
                    signer.keystoreFile().orElseThrow(() -> missing("keystore-file")),
                    signer.keystorePassword().orElseThrow(() -> missing("keystore-password")));
            case REMOTE -> new RemoteSigner(
                    URI.create(signer.remoteUrl().orElseThrow(() -> missing("remote-url"))),
                    signer.remoteAddress().orElseThrow(() -> missing("remote-address")),
                    signer.remoteTimeout());
        };
    }

    private static SigningException missing(String key) {
        return new SigningException("restitution.execution.signer." + key + " is not configured");
    }
}
