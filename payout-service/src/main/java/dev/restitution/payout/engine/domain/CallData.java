package dev.restitution.payout.engine.domain;

import java.math.BigInteger;

/** What one transaction does: to whom it goes, with what value (wei) and call data (0x-prefixed hex). */
public interface CallData {

    String to();

    BigInteger value();

    String data();

    /** The transaction's call data and value as the engine signs them. */
    record Of(String to, BigInteger value, String data) implements CallData {
    }
}
