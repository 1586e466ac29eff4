package dev.restitution.payout.chain.verification;

import java.util.Objects;
import java.util.Optional;

/** One way the chain differs from what a caller expected. */
public record ChainDifference(Kind kind, Optional<String> expected, Optional<String> actual, String detail) {

    public enum Kind {
        TRANSACTION_NOT_FOUND,
        TRANSACTION_REVERTED,
        RECIPIENT,
        AMOUNT,
        NO_CODE,
        DECIMALS,
        SYMBOL
    }

    public ChainDifference {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(actual, "actual");
        Objects.requireNonNull(detail, "detail");
    }

    static ChainDifference of(Kind kind, Object expected, Object actual, String detail) {
        return new ChainDifference(kind, Optional.of(String.valueOf(expected)), Optional.of(String.valueOf(actual)), detail);
    }
}
