package dev.restitution.devstack;

import com.fasterxml.jackson.databind.JsonNode;
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
 * clients (another application sharing the realm, whose tokens the services must refuse), to register throwaway
 * users a test may lock out without locking out a demo user other tests sign in as, to end a person's sessions
 * as a sign-out elsewhere would, or to read a service's service-account user; and the administrator's token for
 * the demo, which registers its claimants through the same admin API.
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
     * Registers an enabled user with a complete profile, a password and the given realm roles (none: the realm then
     * treats them as staff, who must sign in with a second factor) in the realm of {@code realmUrl}; returns the user
     * name, {@code prefix} followed by a random suffix.
     */
    public static String registerUser(String realmUrl, String prefix, String password, String... realmRoles) {
        return register(realmUrl, prefix, password, java.util.Optional.empty(), realmRoles);
    }

    /**
     * Registers a claimant of exchange account {@code accountId} (attribute account_id, role claimant) with a
     * password and no second factor, as a person who never enrolled one; returns the user name.
     */
    public static String registerClaimant(String realmUrl, String prefix, String password, String accountId) {
        return register(realmUrl, prefix, password, java.util.Optional.of(accountId), DemoUsers.Roles.CLAIMANT);
    }

    /**
     * Registers a user as {@link #registerUser} does, with an enrolled TOTP authenticator whose secret is
     * {@link DemoUsers#devTotpSecret} of the returned user name ({@code Totp.forSecret} computes its codes), and, when
     * given, the exchange account {@code accountId} (attribute account_id).
     */
    public static String registerWithAuthenticator(String realmUrl, String prefix, String password,
                                                   java.util.Optional<String> accountId, String... realmRoles) {
        return register(realmUrl, prefix, password, accountId, true, realmRoles);
    }

    private static String register(String realmUrl, String prefix, String password, java.util.Optional<String> accountId,
                                   String... realmRoles) {
        return register(realmUrl, prefix, password, accountId, false, realmRoles);
    }

    private static String register(String realmUrl, String prefix, String password, java.util.Optional<String> accountId,
                                   boolean authenticator, String... realmRoles) {
        String username = prefix + "-" + UUID.randomUUID();
        ObjectNode user = JSON.createObjectNode()
                .put("username", username)
                .put("enabled", true)
                .put("emailVerified", true)
                .put("firstName", "Throwaway")
                .put("lastName", "User")
                .put("email", username + "@example.com");
        var credentials = user.putArray("credentials");
        credentials.addObject().put("type", "password").put("value", password).put("temporary", false);
        if (authenticator) {
            credentials.addObject().put("type", "otp").put("userLabel", "test authenticator")
                    .put("secretData", "{\"value\":\"" + DemoUsers.devTotpSecret(username) + "\"}")
                    .put("credentialData", "{\"subType\":\"totp\",\"digits\":" + Totp.DIGITS + ",\"counter\":0,"
                            + "\"period\":" + Totp.PERIOD_SECONDS + ",\"algorithm\":\"HmacSHA1\"}");
        }
        accountId.ifPresent(account -> user.putObject("attributes").putArray("account_id").add(account));
        Admin admin = Admin.of(realmUrl);
        admin.send(HttpRequest.newBuilder(admin.uri("/users")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(user.toString())), 201);
        if (realmRoles.length > 0) {
            String id = admin.json(HttpRequest.newBuilder(admin.uri("/users?exact=true&username=" + username)).GET())
                    .get(0).path("id").asText();
            var roles = JSON.createArrayNode();
            for (String role : realmRoles) {
                roles.add(admin.json(HttpRequest.newBuilder(admin.uri("/roles/" + role)).GET()));
            }
            admin.send(HttpRequest.newBuilder(admin.uri("/users/" + id + "/role-mappings/realm"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(roles.toString())), 204);
        }
        return username;
    }

    /**
     * Ends every Keycloak session of {@code username} in which {@code clientId} took part, as that client's
     * sign-out on another instance would (the session is gone; refreshing its tokens is refused); returns how
     * many ended.
     */
    public static int endSessions(String realmUrl, String username, String clientId) {
        Admin admin = Admin.of(realmUrl);
        JsonNode users = admin.json(HttpRequest.newBuilder(admin.uri("/users?exact=true&username=" + username)).GET());
        if (users.size() != 1) {
            throw new IllegalStateException("realm " + admin.realm() + " has " + users.size() + " users named " + username);
        }
        JsonNode sessions = admin.json(HttpRequest.newBuilder(
                admin.uri("/users/" + users.get(0).path("id").asText() + "/sessions")).GET());
        int ended = 0;
        for (JsonNode session : sessions) {
            boolean ofClient = false;
            for (JsonNode client : session.path("clients")) {
                ofClient |= clientId.equals(client.asText());
            }
            if (ofClient) {
                admin.send(HttpRequest.newBuilder(admin.uri("/sessions/" + session.path("id").asText())).DELETE(), 204);
                ended++;
            }
        }
        return ended;
    }

    /** The subject id and user name of a client's service-account user, as the realm holds them. */
    public record ServiceAccountUser(String subjectId, String username) {
    }

    /** The service-account user of the confidential client {@code clientId}, from the realm's admin API. */
    public static ServiceAccountUser serviceAccountUser(String realmUrl, String clientId) {
        Admin admin = Admin.of(realmUrl);
        JsonNode clients = admin.json(HttpRequest.newBuilder(admin.uri("/clients?clientId=" + clientId)).GET());
        if (clients.size() != 1) {
            throw new IllegalStateException("realm " + admin.realm() + " has " + clients.size() + " clients " + clientId);
        }
        JsonNode user = admin.json(HttpRequest.newBuilder(
                admin.uri("/clients/" + clients.get(0).path("id").asText() + "/service-account-user")).GET());
        return new ServiceAccountUser(user.path("id").asText(), user.path("username").asText());
    }

    /**
     * An access token of the server's administrator (master realm), for a caller that drives the admin API of the
     * realm of {@code realmUrl} itself, e.g. the demo registering hundreds of claimants over one HTTP client. It is
     * valid for about a minute (the master realm's token lifespan).
     */
    public static String administratorToken(String realmUrl) {
        return Admin.of(realmUrl).token();
    }

    /** Registers a public client allowing the password grant in the realm of {@code realmUrl}. */
    private static void registerPublicClient(String realmUrl, String clientId) {
        Admin admin = Admin.of(realmUrl);
        ObjectNode client = JSON.createObjectNode()
                .put("clientId", clientId)
                .put("publicClient", true)
                .put("standardFlowEnabled", false)
                .put("directAccessGrantsEnabled", true);
        admin.send(HttpRequest.newBuilder(admin.uri("/clients")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(client.toString())), 201);
    }

    /** The admin API of one realm, called with the master realm's admin token. */
    private record Admin(String serverUrl, String realm, String token) {

        static Admin of(String realmUrl) {
            int realmStart = realmUrl.lastIndexOf(REALMS);
            if (realmStart < 0) {
                throw new IllegalArgumentException("not a realm URL (…/realms/<realm>): " + realmUrl);
            }
            String serverUrl = realmUrl.substring(0, realmStart);
            return new Admin(serverUrl, realmUrl.substring(realmStart + REALMS.length()), Tokens.forUser(serverUrl + REALMS
                    + "master", "admin-cli", KeycloakServer.ADMIN_USERNAME, KeycloakServer.ADMIN_PASSWORD));
        }

        URI uri(String path) {
            return URI.create(serverUrl + "/admin/realms/" + realm + path);
        }

        /** The JSON body of a 200 answer. */
        JsonNode json(HttpRequest.Builder request) {
            String body = send(request, 200);
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("Keycloak's admin API answered no JSON: " + body, e);
            }
        }

        /** Sends the request and returns the body of the expected answer; any other answer is a failure. */
        String send(HttpRequest.Builder request, int expectedStatus) {
            HttpRequest built = request.timeout(REQUEST_TIMEOUT).header("Authorization", "Bearer " + token).build();
            try (HttpClient http = HttpClient.newHttpClient()) {
                HttpResponse<String> response = http.send(built, HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != expectedStatus) {
                    throw new IllegalStateException("Keycloak's admin API refused " + built.method() + " " + built.uri()
                            + ": HTTP " + response.statusCode() + " " + response.body());
                }
                return response.body();
            } catch (IOException e) {
                throw new IllegalStateException("cannot reach Keycloak's admin API at " + serverUrl, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted calling " + built.uri(), e);
            }
        }
    }
}
