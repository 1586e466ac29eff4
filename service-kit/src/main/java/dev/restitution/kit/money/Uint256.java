package dev.restitution.kit.money;

import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemException;
import java.math.BigInteger;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The bound of every amount the services accept: an EVM {@code uint256}, 0 to 2^256 - 1 smallest
 * units. The documents' pattern {@code ^[0-9]{1,78}$} admits up to 10^78 - 1, which no chain can
 * hold (and which a sum would carry past {@code numeric(78,0)}), so each amount read from a request
 * is checked here once more, and a larger one is refused naming its field.
 */
public final class Uint256 {

    /** 2^256 - 1, the largest amount any service accepts or stores. */
    public static final BigInteger MAX = BigInteger.ONE.shiftLeft(256).subtract(BigInteger.ONE);
    /** What a refusal says, the same words in every service. */
    public static final String BOUND = "at most 2^256-1 (" + MAX + ")";

    private Uint256() {
    }

    /** Whether {@code value} is a uint256: not negative and at most {@link #MAX}. */
    public static boolean fits(BigInteger value) {
        Objects.requireNonNull(value, "value");
        return value.signum() >= 0 && value.bitLength() <= 256;
    }

    /** The violation {@code value} of {@code field} commits, or empty when it is a uint256. */
    public static Optional<FieldViolation> violation(String field, BigInteger value) {
        if (value.signum() < 0) {
            return Optional.of(new FieldViolation(field, "must not be negative"));
        }
        return fits(value) ? Optional.empty() : Optional.of(new FieldViolation(field, "must be " + BOUND));
    }

    /**
     * The amount that {@code digits} (already matched by the document's digit pattern) writes.
     *
     * @throws ProblemException 400 naming {@code field} when the amount is above {@link #MAX} or not digits
     */
    public static BigInteger parse(String field, String digits) {
        Objects.requireNonNull(field, "field");
        BigInteger value;
        try {
            value = new BigInteger(Objects.requireNonNull(digits, "digits"));
        } catch (NumberFormatException notDigits) {
            throw ProblemException.invalid(List.of(new FieldViolation(field, "must be digits of a whole amount")));
        }
        Optional<FieldViolation> violation = violation(field, value);
        if (violation.isPresent()) {
            throw ProblemException.invalid(List.of(violation.get()));
        }
        return value;
    }
}
