package dev.restitution.ledger.reconciliation.domain;

/** The kinds of difference that should never exist between the ledger's figures. */
public enum DifferenceCode {
    DEBITS_NOT_EQUAL_CREDITS,
    BALANCE_DISAGREES_WITH_TRANSFERS,
    NEGATIVE_BALANCE,
    PAID_EXCEEDS_ENTITLED,
    ENTITLED_EXCEEDS_AVAILABLE,
    ENTITLED_EXCEEDS_APPROVED,
    RELEASED_EXCEEDS_FROZEN,
    LINES_DISAGREE_WITH_LIABILITIES,
    ENTITLEMENTS_DISAGREE_WITH_ACCOUNTS,
    APPROVED_EXCEEDS_SNAPSHOT
}
