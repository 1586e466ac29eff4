package dev.restitution.kit.persistence;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.UUID;

/** Reads the values of native query results: numeric(78,0) amounts, uuids, timestamps. */
public final class SqlValues {

    private SqlValues() {
    }

    /** A numeric(78,0) column as an exact integer (refusing a fraction, which the column cannot hold). */
    public static BigInteger amount(Object value) {
        return switch (value) {
            case BigDecimal decimal -> decimal.toBigIntegerExact();
            case BigInteger integer -> integer;
            case Long number -> BigInteger.valueOf(number);
            case Integer number -> BigInteger.valueOf(number);
            default -> throw new IllegalStateException("not an amount: " + value);
        };
    }

    public static long count(Object value) {
        return ((Number) value).longValue();
    }

    public static UUID uuid(Object value) {
        return value instanceof UUID id ? id : UUID.fromString(value.toString());
    }

    public static Instant instant(Object value) {
        return switch (value) {
            case Instant instant -> instant;
            case OffsetDateTime offset -> offset.toInstant();
            case Timestamp timestamp -> timestamp.toInstant();
            default -> throw new IllegalStateException("not a timestamp: " + value);
        };
    }

    /** An amount as a bind parameter of a numeric column. */
    public static BigDecimal numeric(BigInteger amount) {
        return new BigDecimal(amount);
    }
}
