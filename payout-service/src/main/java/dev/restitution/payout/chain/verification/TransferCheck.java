package dev.restitution.payout.chain.verification;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The rule by which a mined transaction moved an amount of an asset to a set of addresses. Native coin: the
 * transaction's own value, to its {@code to} address (value moved by a contract's internal call is not
 * counted: that needs a tracing node). Token: the sum of the token contract's {@code Transfer} logs in the
 * receipt whose {@code to} is one of the recipients. Exactly the amount, neither more nor less.
 */
public final class TransferCheck {

    private TransferCheck() {
    }

    /** What the caller says moved: the asset (empty: native coin), the amount and where it went. */
    public record Expected(Optional<String> tokenContract, BigInteger amount, List<String> recipients) {
        public Expected {
            Objects.requireNonNull(tokenContract, "tokenContract");
            Objects.requireNonNull(amount, "amount");
            recipients = List.copyOf(recipients);
            if (amount.signum() <= 0 || recipients.isEmpty()) {
                throw new IllegalArgumentException("a transfer moves a positive amount to at least one address");
            }
        }
    }

    /** One Transfer(address,address,uint256) log: the contract that emitted it, receiver and value. */
    public record TokenTransfer(String token, String to, BigInteger value) {
    }

    /** What the mined transaction shows: its status, recipient and value, and its receipt's token transfers. */
    public record Observed(boolean succeeded, Optional<String> to, BigInteger value, List<TokenTransfer> tokenTransfers) {
        public Observed {
            Objects.requireNonNull(to, "to");
            Objects.requireNonNull(value, "value");
            tokenTransfers = List.copyOf(tokenTransfers);
        }
    }

    /** Every way the transaction differs from the expectation; empty when it moved exactly that. */
    public static List<ChainDifference> differences(Expected expected, Observed observed) {
        List<ChainDifference> differences = new ArrayList<>();
        if (!observed.succeeded()) {
            differences.add(new ChainDifference(ChainDifference.Kind.TRANSACTION_REVERTED, Optional.empty(),
                    Optional.empty(), "the transaction was mined but failed: it moved nothing"));
            return differences;
        }
        Set<String> recipients = expected.recipients().stream().map(TransferCheck::lower).collect(Collectors.toSet());
        String expectedRecipients = String.join(",", expected.recipients());
        if (expected.tokenContract().isEmpty()) {
            String to = observed.to().orElse("(contract creation)");
            if (!recipients.contains(lower(to))) {
                differences.add(ChainDifference.of(ChainDifference.Kind.RECIPIENT, expectedRecipients, to,
                        "the native value went to " + to + ", not to a recovery address"));
            } else if (!observed.value().equals(expected.amount())) {
                differences.add(ChainDifference.of(ChainDifference.Kind.AMOUNT, expected.amount(), observed.value(),
                        "the transaction moved " + observed.value() + " of the native coin, not " + expected.amount()));
            }
            return differences;
        }
        String token = lower(expected.tokenContract().get());
        List<TokenTransfer> ofToken = observed.tokenTransfers().stream()
                .filter(transfer -> lower(transfer.token()).equals(token)).toList();
        BigInteger received = ofToken.stream().filter(transfer -> recipients.contains(lower(transfer.to())))
                .map(TokenTransfer::value).reduce(BigInteger.ZERO, BigInteger::add);
        if (received.signum() == 0) {
            String elsewhere = ofToken.isEmpty() ? "no Transfer of the token"
                    : ofToken.stream().map(TokenTransfer::to).distinct().collect(Collectors.joining(","));
            differences.add(ChainDifference.of(ChainDifference.Kind.RECIPIENT, expectedRecipients, elsewhere,
                    "no Transfer of token " + expected.tokenContract().get() + " to a recovery address in this transaction"));
        } else if (!received.equals(expected.amount())) {
            differences.add(ChainDifference.of(ChainDifference.Kind.AMOUNT, expected.amount(), received,
                    "the transaction moved " + received + " of the token to the recovery addresses, not " + expected.amount()));
        }
        return differences;
    }

    private static String lower(String address) {
        return address.toLowerCase(Locale.ROOT);
    }
}
