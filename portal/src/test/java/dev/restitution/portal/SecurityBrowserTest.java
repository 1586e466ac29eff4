package dev.restitution.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.Cookie;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import com.microsoft.playwright.options.SameSiteAttribute;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecurityBrowserTest {

    /** A JWT (header.payload.signature, base64url); every OIDC token Keycloak issues has this shape. */
    private static final Pattern JWT = Pattern.compile("eyJ[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]{10,}\\.[A-Za-z0-9_-]+");

    @Test
    void aFormWithoutTheSessionsCsrfTokenIsRefusedAndChangesNothing() throws Exception {
        // Why: another site can make a signed-in claimant's browser post to the portal; only the session's own
        // token (missing, wrong, or another session's) must not get through, and the claim must stay as it was.
        String incidentId = Services.sealedIncident();
        JsonPath claim = Services.openClaim(DemoUsers.ALICE, incidentId);
        String accept = PortalBrowser.PORTAL + "/claims/" + claim.getString("id") + "/lines/" + claim.getString("lines[0].id") + "/accept";
        String bobsToken;
        try (PortalBrowser bob = new PortalBrowser("csrf-other-session")) {
            bob.signIn(DemoUsers.BOB, DemoUsers.PASSWORD);
            bobsToken = bob.csrfToken();
        }
        try (PortalBrowser browser = new PortalBrowser("csrf-refused")) {
            browser.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            browser.open("/claims/" + claim.getString("id"));
            String alicesToken = browser.csrfToken();
            List<FormData> forged = List.of(FormData.create().set("note", "no token"),
                    FormData.create().set("csrf-token", "wrong-" + alicesToken),
                    FormData.create().set("csrf-token", bobsToken));
            for (FormData form : forged) {
                APIResponse refused = browser.page().request().post(accept, RequestOptions.create().setForm(form).setMaxRedirects(0));
                assertEquals(403, refused.status());
                assertTrue(refused.text().contains("This form was refused"));
            }
            assertEquals("PENDING", Services.claim(DemoUsers.ALICE, claim.getString("id")).getString("lines[0].status"),
                    "a refused form changed nothing");

            APIResponse accepted = browser.page().request().post(accept,
                    RequestOptions.create().setForm(FormData.create().set("csrf-token", alicesToken)).setMaxRedirects(0));
            assertEquals(303, accepted.status(), "the session's own token gets through: the check is not refusing everything");
            assertEquals("ACCEPTED", Services.claim(DemoUsers.ALICE, claim.getString("id")).getString("lines[0].status"));
        }
    }

    @Test
    void theSessionCookieIsHttpOnlySameSiteAndUnreadableByThePagesScripts() {
        // Why: the session cookie carries the encrypted tokens; a script injected into a page must not read it.
        try (PortalBrowser browser = new PortalBrowser("session-cookie")) {
            browser.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            List<Cookie> session = browser.context().cookies(PortalBrowser.PORTAL).stream()
                    .filter(cookie -> cookie.name.startsWith("q_session")).toList();
            assertFalse(session.isEmpty(), "signed in through a session cookie");
            for (Cookie cookie : session) {
                assertTrue(cookie.httpOnly, cookie.name + " is HttpOnly");
                assertEquals(SameSiteAttribute.LAX, cookie.sameSite, cookie.name + " is SameSite=Lax");
                // Served over plain http here; Quarkus marks it Secure whenever the request arrives over TLS.
                assertFalse(cookie.secure, "over plain http the browser would drop a Secure cookie");
            }
            // A session larger than a cookie is split into numbered chunks; together they are one value.
            assertEncrypted(session.stream().sorted(java.util.Comparator.comparingInt(
                    (Cookie cookie) -> cookie.name.length()).thenComparing(cookie -> cookie.name))
                    .map(cookie -> cookie.value).collect(java.util.stream.Collectors.joining()));
            Object visibleToScripts = browser.page().evaluate("document.cookie");
            assertFalse(String.valueOf(visibleToScripts).contains("q_session"), "scripts cannot see the session cookie");
        }
    }

    /** A JWE in compact form (five parts) whose header names its content encryption: no token inside is readable. */
    private static void assertEncrypted(String value) {
        String[] parts = value.split("\\.", -1);
        assertEquals(5, parts.length, "the session cookie is a JWE (five parts), not a signed-only JWT (three)");
        String header = new String(java.util.Base64.getUrlDecoder().decode(parts[0]), java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(header.contains("\"enc\""), "the JWE header names its encryption: " + header);
        assertFalse(value.contains("\"sub\"") || value.contains("preferred_username"), "no claim is readable in the cookie");
    }

    @Test
    void signingOutEndsTheKeycloakSessionToo() {
        // Why: on a shared computer, "sign out" must not leave a Keycloak session that signs the next person in.
        try (PortalBrowser browser = new PortalBrowser("sign-out")) {
            browser.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            browser.signOut();
            PlaywrightAssertions.assertThat(browser.page().locator("h1")).hasText("You are signed out");
            browser.capture("signed-out");
            browser.open("/");
            PlaywrightAssertions.assertThat(browser.page().locator("#username")).isVisible();
            browser.capture("login-asked-again");
        }
    }

    @Test
    void noTokenOrSecretAppearsInAnyPageOrInThePortalsLog() throws Exception {
        // Why: tokens stay on the server side of the portal; a page, a download or a log line holding one would
        // let whoever reads it act as the user.
        String incidentId = Services.sealedIncident();
        String claimId = Services.openClaim(DemoUsers.ALICE, incidentId).getString("id");
        List<String> pages = new ArrayList<>();
        try (PortalBrowser alice = new PortalBrowser("no-secrets-claimant")) {
            alice.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            for (String path : List.of("/", "/claims/" + claimId, "/claims/" + claimId + "/address?chainId=31337")) {
                alice.open(path);
                pages.add(alice.page().content());
            }
            pages.add(alice.page().request().get(PortalBrowser.PORTAL + "/claimant/incidents/" + incidentId + "/proof.json").text());
            pages.addAll(alice.capturedPages());
        }
        try (PortalBrowser fiona = new PortalBrowser("no-secrets-finance")) {
            fiona.signIn(DemoUsers.FIONA, DemoUsers.PASSWORD);
            for (String path : List.of("/", "/incidents/" + incidentId + "/recoveries", "/incidents/" + incidentId + "/reconciliation",
                    "/incidents/" + incidentId + "/rounds", "/audit", "/batches")) {
                fiona.open(path);
                pages.add(fiona.page().content());
            }
            pages.add(fiona.page().request().get(PortalBrowser.PORTAL + "/audit/export.csv").text());
            pages.add(shown(fiona, "/incidents/" + incidentId + "/batches"));
        }
        try (PortalBrowser audrey = new PortalBrowser("no-secrets-auditor")) {
            audrey.signIn(DemoUsers.AUDREY, DemoUsers.PASSWORD);
            for (String log : List.of("claims", "payout")) {
                pages.add(shown(audrey, "/audit?log=" + log));
                pages.add(audrey.page().request().get(PortalBrowser.PORTAL + "/audit/export.csv?log=" + log).text());
            }
        }
        try (PortalBrowser sam = new PortalBrowser("no-secrets-support")) {
            sam.signIn(DemoUsers.SAM, DemoUsers.PASSWORD);
            pages.add(shown(sam, "/support/queue?incident=" + incidentId));
            pages.add(shown(sam, "/support/claims/" + claimId));
        }
        List<String> secrets = List.of(
                ConfigProvider.getConfig().getValue("quarkus.oidc.token-state-manager.encryption-secret", String.class),
                ConfigProvider.getConfig().getValue("quarkus.oidc.authentication.state-secret", String.class),
                "-dev-secret");
        for (String html : pages) {
            assertFalse(JWT.matcher(html).find(), "a page holds a token");
            secrets.forEach(secret -> assertFalse(html.contains(secret), "a page holds a secret"));
        }
        String log = Files.readString(Path.of("target", "portal.log"));
        assertFalse(log.isBlank(), "the portal logs to the file read here");
        assertFalse(JWT.matcher(log).find(), "the log holds a token");
        secrets.forEach(secret -> assertFalse(log.contains(secret), "the log holds a secret"));
    }

    /** The page's content, once it rendered as itself: an error page in its place would check nothing of it. */
    private static String shown(PortalBrowser browser, String path) {
        assertEquals(200, browser.open(path).status(), path + " renders");
        return browser.page().content();
    }
}
