package dev.restitution.ledger.recovery.domain;

/** The side on which an account's balance grows: its balance is measured from that side. */
public enum NormalSide {
    DEBIT, CREDIT
}
