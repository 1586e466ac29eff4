package dev.restitution.payout.chain;

import dev.restitution.payout.config.PayoutConfig;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigInteger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.web3j.protocol.Web3j;

/** Ready only when the chain answers and is the chain we are configured to pay on. */
@Readiness
@ApplicationScoped
public class ChainReadinessCheck implements HealthCheck {

    static final String NAME = "EVM chain";

    private final Web3j web3j;
    private final long expectedChainId;

    public ChainReadinessCheck(Web3j web3j, PayoutConfig config) {
        this.web3j = web3j;
        this.expectedChainId = config.chain().chainId();
    }

    @Override
    public HealthCheckResponse call() {
        try {
            BigInteger chainId = web3j.ethChainId().send().getChainId();
            boolean expected = BigInteger.valueOf(expectedChainId).equals(chainId);
            return HealthCheckResponse.named(NAME).status(expected)
                    .withData("chainId", String.valueOf(chainId))
                    .withData("expectedChainId", expectedChainId)
                    .build();
        } catch (IOException | RuntimeException unreachable) {
            return HealthCheckResponse.named(NAME).down().withData("error", String.valueOf(unreachable.getMessage()))
                    .build();
        }
    }
}
