package dev.restitution.ledger.recovery.domain;

import dev.restitution.kit.money.Uint256;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The accounts of one incident and one asset (see {@link AccountType} for the chart and its sign
 * conventions), and the rules every posting must keep. Immutable: {@link #post} returns new books.
 *
 * <p>Two kinds of failure are kept apart. {@link #refusal} names why a requested posting is not
 * allowed (releasing more than is frozen, entitling more than is in hand): an expected error the
 * caller reports. {@link #post} additionally asserts every invariant of the result and throws
 * {@link IllegalStateException} when one breaks: a bug or corrupted books, never to be absorbed.
 */
public final class AssetBooks {

    private static final AssetBooks EMPTY = new AssetBooks(emptyTotals());

    private final Map<AccountType, AccountTotals> totals;

    private AssetBooks(Map<AccountType, AccountTotals> totals) {
        this.totals = totals;
    }

    public static AssetBooks empty() {
        return EMPTY;
    }

    /** Books as stored; accounts missing from {@code stored} have no movements yet. Not checked: see {@link #violations()}. */
    public static AssetBooks of(Map<AccountType, AccountTotals> stored) {
        Map<AccountType, AccountTotals> totals = emptyTotals();
        totals.putAll(stored);
        return new AssetBooks(totals);
    }

    private static Map<AccountType, AccountTotals> emptyTotals() {
        Map<AccountType, AccountTotals> totals = new EnumMap<>(AccountType.class);
        for (AccountType type : AccountType.values()) {
            totals.put(type, AccountTotals.ZERO);
        }
        return totals;
    }

    public AccountTotals totals(AccountType account) {
        return totals.get(account);
    }

    public Map<AccountType, AccountTotals> allTotals() {
        return Collections.unmodifiableMap(totals);
    }

    /** The balance of {@code account} on its normal side. */
    public BigInteger balance(AccountType account) {
        return totals.get(account).balance(account.normalSide());
    }

    public BigInteger totalDebits() {
        return totals.values().stream().map(AccountTotals::debits).reduce(BigInteger.ZERO, BigInteger::add);
    }

    public BigInteger totalCredits() {
        return totals.values().stream().map(AccountTotals::credits).reduce(BigInteger.ZERO, BigInteger::add);
    }

    /** Approved claim liabilities. */
    public BigInteger approved() {
        return balance(AccountType.CLAIM_LIABILITIES);
    }

    /** Entitled over all rounds, paid or not. */
    public BigInteger entitled() {
        return balance(AccountType.ENTITLEMENTS).add(balance(AccountType.PAID));
    }

    public BigInteger paid() {
        return balance(AccountType.PAID);
    }

    /** Approved and not yet entitled. */
    public BigInteger outstanding() {
        return approved().subtract(entitled());
    }

    /** In hand and not entitled, not counting the dust held back by the latest round. */
    public BigInteger available() {
        return balance(AccountType.AVAILABLE);
    }

    /** What the next round can distribute: available plus the dust it returns first. */
    public BigInteger distributable() {
        return available().add(dust());
    }

    public BigInteger dust() {
        return balance(AccountType.DUST);
    }

    public BigInteger frozenPending() {
        return balance(AccountType.FROZEN).subtract(balance(AccountType.RELEASED));
    }

    /** Every fund that reached the exchange's hands: on-chain recoveries, releases, contributions. */
    public BigInteger received() {
        return available().add(dust()).add(entitled());
    }

    /**
     * Why {@code posting} may not be booked on these books, or empty when it may.
     *
     * @throws IllegalStateException when these books already break an invariant: that is nobody's
     *     request to refuse but damage to stop at
     */
    public Optional<String> refusal(Posting posting) {
        Objects.requireNonNull(posting, "posting");
        requireInvariants();
        List<String> violations = apply(posting).violations();
        return violations.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", violations));
    }

    /**
     * The books after {@code posting}.
     *
     * @throws IllegalStateException when the result breaks an invariant; the caller's transaction must roll back
     */
    public AssetBooks post(Posting posting) {
        Objects.requireNonNull(posting, "posting");
        AssetBooks after = apply(posting);
        after.requireInvariants();
        return after;
    }

    /**
     * The account whose debit or credit total {@code posting} would carry past 2^256 - 1 (which
     * {@code numeric(78,0)} would hold for a while, but no chain can pay), or empty when every total
     * stays a uint256. Callers refuse such a posting before anything is written.
     */
    public Optional<Overflow> overflow(Posting posting) {
        Objects.requireNonNull(posting, "posting");
        return apply(posting).overflows().stream().findFirst();
    }

    /** An account total that would leave the uint256 range: which account, which side, and the sum it would reach. */
    public record Overflow(AccountType account, NormalSide side, BigInteger total) {
        public String describe() {
            return account + " " + (side == NormalSide.DEBIT ? "debits" : "credits") + " would reach " + total
                    + ", above 2^256-1";
        }
    }

    private List<Overflow> overflows() {
        List<Overflow> overflows = new ArrayList<>();
        for (AccountType account : AccountType.values()) {
            AccountTotals accountTotals = totals.get(account);
            if (!Uint256.fits(accountTotals.debits())) {
                overflows.add(new Overflow(account, NormalSide.DEBIT, accountTotals.debits()));
            }
            if (!Uint256.fits(accountTotals.credits())) {
                overflows.add(new Overflow(account, NormalSide.CREDIT, accountTotals.credits()));
            }
        }
        return overflows;
    }

    /** @throws IllegalStateException naming every broken invariant */
    public void requireInvariants() {
        List<String> violations = violations();
        if (!violations.isEmpty()) {
            throw new IllegalStateException("recovery ledger invariant broken: " + String.join("; ", violations));
        }
    }

    /** Every invariant these books break; empty for sound books. */
    public List<String> violations() {
        List<String> violations = new ArrayList<>();
        if (!totalDebits().equals(totalCredits())) {
            violations.add("debits " + totalDebits() + " != credits " + totalCredits());
        }
        for (AccountType account : AccountType.values()) {
            if (balance(account).signum() < 0) {
                violations.add(account + " balance " + balance(account) + " is negative");
            }
        }
        if (frozenPending().signum() < 0) {
            violations.add("released " + balance(AccountType.RELEASED) + " exceeds frozen " + balance(AccountType.FROZEN));
        }
        if (outstanding().signum() < 0) {
            violations.add("entitled " + entitled() + " exceeds approved " + approved());
        }
        overflows().forEach(overflow -> violations.add(overflow.describe()));
        return violations;
    }

    private AssetBooks apply(Posting posting) {
        Map<AccountType, AccountTotals> next = new EnumMap<>(totals);
        next.put(posting.debit(), next.get(posting.debit()).debited(posting.amount()));
        next.put(posting.credit(), next.get(posting.credit()).credited(posting.amount()));
        return new AssetBooks(next);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof AssetBooks books && totals.equals(books.totals);
    }

    @Override
    public int hashCode() {
        return totals.hashCode();
    }

    @Override
    public String toString() {
        return "AssetBooks" + totals;
    }
}
