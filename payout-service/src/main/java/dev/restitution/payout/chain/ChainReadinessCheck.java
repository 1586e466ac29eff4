package dev.restitution.payout.chain;

import dev.restitution.payout.engine.EvmChain;
import dev.restitution.payout.engine.EvmChains;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.math.BigInteger;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/** Ready only when every configured chain answers and is the chain its entry is keyed by. */
@Readiness
@ApplicationScoped
public class ChainReadinessCheck implements HealthCheck {

    static final String NAME = "EVM chain";

    private final EvmChains chains;

    public ChainReadinessCheck(EvmChains chains) {
        this.chains = chains;
    }

    @Override
    public HealthCheckResponse call() {
        HealthCheckResponseBuilder response = HealthCheckResponse.named(NAME).up();
        for (EvmChain chain : chains.all()) {
            String prefix = chains.all().size() == 1 ? "" : chain.chainId() + ".";
            try {
                BigInteger chainId = chain.web3j().ethChainId().send().getChainId();
                boolean expected = BigInteger.valueOf(chain.chainId()).equals(chainId);
                response.withData(prefix + "chainId", String.valueOf(chainId))
                        .withData(prefix + "expectedChainId", chain.chainId());
                if (!expected) {
                    response.down();
                }
            } catch (IOException | RuntimeException unreachable) {
                response.down().withData(prefix + "error", String.valueOf(unreachable.getMessage()));
            }
        }
        return response.build();
    }
}
