package dev.restitution.claims.secondfactor.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import dev.restitution.claims.keycloak.RealmUsers;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.ArrayList;
import java.util.List;

/**
 * Removes a claimant account's second factor in Keycloak ({@link RealmUsers}): the user whose attribute
 * {@code account_id} names the account loses every OTP credential and every session, so their next sign-in or step-up
 * makes them enrol a new factor. Each step can be repeated: a retry after a failure removes what is left. Keycloak not
 * answering: {@link RealmUsers.Unreachable}.
 */
@ApplicationScoped
public class KeycloakSecondFactors {

    private static final String OTP = "otp";

    /** What a reset did: the Keycloak user and how many OTP credentials it removed (0 when none was left). */
    public record Removed(String userId, int otpCredentials) {
    }

    /** No user, or more than one, carries the account: there is no one second factor to remove. */
    public static final class NoSingleUser extends RuntimeException {
        NoSingleUser(String message) {
            super(message);
        }
    }

    private final RealmUsers realm;

    public KeycloakSecondFactors(RealmUsers realm) {
        this.realm = realm;
    }

    /** The id of the one Keycloak user carrying the account. */
    public String userOf(String accountId) {
        List<JsonNode> owners = realm.owners(accountId);
        if (owners.size() != 1) {
            throw new NoSingleUser(owners.isEmpty() ? "No Keycloak user carries account " + accountId + "."
                    : "More than one Keycloak user carries account " + accountId + ".");
        }
        return owners.getFirst().path("id").asText();
    }

    /** Removes the OTP credentials of the account's user and ends the user's sessions. */
    public Removed removeSecondFactor(String accountId) {
        String userId = userOf(accountId);
        List<String> otpCredentials = new ArrayList<>();
        for (JsonNode credential : realm.credentials(userId)) {
            if (OTP.equals(credential.path("type").asText())) {
                otpCredentials.add(credential.path("id").asText());
            }
        }
        for (String credentialId : otpCredentials) {
            realm.removeCredential(userId, credentialId);
        }
        realm.endSessions(userId);
        return new Removed(userId, otpCredentials.size());
    }
}
