package dev.restitution.payout.chain;

import dev.restitution.payout.config.PayoutConfig;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import okhttp3.OkHttpClient;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.http.HttpService;

/** One web3j connection to the configured chain, with every call bounded by the configured timeout. */
public class ChainConnection {

    @Produces
    @Singleton
    Web3j web3j(PayoutConfig config) {
        PayoutConfig.Chain chain = config.chain();
        OkHttpClient http = new OkHttpClient.Builder()
                .callTimeout(chain.timeout())
                .connectTimeout(chain.timeout())
                .readTimeout(chain.timeout())
                .build();
        return Web3j.build(new HttpService(chain.rpcUrl(), http));
    }

    void close(@Disposes Web3j web3j) {
        web3j.shutdown();
    }
}
