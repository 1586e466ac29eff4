package dev.restitution.ledger.snapshot.domain;

import java.math.BigInteger;
import java.util.Map;
import java.util.stream.Collectors;

/** The checks of one data row against the incident: account id shape, declared asset, exact amount. */
public final class RowChecks {

    private final Map<String, Integer> decimalsBySymbol;
    private final AmountFormat amountFormat;
    private final ImportErrors errors;
    private final String declaredSymbols;

    public RowChecks(Map<String, Integer> decimalsBySymbol, AmountFormat amountFormat, ImportErrors errors) {
        if (decimalsBySymbol.isEmpty()) {
            throw new IllegalArgumentException("an incident declares at least one asset");
        }
        this.decimalsBySymbol = Map.copyOf(decimalsBySymbol);
        this.amountFormat = amountFormat;
        this.errors = errors;
        this.declaredSymbols = decimalsBySymbol.keySet().stream().sorted().collect(Collectors.joining(", "));
    }

    /** The row's amount in minor units, or {@code null} after reporting each of its errors. */
    public BigInteger check(long line, String accountId, String asset, String amountText) {
        boolean valid = true;
        String accountProblem = AccountIds.problemWith(accountId);
        if (accountProblem != null) {
            errors.add(line, "account_id", accountProblem);
            valid = false;
        }
        Integer decimals = decimalsBySymbol.get(asset);
        if (decimals == null) {
            errors.add(line, "asset", "unknown asset '" + asset + "'; the incident declares " + declaredSymbols);
            return null;
        }
        try {
            BigInteger amount = Amounts.parse(amountText, amountFormat, decimals, asset);
            return valid ? amount : null;
        } catch (Amounts.InvalidAmountException invalid) {
            errors.add(line, "amount", invalid.getMessage());
            return null;
        }
    }

    public int decimalsOf(String asset) {
        Integer decimals = decimalsBySymbol.get(asset);
        if (decimals == null) {
            throw new IllegalArgumentException("undeclared asset " + asset);
        }
        return decimals;
    }
}
