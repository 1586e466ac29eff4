package dev.restitution.ledger.snapshot.domain;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Per asset, the exact sum of the amounts and the number of rows. Sums run in a {@code long} while
 * they fit and spill into a {@link BigInteger} when they would not, so ten million rows cost little.
 */
public final class AssetTotals {

    /** The total of one asset: {@code total} in minor units over {@code rows} rows. */
    public record Total(String asset, BigInteger total, long rows) {
    }

    private static final class Sum {
        private long small;
        private BigInteger large = BigInteger.ZERO;
        private long rows;

        void add(BigInteger amount) {
            rows++;
            if (amount.bitLength() < Long.SIZE - 1) {
                long value = amount.longValue();
                if (small <= Long.MAX_VALUE - value) {
                    small += value;
                    return;
                }
            }
            large = large.add(amount);
        }

        BigInteger total() {
            return large.add(BigInteger.valueOf(small));
        }
    }

    private final Map<String, Sum> sums = new LinkedHashMap<>();

    /** {@code assets} fixes the order of {@link #totals()}: the incident's declaration order. */
    public AssetTotals(List<String> assets) {
        assets.forEach(asset -> sums.put(asset, new Sum()));
    }

    public void add(String asset, BigInteger amount) {
        Sum sum = sums.get(asset);
        if (sum == null) {
            throw new IllegalArgumentException("undeclared asset " + asset);
        }
        sum.add(amount);
    }

    /** Assets that have at least one row, in declaration order. */
    public List<Total> totals() {
        List<Total> totals = new ArrayList<>();
        sums.forEach((asset, sum) -> {
            if (sum.rows > 0) {
                totals.add(new Total(asset, sum.total(), sum.rows));
            }
        });
        return totals;
    }
}
