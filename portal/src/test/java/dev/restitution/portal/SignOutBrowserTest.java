package dev.restitution.portal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.microsoft.playwright.options.Cookie;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.KeycloakAdmin;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SignOutBrowserTest {

    /** The most a copy of an ended session's cookie may still be served by an instance that did not sign it out. */
    private static final Duration OTHER_INSTANCES_BOUND = Duration.ofSeconds(60);

    @Test
    void aCopyOfTheSessionCookieIsRefusedAtOnceOnTheInstanceThatSignedOut() throws Exception {
        // Why: on a shared computer or from a copied browser profile, the cookie of a session its owner signed out of
        // must not keep acting as them, not even for the minute its tokens still live.
        try (PortalBrowser browser = new PortalBrowser("sign-out-refuses-cookie-copy")) {
            browser.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            String copy = sessionCookie(browser);
            HttpResponse<String> before = replay(copy);
            assertEquals(200, before.statusCode(), "the copy is the session while it lasts");
            assertTrue(before.body().contains("Hello alice"), before.body());

            browser.signOut();
            HttpResponse<String> after = replay(copy);
            assertRefused(after);
        }
    }

    @Test
    void aBrowserReplayingASignedOutCookieIsSentToSignInWhileScriptsGetAProblem() throws Exception {
        // Why: a person whose browser still holds an ended session's cookie should land on the sign-in page, not on a
        // bare 401; a script or API client keeps the machine-readable refusal it can act on.
        try (PortalBrowser browser = new PortalBrowser("sign-out-replay-goes-to-sign-in")) {
            browser.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            List<Cookie> saved = browser.context().cookies(PortalBrowser.PORTAL).stream()
                    .filter(candidate -> candidate.name.startsWith("q_session")).toList();
            String copy = sessionCookie(browser);
            browser.signOut();

            HttpResponse<String> page = replay(copy, "text/html,application/xhtml+xml,*/*;q=0.8", "/?from=replay");
            assertEquals(303, page.statusCode(), "a page request is redirected: " + page.body());
            assertEquals("/?from=replay", page.headers().firstValue("Location").orElseThrow());
            assertTrue(page.headers().allValues("Set-Cookie").stream()
                    .anyMatch(cookie -> cookie.startsWith("q_session") && cookie.contains("Max-Age=0")),
                    "the dead cookie is expired: " + page.headers().allValues("Set-Cookie"));
            assertFalse(page.body().contains("alice"), page.body());
            HttpResponse<String> script = replay(copy, "application/json", "/?from=replay");
            assertRefused(script);

            browser.context().addCookies(saved);
            browser.open("/");
            browser.page().waitForURL(url -> url.contains("/realms/restitution/protocol/openid-connect/auth")
                    || url.contains("/realms/restitution/login-actions/"));
            assertTrue(browser.page().locator("#username").isVisible(), "Keycloak's sign-in form is shown");
            assertTrue(browser.context().cookies(PortalBrowser.PORTAL).stream()
                    .noneMatch(candidate -> candidate.name.startsWith("q_session")), "the dead cookie is gone");
            browser.capture("replayed-cookie-sent-to-sign-in");
        }
    }

    @Test
    void aCopyOfTheSessionCookieStopsWorkingWithinAMinuteOnAnInstanceThatDidNotSeeTheSignOut() throws Exception {
        // Why: the portal runs as several instances; one that did not handle the sign-out learns of it only from Keycloak,
        // which refuses to refresh the tokens of an ended session: the portal client's tokens live 60 s, so that is the
        // bound. Here the Keycloak session ends as another instance's sign-out ends it, so this instance is the other one.
        try (PortalBrowser browser = new PortalBrowser("sign-out-elsewhere-bound")) {
            browser.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            String copy = sessionCookie(browser);
            assertEquals(200, replay(copy).statusCode());

            Instant ended = Instant.now();
            assertTrue(KeycloakAdmin.endSessions(Services.realmUrl(), DemoUsers.ALICE, "portal") >= 1, "alice's portal session ended");
            assertEquals(200, replay(copy).statusCode(), "this instance did not see the sign-out: its refusal below is Keycloak's");

            await().atMost(OTHER_INSTANCES_BOUND).pollInterval(Duration.ofSeconds(2)).until(() -> replay(copy).statusCode() != 200);
            Duration servedFor = Duration.between(ended, Instant.now());
            assertRefusedOrSentToSignIn(replay(copy));
            System.out.printf("a copy of an ended session's cookie was served for %d s on an instance that did not sign it out%n",
                    servedFor.toSeconds());
            assertTrue(servedFor.compareTo(OTHER_INSTANCES_BOUND) <= 0, "refused after " + servedFor);
        }
    }

    @Test
    void thePortalClientsTokensLiveAMinuteAtMostAndTheSigningOutInstanceRefusesTheCookieLonger() throws IOException {
        // Why: the bound on the other instances is the lifespan of the portal client's tokens in the realm; the instance
        // that signed out must refuse the cookie at least that long, or a gap opens before Keycloak's refusal takes over.
        JsonNode realm;
        try (InputStream file = SignOutBrowserTest.class.getResourceAsStream("/keycloak/restitution-realm.json")) {
            realm = new ObjectMapper().readTree(file);
        }
        JsonNode portal = null;
        for (JsonNode client : realm.path("clients")) {
            portal = "portal".equals(client.path("clientId").asText()) ? client : portal;
        }
        assertNotNull(portal, "the realm has the portal client");
        Duration lifespan = Duration.ofSeconds(Long.parseLong(portal.path("attributes").path("access.token.lifespan").asText()));
        assertTrue(lifespan.compareTo(OTHER_INSTANCES_BOUND) <= 0, "the portal client's tokens live " + lifespan);
        Duration refused = ConfigProvider.getConfig().getValue("restitution.portal.sign-out.refuse-cookies-for", Duration.class);
        assertTrue(refused.compareTo(lifespan) >= 0, "the signing-out instance refuses the cookie for " + refused);
    }

    /** The session cookie as the browser holds it (a large session is split into numbered chunks, sent together). */
    private static String sessionCookie(PortalBrowser browser) {
        String cookie = browser.context().cookies(PortalBrowser.PORTAL).stream()
                .filter(candidate -> candidate.name.startsWith("q_session"))
                .sorted(Comparator.comparing((Cookie candidate) -> candidate.name))
                .map(candidate -> candidate.name + "=" + candidate.value)
                .collect(Collectors.joining("; "));
        assertFalse(cookie.isEmpty(), "signed in through a session cookie");
        return cookie;
    }

    /** The start page asked for with nothing but the copied cookie, from outside the browser. */
    private static HttpResponse<String> replay(String cookie) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            return http.send(HttpRequest.newBuilder(URI.create(PortalBrowser.PORTAL + "/")).header("Cookie", cookie)
                    .timeout(Duration.ofSeconds(30)).GET().build(), HttpResponse.BodyHandlers.ofString());
        }
    }

    /** {@code path} asked for with the copied cookie and an Accept header, as a browser's page load or a script would. */
    private static HttpResponse<String> replay(String cookie, String accept, String path) throws IOException, InterruptedException {
        try (HttpClient http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()) {
            return http.send(HttpRequest.newBuilder(URI.create(PortalBrowser.PORTAL + path)).header("Cookie", cookie)
                    .header("Accept", accept).timeout(Duration.ofSeconds(30)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        }
    }

    /**
     * Refused where only Keycloak knows the session ended: the portal answers 401, or, when Quarkus OIDC asks for a new
     * sign-in after Keycloak refused the refresh, redirects to the realm's sign-in; either way nothing of the session shows.
     */
    private static void assertRefusedOrSentToSignIn(HttpResponse<String> refused) {
        if (refused.statusCode() == 302) {
            String location = refused.headers().firstValue("Location").orElse("");
            assertTrue(location.startsWith(Services.realmUrl() + "/protocol/openid-connect/auth"),
                    "sent to the realm's sign-in: " + location);
            assertFalse(refused.body().contains("alice"), "nothing of the session is shown: " + refused.body());
            return;
        }
        assertRefused(refused);
    }

    /** Refused as a script or API client is: the portal answers 401 and shows nothing of the session. */
    private static void assertRefused(HttpResponse<String> refused) {
        assertEquals(401, refused.statusCode(), "the copy is refused: " + refused.body());
        assertFalse(refused.body().contains("alice"), "nothing of the session is shown: " + refused.body());
    }
}
