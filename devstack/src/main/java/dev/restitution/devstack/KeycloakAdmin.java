package dev.restitution.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.UUID;

/**
 * The devstack Keycloak's admin API, for tests that need the realm to hold more than the platform's own
 * clients and users: another application sharing the realm, whose tokens the services must refuse, and
 * throwaway users a test may lock out without locking out a demo user other tests sign in as.
 */
public final class KeycloakAdmin {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String REALMS = "/realms/";

    private KeycloakAdmin() {
    }

    /**
     * A user's access token through a public client registered for the occasion (password grant, the
     * realm's default scopes, so the token carries the user's realm roles) that names no service as its
     * audience: what another application of the same realm would hold for that user.
     */
    public static String tokenOfAnotherApplication(String realmUrl, String username, String password) {
        String clientId = "another-application-" + UUID.randomUUID();
        registerPublicClient(realmUrl, clientId);
        return Tokens.forUser(realmUrl, clientId, username, password);
    }

    /**
     * Registers an enabled user with a complete profile, a password and no realm role in the realm of
     * {@code realmUrl}; returns the user name, {@code prefix} followed by a random suffix.
     */
    public static String registerUser(String realmUrl, String prefix, String password) {
        String username = prefix + "-" + UUID.randomUUID();
        ObjectNode user = JSON.createObjectNode()
                .put("username", username)
                .put("enabled", true)
                .put("emailVerified", true)
                .put("firstName", "Throwaway")
                .put("lastName", "User")
                .put("email", username + "@example.com");
        user.putArray("credentials").addObject().put("type", "password").put("value", password).put("temporary", false);
        create(realmUrl, "users", user, "user " + username);
        return username;
    }

    /** Registers a public client allowing the password grant in the realm of {@code realmUrl}. */
    private static void registerPublicClient(String realmUrl, String clientId) {
        ObjectNode client = JSON.createObjectNode()
                .put("clientId", clientId)
                .put("publicClient", true)
                .put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", true);
        create(realmUrl, "clients", client, "client " + clientId);
    }

    /** POSTs {@code representation} to the realm's admin collection (clients, users), as the master realm's admin. */
    private static void create(String realmUrl, String collection, ObjectNode representation, String what) {
        int realmStart = realmUrl.lastIndexOf(REALMS);
        if (realmStart < 0) {
            throw new IllegalArgumentException("not a realm URL (…/realms/<realm>): " + realmUrl);
        }
        String serverUrl = realmUrl.substring(0, realmStart);
        String realm = realmUrl.substring(realmStart + REALMS.length());
        String adminToken = Tokens.forUser(serverUrl + REALMS + "master", "admin-cli",
                KeycloakServer.ADMIN_USERNAME, KeycloakServer.ADMIN_PASSWORD);
        HttpRequest request = HttpRequest.newBuilder(URI.create(serverUrl + "/admin/realms/" + realm + "/" + collection))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", "Bearer " + adminToken)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(representation.toString()))
                .build();
        try (HttpClient http = HttpClient.newHttpClient()) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                throw new IllegalStateException("Keycloak refused to register " + what + " in realm " + realm
                        + ": HTTP " + response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach Keycloak's admin API at " + serverUrl, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted registering " + what, e);
        }
    }
}
