package dev.restitution.ledger.snapshot.domain;

/**
 * What an exchange account id may look like: 1 to 128 characters of letters, digits and
 * {@code . _ : @ # + / = -}. No spaces, commas, quotes, backslashes or control characters, so a
 * CSV field, a COPY row and a log line can carry it without escaping.
 */
public final class AccountIds {

    public static final int MAX_LENGTH = 128;
    public static final String PATTERN = "^[A-Za-z0-9._:@#+/=-]{1," + MAX_LENGTH + "}$";

    private AccountIds() {
    }

    /** Why {@code accountId} is not acceptable, or {@code null} when it is. */
    public static String problemWith(String accountId) {
        if (accountId.isEmpty()) {
            return "account_id is missing";
        }
        if (accountId.length() > MAX_LENGTH) {
            return "account_id is longer than " + MAX_LENGTH + " characters";
        }
        for (int index = 0; index < accountId.length(); index++) {
            if (!allowed(accountId.charAt(index))) {
                return "account_id may hold only letters, digits and . _ : @ # + / = -";
            }
        }
        return null;
    }

    private static boolean allowed(char character) {
        return (character >= 'a' && character <= 'z') || (character >= 'A' && character <= 'Z')
                || (character >= '0' && character <= '9') || ".-_:@#+/=".indexOf(character) >= 0;
    }
}
