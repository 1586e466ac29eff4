package dev.restitution.claims.secondfactor.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.oidc.client.OidcClient;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Removes a claimant account's second factor in Keycloak through the realm's admin API, with claims-service's service
 * account (realm-management roles view-users and manage-users): the user whose attribute {@code account_id} names the
 * account loses every OTP credential and every session, so their next sign-in or step-up makes them enrol a new factor.
 * Each step can be repeated: a retry after a failure removes what is left.
 */
@ApplicationScoped
public class KeycloakSecondFactors {

    /** Bounds each admin call; Keycloak answers these from its database in milliseconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Most users one account search reads: an account belongs to one user, a second is a broken realm. */
    private static final int MAX_USERS = 2;
    private static final String OTP = "otp";

    /** What a reset did: the Keycloak user and how many OTP credentials it removed (0 when none was left). */
    public record Removed(String userId, int otpCredentials) {
    }

    /** Keycloak did not answer as expected (down, slow, refused the token): nothing can be said to be reset. */
    public static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** No user, or more than one, carries the account: there is no one second factor to remove. */
    public static final class NoSingleUser extends RuntimeException {
        NoSingleUser(String message) {
            super(message);
        }
    }

    private final OidcClient serviceAccount;
    private final ObjectMapper json;
    private final String usersUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public KeycloakSecondFactors(OidcClient serviceAccount, ObjectMapper json,
                                 @ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl) {
        this.serviceAccount = serviceAccount;
        this.json = json;
        int realms = realmUrl.indexOf("/realms/");
        if (realms < 0) {
            throw new IllegalArgumentException("quarkus.oidc.auth-server-url is not a Keycloak realm URL: " + realmUrl);
        }
        this.usersUrl = realmUrl.substring(0, realms) + "/admin" + realmUrl.substring(realms) + "/users";
    }

    /** Removes the OTP credentials of the account's user and ends the user's sessions. */
    public Removed removeSecondFactor(String accountId) {
        String token = token();
        String userId = userOf(accountId, token);
        String userUrl = usersUrl + "/" + URLEncoder.encode(userId, StandardCharsets.UTF_8);
        List<String> otpCredentials = new ArrayList<>();
        for (JsonNode credential : readJson(send(token, HttpRequest.newBuilder(URI.create(userUrl + "/credentials")).GET(),
                Set.of(200), "list credentials"))) {
            if (OTP.equals(credential.path("type").asText())) {
                otpCredentials.add(credential.path("id").asText());
            }
        }
        for (String credentialId : otpCredentials) {
            send(token, HttpRequest.newBuilder(URI.create(userUrl + "/credentials/"
                    + URLEncoder.encode(credentialId, StandardCharsets.UTF_8))).DELETE(), Set.of(204, 404), "remove OTP");
        }
        send(token, HttpRequest.newBuilder(URI.create(userUrl + "/logout"))
                .POST(HttpRequest.BodyPublishers.noBody()), Set.of(204), "end sessions");
        return new Removed(userId, otpCredentials.size());
    }

    private String userOf(String accountId, String token) {
        String query = "?exact=true&briefRepresentation=false&max=" + MAX_USERS + "&q="
                + URLEncoder.encode("account_id:" + accountId, StandardCharsets.UTF_8);
        List<String> owners = new ArrayList<>();
        for (JsonNode user : readJson(send(token, HttpRequest.newBuilder(URI.create(usersUrl + query)).GET(), Set.of(200),
                "search users"))) {
            for (JsonNode account : user.path("attributes").path("account_id")) {
                if (accountId.equals(account.asText())) {
                    owners.add(user.path("id").asText());
                }
            }
        }
        if (owners.size() != 1) {
            throw new NoSingleUser(owners.isEmpty() ? "No Keycloak user carries account " + accountId + "."
                    : "More than one Keycloak user carries account " + accountId + ".");
        }
        return owners.getFirst();
    }

    private String token() {
        try {
            return serviceAccount.getTokens().await().atMost(TIMEOUT).getAccessToken();
        } catch (RuntimeException e) {
            throw new Unreachable("no service-account token from Keycloak: " + e.getMessage(), e);
        }
    }

    private String send(String token, HttpRequest.Builder request, Set<Integer> expected, String what) {
        HttpResponse<String> answer;
        try {
            answer = http.send(request.timeout(TIMEOUT).header("Authorization", "Bearer " + token)
                    .header("Accept", "application/json").build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unreachable("Keycloak's admin API did not answer (" + what + "): " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while asking Keycloak (" + what + ")", e);
        }
        if (!expected.contains(answer.statusCode())) {
            throw new Unreachable("Keycloak's admin API answered " + answer.statusCode() + " (" + what + ")", null);
        }
        return answer.body();
    }

    private JsonNode readJson(String body) {
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new Unreachable("unreadable answer from Keycloak's admin API", e);
        }
    }
}
