package dev.restitution.demo;

import java.util.ArrayList;
import java.util.List;

/** A claimant the demo registers: a login and the exchange account it holds (claimant-000003 holds ACC-000003). */
public record DemoClaimant(String username, String accountId) {

    /** The highest account number the demo's account ids (ACC- and six digits) can name. */
    private static final int MAX_ACCOUNT = 999_999;

    public DemoClaimant {
        if (!username.matches("claimant-\\d{6}") || !accountId.matches("ACC-\\d{6}")) {
            throw new IllegalArgumentException("a demo claimant is claimant-NNNNNN holding ACC-NNNNNN, not " + username
                    + " holding " + accountId);
        }
    }

    /** The claimants of {@code count} consecutive accounts from account number {@code first} on. */
    public static List<DemoClaimant> ofAccounts(int first, int count) {
        if (first < 1 || count < 0 || first + count - 1 > MAX_ACCOUNT) {
            throw new IllegalArgumentException("accounts " + first + " to " + (first + count - 1) + " are not all between 1 and "
                    + MAX_ACCOUNT);
        }
        List<DemoClaimant> claimants = new ArrayList<>(count);
        for (int number = first; number < first + count; number++) {
            claimants.add(new DemoClaimant("claimant-%06d".formatted(number), "ACC-%06d".formatted(number)));
        }
        return List.copyOf(claimants);
    }
}
