package dev.restitution.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** Access tokens from the restitution realm, for tests and tools. */
public final class Tokens {

    /** Keycloak issues a token in milliseconds; 10 s means it is down or overloaded, which the caller should hear. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TokenCache CACHE = new TokenCache();

    private Tokens() {
    }

    /**
     * A user's access token through the password grant of the public restitution-cli client; a demo user also gives
     * a TOTP code from their enrolled secret (parameter {@code totp}). Its {@code acr} is {@code pwd}: see
     * {@link #steppedUp} for a token that may submit a claim or replace a payout address.
     */
    public static String forUser(String realmUrl, String username, String password) {
        return forUser(realmUrl, DemoUsers.CLI_CLIENT_ID, username, password);
    }

    /**
     * A user's access token through the password grant of a public client, with a TOTP code when the user is a demo
     * user (whose secret {@link DemoUsers#totpSecret} knows). Those tokens are cached per realm, client and user until
     * shortly before they expire: each sign-in spends a one-time code, and a user has only a few per period.
     */
    public static String forUser(String realmUrl, String clientId, String username, String password) {
        Optional<Totp> totp = DemoUsers.totpSecret(username).map(Totp::forSecret);
        if (totp.isEmpty()) {
            return passwordGrant(realmUrl, clientId, username, password, Optional.empty());
        }
        return CACHE.get(String.join(" ", "password", realmUrl, clientId, username, password), () -> {
            String code = OneTimeCodes.shared().next(realmUrl + " " + username, totp.get());
            return passwordGrant(realmUrl, clientId, username, password, Optional.of(code));
        });
    }

    /**
     * A demo user's token as the tests and the demo use it: a claimant's is a step-up token ({@link #steppedUp}:
     * they submit claims and replace payout addresses), staff's a password-grant token with a TOTP code.
     */
    public static String forDemoUser(String realmUrl, String username) {
        boolean claimant = DemoUsers.ALL.stream().anyMatch(user -> user.username().equals(username)
                && user.role().equals(DemoUsers.Roles.CLAIMANT));
        return claimant ? steppedUp(realmUrl, username, DemoUsers.PASSWORD)
                : forUser(realmUrl, username, DemoUsers.PASSWORD);
    }

    /**
     * The password grant as it is, nothing cached: the user's password and, if given, a TOTP code. Staff (and
     * claimants who enrolled a second factor) are refused without a valid code.
     */
    public static String passwordGrant(String realmUrl, String clientId, String username, String password,
                                       Optional<String> totpCode) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        form.put("username", username);
        form.put("password", password);
        totpCode.ifPresent(code -> form.put("totp", code));
        return request(realmUrl, form, "user " + username);
    }

    /**
     * A demo user's step-up token ({@code acr} = {@code mfa}, fresh {@code auth_time}): what may submit a claim or
     * replace a proven payout address. The password grant cannot raise {@code acr}, so this signs in through the
     * restitution-cli client's code flow asking {@code acr_values=mfa}, with the user's TOTP code. Cached per realm
     * and user while the token is valid and its second factor is recent enough for the services.
     */
    public static String steppedUp(String realmUrl, String username, String password) {
        Totp totp = DemoUsers.totpSecret(username).map(Totp::forSecret)
                .orElseThrow(() -> new IllegalArgumentException(username + " is not a demo user with a TOTP secret"));
        return steppedUp(realmUrl, username, password, totp);
    }

    /** A step-up token of any user whose enrolled second factor {@code totp} computes, cached like the demo users'. */
    public static String steppedUp(String realmUrl, String username, String password, Totp totp) {
        return CACHE.get(String.join(" ", "mfa", realmUrl, username, password),
                () -> CodeFlowSignIn.signIn(realmUrl, username, password,
                        () -> OneTimeCodes.shared().next(realmUrl + " " + username, totp)));
    }

    /** A service account's access token through the client-credentials grant. */
    public static String forClient(String realmUrl, String clientId, String secret) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", clientId);
        form.put("client_secret", secret);
        return request(realmUrl, form, "client " + clientId);
    }

    /** The claims of a JWT (its payload, not verified): for tests that check what a token carries. */
    public static JsonNode claims(String accessToken) {
        String[] parts = accessToken.split("\\.");
        if (parts.length != 3) {
            throw new IllegalArgumentException("not a JWT: expected 3 parts, found " + parts.length);
        }
        try {
            return JSON.readTree(java.util.Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new IllegalArgumentException("the JWT payload is not JSON", e);
        }
    }

    static String request(String realmUrl, Map<String, String> form, String who) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(realmUrl + "/protocol/openid-connect/token"))
                .timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(urlEncoded(form)))
                .build();
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(CONNECT_TIMEOUT).build()) {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new TokenRefusedException(who, response.statusCode(), response.body());
            }
            return JSON.readTree(response.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + realmUrl + " for a token of " + who, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted getting a token of " + who, e);
        }
    }

    private static String urlEncoded(Map<String, String> form) {
        return form.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Keycloak refused to issue a token (wrong password, unknown client, ...). */
    public static final class TokenRefusedException extends RuntimeException {

        private final int status;

        TokenRefusedException(String who, int status, String body) {
            super("Keycloak refused a token for " + who + ": HTTP " + status + " " + body);
            this.status = status;
        }

        public int status() {
            return status;
        }
    }
}
