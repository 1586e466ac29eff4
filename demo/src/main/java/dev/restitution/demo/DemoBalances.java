package dev.restitution.demo;

import static dev.restitution.demo.DemoCase.ETH;
import static dev.restitution.demo.DemoCase.USDC;
import static dev.restitution.demo.DemoCase.USDT;

import dev.restitution.devstack.DemoUsers;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

/**
 * The demo breach's balances: alice (ACC-000001) and bob (ACC-000002) as the guides describe them, and every other
 * account generated from a fixed seed, so each run seals the same snapshot. A generated account holds ETH one time in
 * four, USDC two in three and USDT one in two, and at least one of them: the stolen hot wallet held mostly stablecoins.
 */
final class DemoBalances {

    private static final BigInteger ETHER = BigInteger.TEN.pow(18);
    private static final BigInteger DOLLAR = BigInteger.TEN.pow(DemoChain.TOKEN_DECIMALS);

    private DemoBalances() {
    }

    /** Every account's balance per asset, in smallest units, for {@code accounts} accounts. */
    static Map<String, Map<String, BigInteger>> generate(int accounts) {
        Map<String, Map<String, BigInteger>> balances = new LinkedHashMap<>();
        balances.put(DemoUsers.ALICE_ACCOUNT_ID, Map.of(ETH, ETHER.multiply(BigInteger.valueOf(25)).divide(BigInteger.TEN),
                USDC, DOLLAR.multiply(BigInteger.valueOf(12_500)), USDT, DOLLAR.multiply(BigInteger.valueOf(3_000))));
        balances.put(DemoUsers.BOB_ACCOUNT_ID, Map.of(ETH, ETHER.multiply(BigInteger.valueOf(8)).divide(BigInteger.TEN),
                USDC, DOLLAR.multiply(BigInteger.valueOf(40_000)), USDT, DOLLAR.multiply(BigInteger.valueOf(750))));
        Random random = new Random(20230912L);
        for (int i = 3; i <= accounts; i++) {
            Map<String, BigInteger> holdings = new LinkedHashMap<>();
            if (random.nextInt(4) == 0) {
                holdings.put(ETH, BigInteger.valueOf(1 + random.nextInt(5_000_000)).multiply(BigInteger.TEN.pow(12)));
            }
            if (random.nextInt(3) > 0) {
                holdings.put(USDC, BigInteger.valueOf(1 + random.nextInt(2_000_000_000)));
            }
            if (random.nextBoolean() || holdings.isEmpty()) {
                holdings.put(USDT, BigInteger.valueOf(1 + random.nextInt(500_000_000)));
            }
            balances.put("ACC-%06d".formatted(i), holdings);
        }
        return balances;
    }

    /** The balances as the exchange's export: one CSV row per account and asset. */
    static String csv(Map<String, Map<String, BigInteger>> balances) {
        StringBuilder csv = new StringBuilder("account_id,asset,amount\n");
        balances.forEach((account, holdings) -> holdings.forEach((asset, amount) ->
                csv.append(account).append(',').append(asset).append(',').append(amount).append('\n')));
        return csv.toString();
    }
}
