package dev.restitution.claims.keycloak;

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
 * The realm's users as Keycloak's admin API shows them to claims-service's service account (realm-management roles
 * view-users and manage-users), the one way claims-service reads or changes a Keycloak user. The admin URL is derived
 * from the realm claims-service trusts ({@code quarkus.oidc.auth-server-url}), so it can never point at another realm.
 */
@ApplicationScoped
public class RealmUsers {

    /** Bounds each admin call; Keycloak answers these from its database in milliseconds. */
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    /** Most users one account search reads: an account belongs to one user, a second is a broken realm. */
    private static final int MAX_OWNERS = 2;

    /** Keycloak did not answer as expected (down, slow, refused the token): whatever was asked may not have happened. */
    public static final class Unreachable extends RuntimeException {
        public Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private final OidcClient serviceAccount;
    private final ObjectMapper json;
    private final String usersUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();

    public RealmUsers(OidcClient serviceAccount, ObjectMapper json,
                      @ConfigProperty(name = "quarkus.oidc.auth-server-url") String realmUrl) {
        this.serviceAccount = serviceAccount;
        this.json = json;
        int realms = realmUrl.indexOf("/realms/");
        if (realms < 0) {
            throw new IllegalArgumentException("quarkus.oidc.auth-server-url is not a Keycloak realm URL: " + realmUrl);
        }
        this.usersUrl = realmUrl.substring(0, realms) + "/admin" + realmUrl.substring(realms) + "/users";
    }

    /** The users (full representations) whose attribute {@code account_id} is exactly the account; at most two. */
    public List<JsonNode> owners(String accountId) {
        String query = "?exact=true&briefRepresentation=false&max=" + MAX_OWNERS + "&q="
                + URLEncoder.encode("account_id:" + accountId, StandardCharsets.UTF_8);
        List<JsonNode> owners = new ArrayList<>();
        for (JsonNode user : get(query, "search users")) {
            for (JsonNode account : user.path("attributes").path("account_id")) {
                if (accountId.equals(account.asText())) {
                    owners.add(user);
                    break;
                }
            }
        }
        return owners;
    }

    /** One page of the realm's users with a verified mail address, full representations, in Keycloak's order. */
    public JsonNode verifiedPage(int first, int max) {
        return get("?emailVerified=true&briefRepresentation=false&first=" + first + "&max=" + max, "list users");
    }

    /** The user's credentials (id, type, ...). */
    public JsonNode credentials(String userId) {
        return get("/" + encode(userId) + "/credentials", "list credentials");
    }

    /** Removes one credential of the user; one already gone counts as removed, so a retry is safe. */
    public void removeCredential(String userId, String credentialId) {
        send(HttpRequest.newBuilder(URI.create(usersUrl + "/" + encode(userId) + "/credentials/" + encode(credentialId)))
                .DELETE(), Set.of(204, 404), "remove credential");
    }

    /** Ends every session of the user. */
    public void endSessions(String userId) {
        send(HttpRequest.newBuilder(URI.create(usersUrl + "/" + encode(userId) + "/logout"))
                .POST(HttpRequest.BodyPublishers.noBody()), Set.of(204), "end sessions");
    }

    private JsonNode get(String pathAndQuery, String what) {
        String body = send(HttpRequest.newBuilder(URI.create(usersUrl + pathAndQuery)).GET(), Set.of(200), what);
        try {
            return json.readTree(body);
        } catch (IOException e) {
            throw new Unreachable("unreadable answer from Keycloak's admin API (" + what + ")", e);
        }
    }

    private String send(HttpRequest.Builder request, Set<Integer> expected, String what) {
        String token;
        try {
            token = serviceAccount.getTokens().await().atMost(TIMEOUT).getAccessToken();
        } catch (RuntimeException e) {
            throw new Unreachable("no service-account token from Keycloak: " + e.getMessage(), e);
        }
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

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8);
    }
}
