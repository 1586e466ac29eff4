package dev.restitution.claims.notification.keycloak;

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
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Who a claimant account is as a mail recipient: the Keycloak user whose attribute {@code account_id} names it, read
 * through the realm's admin API with claims-service's service account (realm-management role view-users). Only a
 * verified address counts; the user's {@code locale} attribute is the fallback for the mail's language.
 */
@ApplicationScoped
public class Recipients {

    /** Bounds each admin call; Keycloak answers a user search from its database in milliseconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);

    /** A claimant's mail address (verified) and Keycloak locale, when set. */
    public record Recipient(String email, Optional<String> locale) {
    }

    /** Keycloak did not answer (down, slow, refused the token): the mail waits and is tried again. */
    public static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final OidcClient serviceAccount;
    private final ObjectMapper json;
    private final String usersUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public Recipients(OidcClient serviceAccount, ObjectMapper json,
                      @ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl) {
        this.serviceAccount = serviceAccount;
        this.json = json;
        int realms = realmUrl.indexOf("/realms/");
        if (realms < 0) {
            throw new IllegalArgumentException("quarkus.oidc.auth-server-url is not a Keycloak realm URL: " + realmUrl);
        }
        this.usersUrl = realmUrl.substring(0, realms) + "/admin" + realmUrl.substring(realms) + "/users";
    }

    /** The verified recipient of the account, empty when no user carries it or its address is not verified. */
    public Optional<Recipient> of(String accountId) {
        String query = "?exact=true&briefRepresentation=false&max=2&q="
                + URLEncoder.encode("account_id:" + accountId, StandardCharsets.UTF_8);
        JsonNode users = get(usersUrl + query);
        for (JsonNode user : users) {
            JsonNode accounts = user.path("attributes").path("account_id");
            boolean owns = false;
            for (JsonNode account : accounts) {
                owns |= accountId.equals(account.asText());
            }
            if (owns && user.path("emailVerified").asBoolean(false) && user.hasNonNull("email")) {
                JsonNode locale = user.path("attributes").path("locale");
                return Optional.of(new Recipient(user.get("email").asText(),
                        locale.isArray() && !locale.isEmpty() ? Optional.of(locale.get(0).asText()) : Optional.empty()));
            }
        }
        return Optional.empty();
    }

    /** A claimant account with a verified address, as one page of Keycloak's users names it. */
    public record Account(String accountId, String email, Optional<String> locale) {
    }

    /**
     * One page of the realm's users with a verified address ({@code first}, at most {@code max}); only those that
     * carry an {@code account_id} are claimants and are returned, so the page's length tells whether it was the last.
     *
     * @return the users Keycloak returned (for paging) and the claimant accounts among them
     */
    public Page verifiedPage(int first, int max) {
        JsonNode users = get(usersUrl + "?emailVerified=true&briefRepresentation=false&first=" + first + "&max=" + max);
        java.util.List<Account> accounts = new java.util.ArrayList<>();
        for (JsonNode user : users) {
            JsonNode account = user.path("attributes").path("account_id");
            if (account.isArray() && !account.isEmpty() && user.path("emailVerified").asBoolean(false)
                    && user.hasNonNull("email")) {
                JsonNode locale = user.path("attributes").path("locale");
                accounts.add(new Account(account.get(0).asText(), user.get("email").asText(),
                        locale.isArray() && !locale.isEmpty() ? Optional.of(locale.get(0).asText()) : Optional.empty()));
            }
        }
        return new Page(users.size(), java.util.List.copyOf(accounts));
    }

    /** @param users how many users Keycloak returned, claimants or not */
    public record Page(int users, java.util.List<Account> accounts) {
    }

    private JsonNode get(String url) {
        String token;
        try {
            token = serviceAccount.getTokens().await().atMost(TIMEOUT).getAccessToken();
        } catch (RuntimeException e) {
            throw new Unreachable("no service-account token from Keycloak: " + e.getMessage(), e);
        }
        HttpResponse<String> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(URI.create(url)).timeout(TIMEOUT)
                    .header("Authorization", "Bearer " + token).header("Accept", "application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new Unreachable("Keycloak's admin API did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new Unreachable("interrupted while asking Keycloak", e);
        }
        if (answer.statusCode() != 200) {
            throw new Unreachable("Keycloak's admin API answered " + answer.statusCode() + " to a user search", null);
        }
        try {
            return json.readTree(answer.body());
        } catch (IOException e) {
            throw new Unreachable("unreadable answer from Keycloak's admin API", e);
        }
    }
}
