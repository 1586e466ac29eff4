package dev.restitution.ledger.recovery.domain;

import java.math.BigInteger;
import java.util.Objects;

/** One balanced movement: {@code amount} debited to one account and credited to another. */
public record Posting(AccountType debit, AccountType credit, BigInteger amount) {
    public Posting {
        Objects.requireNonNull(debit, "debit");
        Objects.requireNonNull(credit, "credit");
        Objects.requireNonNull(amount, "amount");
        if (debit == credit) {
            throw new IllegalArgumentException("a transfer moves value between two different accounts, not " + debit);
        }
        if (amount.signum() <= 0) {
            throw new IllegalArgumentException("a transfer's amount is positive, not " + amount);
        }
    }

    /** The same amount in the other direction: how a correction undoes a posting. */
    public Posting reversed(BigInteger correctedAmount) {
        return new Posting(credit, debit, correctedAmount);
    }
}
