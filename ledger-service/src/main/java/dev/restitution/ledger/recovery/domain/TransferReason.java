package dev.restitution.ledger.recovery.domain;

import java.math.BigInteger;

/** Why a transfer was booked; each reason fixes which account is debited and which credited. */
public enum TransferReason {
    FROZEN_BY_COUNTERPARTY(AccountType.FROZEN, AccountType.RECOVERED),
    RELEASED_BY_COUNTERPARTY(AccountType.AVAILABLE, AccountType.RELEASED),
    FREEZE_LOST(AccountType.RECOVERED, AccountType.FROZEN),
    RECOVERED_ON_CHAIN(AccountType.AVAILABLE, AccountType.RECOVERED),
    TREASURY_CONTRIBUTION(AccountType.AVAILABLE, AccountType.TREASURY),
    INSURANCE_CONTRIBUTION(AccountType.AVAILABLE, AccountType.INSURANCE),
    /** The reverse of the corrected transfer: its accounts swapped. */
    CORRECTION(null, null),
    CLAIM_APPROVED(AccountType.LOSS, AccountType.CLAIM_LIABILITIES),
    ENTITLEMENTS_ISSUED(AccountType.ENTITLEMENTS, AccountType.AVAILABLE),
    ROUND_DUST(AccountType.DUST, AccountType.AVAILABLE),
    DUST_RETURNED(AccountType.AVAILABLE, AccountType.DUST),
    PAYOUT_SETTLED(AccountType.PAID, AccountType.ENTITLEMENTS);

    private final AccountType debit;
    private final AccountType credit;

    TransferReason(AccountType debit, AccountType credit) {
        this.debit = debit;
        this.credit = credit;
    }

    /** The posting of {@code amount} for this reason; not for {@link #CORRECTION}, whose accounts depend on what it corrects. */
    public Posting posting(BigInteger amount) {
        if (this == CORRECTION) {
            throw new IllegalArgumentException("a correction's accounts are the corrected transfer's, swapped");
        }
        return new Posting(debit, credit, amount);
    }

    /** Whether a finance-operator books transfers for this reason (and may therefore correct them). */
    public boolean bookedByOperator() {
        return switch (this) {
            case FROZEN_BY_COUNTERPARTY, RELEASED_BY_COUNTERPARTY, FREEZE_LOST, RECOVERED_ON_CHAIN,
                 TREASURY_CONTRIBUTION, INSURANCE_CONTRIBUTION, CORRECTION -> true;
            case CLAIM_APPROVED, ENTITLEMENTS_ISSUED, ROUND_DUST, DUST_RETURNED, PAYOUT_SETTLED -> false;
        };
    }
}
