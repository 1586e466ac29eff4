package dev.restitution.claims.notification.domain;

/**
 * What a mail tells the claimant. Essential kinds (a question from support, a decision, a payment, a replaced payout
 * address, a second factor reset by support) always go: a
 * claimant who missed them could lose money or a deadline they cannot get back. The others (claims open, bar-date
 * reminder) are reminders a claimant may switch off in their preferences or with the unsubscribe link.
 */
public enum NotificationKind {
    CLAIMS_OPEN(false, "claims-open"),
    QUESTION(true, "question"),
    CLAIM_APPROVED(true, "approved"),
    CLAIM_REJECTED(true, "rejected"),
    PAYMENT_SENT(true, "payment"),
    PAYOUT_ADDRESS_CHANGED(true, "address-changed"),
    BAR_DATE_REMINDER(false, "reminder"),
    SECOND_FACTOR_RESET(true, "second-factor-reset");

    private final boolean essential;
    private final String messagePrefix;

    NotificationKind(boolean essential, String messagePrefix) {
        this.essential = essential;
        this.messagePrefix = messagePrefix;
    }

    public boolean essential() {
        return essential;
    }

    /** The prefix of this kind's keys in the message bundles, e.g. "approved" for approved.subject. */
    public String messagePrefix() {
        return messagePrefix;
    }
}
