package dev.restitution.demo;

import java.math.BigInteger;
import java.util.Map;

/** The demo snapshot: every account's balance per asset, in smallest units. */
public record DemoSnapshot(Map<String, Map<String, BigInteger>> balances) {
    public BigInteger of(String accountId, String asset) {
        return balances.getOrDefault(accountId, Map.of()).getOrDefault(asset, BigInteger.ZERO);
    }
}
