package dev.restitution.claims.notification.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.restitution.claims.keycloak.RealmUsers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Who a claimant account is as a mail recipient: the Keycloak user whose attribute {@code account_id} names it
 * ({@link RealmUsers}). Only a verified address counts; the user's {@code locale} attribute is the fallback for the
 * mail's language. Keycloak unreachable: {@link RealmUsers.Unreachable}, and the mail waits to be tried again.
 */
@ApplicationScoped
public class Recipients {

    /** A claimant's mail address (verified) and Keycloak locale, when set. */
    public record Recipient(String email, Optional<String> locale) {
    }

    /** A claimant account with a verified address, as one page of Keycloak's users names it. */
    public record Account(String accountId, String email, Optional<String> locale) {
    }

    /** @param users how many users Keycloak returned, claimants or not */
    public record Page(int users, List<Account> accounts) {
    }

    private final RealmUsers realm;

    public Recipients(RealmUsers realm) {
        this.realm = realm;
    }

    /** The verified recipient of the account, empty when no user carries it or its address is not verified. */
    public Optional<Recipient> of(String accountId) {
        for (JsonNode user : realm.owners(accountId)) {
            if (verified(user)) {
                return Optional.of(new Recipient(user.get("email").asText(), locale(user)));
            }
        }
        return Optional.empty();
    }

    /**
     * One page of the realm's users with a verified address ({@code first}, at most {@code max}); only those that
     * carry an {@code account_id} are claimants and are returned, so the page's length tells whether it was the last.
     *
     * @return the users Keycloak returned (for paging) and the claimant accounts among them
     */
    public Page verifiedPage(int first, int max) {
        JsonNode users = realm.verifiedPage(first, max);
        List<Account> accounts = new ArrayList<>();
        for (JsonNode user : users) {
            JsonNode account = user.path("attributes").path("account_id");
            if (account.isArray() && !account.isEmpty() && verified(user)) {
                accounts.add(new Account(account.get(0).asText(), user.get("email").asText(), locale(user)));
            }
        }
        return new Page(users.size(), List.copyOf(accounts));
    }

    private static boolean verified(JsonNode user) {
        return user.path("emailVerified").asBoolean(false) && user.hasNonNull("email");
    }

    private static Optional<String> locale(JsonNode user) {
        JsonNode locale = user.path("attributes").path("locale");
        return locale.isArray() && !locale.isEmpty() ? Optional.of(locale.get(0).asText()) : Optional.empty();
    }
}
