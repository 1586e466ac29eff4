package dev.restitution.devstack;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Signs a person in through the restitution-cli client's authorization-code flow (PKCE) asking for
 * {@code acr_values=mfa}, driving Keycloak's login pages over HTTP as a browser would: the password form, then the
 * OTP form. The result is a step-up token ({@code acr} = {@code mfa}); the password grant cannot give one.
 * Keycloak marks its cookies Secure even over http, which {@link java.net.CookieManager} then withholds, so the
 * cookies are kept here.
 */
final class CodeFlowSignIn {

    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);
    /** Password page, OTP page, redirect: a sign-in that needs more pages than this is not one we drive. */
    private static final int MAX_PAGES = 6;
    private static final Pattern FORM_ACTION = Pattern.compile("<form[^>]*\\baction=\"([^\"]+)\"");
    private static final Pattern ERROR = Pattern.compile("id=\"input-error[^\"]*\"[^>]*>\\s*([^<\\s][^<]*)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Map<String, String> cookies = new LinkedHashMap<>();
    private final HttpClient http;

    private CodeFlowSignIn(HttpClient http) {
        this.http = http;
    }

    static String signIn(String realmUrl, String username, String password, Supplier<String> nextCode) {
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5)).build()) {
            return new CodeFlowSignIn(http).run(realmUrl, username, password, nextCode);
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach " + realmUrl + " to sign " + username + " in", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted signing " + username + " in", e);
        }
    }

    private String run(String realmUrl, String username, String password, Supplier<String> nextCode)
            throws IOException, InterruptedException {
        byte[] verifierBytes = new byte[32];
        RANDOM.nextBytes(verifierBytes);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(verifierBytes);
        Map<String, String> query = new LinkedHashMap<>();
        query.put("client_id", DemoUsers.CLI_CLIENT_ID);
        query.put("response_type", "code");
        query.put("redirect_uri", DemoUsers.CLI_REDIRECT_URI);
        query.put("scope", "openid");
        query.put("acr_values", "mfa");
        query.put("code_challenge", challenge(verifier));
        query.put("code_challenge_method", "S256");
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                URI.create(realmUrl + "/protocol/openid-connect/auth?" + form(query))).GET());
        for (int page = 0; page < MAX_PAGES; page++) {
            if (response.statusCode() == 302 || response.statusCode() == 303) {
                String location = response.headers().firstValue("Location").orElseThrow();
                if (location.startsWith(DemoUsers.CLI_REDIRECT_URI)) {
                    return exchange(realmUrl, username, location, verifier);
                }
                response = send(HttpRequest.newBuilder(URI.create(location)).GET());
                continue;
            }
            String body = response.body();
            Matcher action = FORM_ACTION.matcher(body);
            if (!action.find()) {
                throw refused(username, response);
            }
            Map<String, String> fields = new LinkedHashMap<>();
            if (body.contains("name=\"password\"")) {
                fields.put("username", username);
                fields.put("password", password);
            } else if (body.contains("name=\"otp\"")) {
                fields.put("otp", nextCode.get());
            } else {
                throw refused(username, response);
            }
            response = send(HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form(fields))));
        }
        throw new IllegalStateException("signing " + username + " in took more than " + MAX_PAGES + " pages");
    }

    private String exchange(String realmUrl, String username, String location, String verifier) {
        String query = URI.create(location).getRawQuery();
        String code = null;
        for (String pair : query.split("&")) {
            if (pair.startsWith("code=")) {
                code = java.net.URLDecoder.decode(pair.substring("code=".length()), StandardCharsets.UTF_8);
            }
        }
        if (code == null) {
            throw new Tokens.TokenRefusedException("user " + username, 400, "redirect without a code: " + location);
        }
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "authorization_code");
        form.put("client_id", DemoUsers.CLI_CLIENT_ID);
        form.put("code", code);
        form.put("redirect_uri", DemoUsers.CLI_REDIRECT_URI);
        form.put("code_verifier", verifier);
        return Tokens.request(realmUrl, form, "user " + username);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        if (!cookies.isEmpty()) {
            request.header("Cookie", cookies.entrySet().stream().map(cookie -> cookie.getKey() + "=" + cookie.getValue())
                    .collect(Collectors.joining("; ")));
        }
        HttpResponse<String> response = http.send(request.timeout(REQUEST_TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        for (String header : response.headers().allValues("Set-Cookie")) {
            String pair = header.split(";", 2)[0];
            int equals = pair.indexOf('=');
            if (equals > 0) {
                cookies.put(pair.substring(0, equals).trim(), pair.substring(equals + 1).trim());
            }
        }
        return response;
    }

    private static Tokens.TokenRefusedException refused(String username, HttpResponse<String> response) {
        Matcher error = ERROR.matcher(response.body());
        String reason = error.find() ? error.group(1).trim() : "an unexpected page";
        return new Tokens.TokenRefusedException("user " + username + " (code flow)", response.statusCode(), reason);
    }

    private static String challenge(String verifier) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(hash);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    private static String form(Map<String, String> fields) {
        return fields.entrySet().stream()
                .map(field -> URLEncoder.encode(field.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(field.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }
}
