package dev.restitution.ledger.recovery.domain;

/**
 * The chart of accounts of the recovery ledger. Every incident has one set of these accounts per
 * affected asset, and every amount is an integer count of that asset's smallest unit.
 *
 * <p><b>Sign conventions.</b> A transfer debits one account and credits another with the same
 * positive amount, so the debits and the credits of an asset's accounts are equal at all times.
 * Each account has a normal side: a debit-normal account's balance is {@code debits - credits},
 * a credit-normal account's balance is {@code credits - debits}, and in this chart no balance is
 * ever negative. Hence: sum of the debit-normal balances = sum of the credit-normal balances.
 *
 * <pre>
 * debit-normal (where the value is, and what was recognised)   credit-normal (where it came from, what is owed)
 *   LOSS          claims approved: the loss the breach caused     CLAIM_LIABILITIES  claims approved
 *   FROZEN        frozen at third parties (gross)                RELEASED           released by those third parties
 *   AVAILABLE     in hand, not yet entitled                      RECOVERED          taken back from the attacker
 *   ENTITLEMENTS  set aside for entitlements, not yet paid       TREASURY           the exchange's contributions
 *   PAID          paid on-chain to claimants                     INSURANCE          insurers' contributions
 *   DUST          held back by the latest round's flooring
 * </pre>
 *
 * <p><b>Movements</b> (debit / credit), each one balanced transfer:
 * <ul>
 *   <li>a third party freezes stolen funds: FROZEN / RECOVERED</li>
 *   <li>it releases them to the exchange: AVAILABLE / RELEASED (frozen pending = FROZEN - RELEASED)</li>
 *   <li>a freeze is lost (returned to the attacker, seized by a court): RECOVERED / FROZEN</li>
 *   <li>funds recovered on-chain: AVAILABLE / RECOVERED</li>
 *   <li>treasury or insurance contribution: AVAILABLE / TREASURY, AVAILABLE / INSURANCE</li>
 *   <li>a claim line approved (ClaimApproved): LOSS / CLAIM_LIABILITIES</li>
 *   <li>a round's entitlements: ENTITLEMENTS / AVAILABLE; its dust: DUST / AVAILABLE; the next
 *       round first returns that dust: AVAILABLE / DUST</li>
 *   <li>a payout settled on-chain (PayoutSettled): PAID / ENTITLEMENTS</li>
 *   <li>a correction: the reverse of the corrected transfer, as a new transfer</li>
 * </ul>
 *
 * <p>Derived figures: approved = CLAIM_LIABILITIES; entitled over all rounds = ENTITLEMENTS + PAID;
 * outstanding = approved - entitled; paid = PAID. Because ENTITLEMENTS, AVAILABLE and the outstanding
 * amount can never be negative, paid &lt;= entitled &lt;= approved and no round entitles more than is
 * in hand.
 */
public enum AccountType {
    LOSS(NormalSide.DEBIT),
    FROZEN(NormalSide.DEBIT),
    RELEASED(NormalSide.CREDIT),
    RECOVERED(NormalSide.CREDIT),
    TREASURY(NormalSide.CREDIT),
    INSURANCE(NormalSide.CREDIT),
    AVAILABLE(NormalSide.DEBIT),
    CLAIM_LIABILITIES(NormalSide.CREDIT),
    ENTITLEMENTS(NormalSide.DEBIT),
    PAID(NormalSide.DEBIT),
    DUST(NormalSide.DEBIT);

    private final NormalSide normalSide;

    AccountType(NormalSide normalSide) {
        this.normalSide = normalSide;
    }

    public NormalSide normalSide() {
        return normalSide;
    }
}
