package dev.restitution.ledger.recovery.domain;

import java.math.BigInteger;
import java.util.Objects;

/** What an account was debited and credited in total. */
public record AccountTotals(BigInteger debits, BigInteger credits) {

    public static final AccountTotals ZERO = new AccountTotals(BigInteger.ZERO, BigInteger.ZERO);

    public AccountTotals {
        Objects.requireNonNull(debits, "debits");
        Objects.requireNonNull(credits, "credits");
        if (debits.signum() < 0 || credits.signum() < 0) {
            throw new IllegalArgumentException("debit and credit totals are never negative: " + debits + ", " + credits);
        }
    }

    public AccountTotals debited(BigInteger amount) {
        return new AccountTotals(debits.add(amount), credits);
    }

    public AccountTotals credited(BigInteger amount) {
        return new AccountTotals(debits, credits.add(amount));
    }

    /** The balance measured from {@code side}: may be negative only in books that break an invariant. */
    public BigInteger balance(NormalSide side) {
        return side == NormalSide.DEBIT ? debits.subtract(credits) : credits.subtract(debits);
    }
}
