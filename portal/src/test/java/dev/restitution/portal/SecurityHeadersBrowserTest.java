package dev.restitution.portal;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIRequestContext;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.HttpHeader;
import com.microsoft.playwright.options.RequestOptions;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecurityHeadersBrowserTest {

    @Test
    void everyKindOfPortalResponseCarriesTheBrowsersSafetyHeaders() {
        // Why: a single response without them (an error page, a static file, a redirect) is one a hostile site can
        // frame, sniff into a script or leak an address from; so each kind a browser meets is checked, signed in or not.
        String incidentId = Services.sealedIncident();
        String claimId = Services.openClaim(DemoUsers.ALICE, incidentId).getString("id");
        Map<String, APIResponse> responses = new LinkedHashMap<>();
        Map<String, Integer> expectedStatus = new LinkedHashMap<>();
        try (PortalBrowser browser = new PortalBrowser("security-headers")) {
            APIRequestContext http = browser.page().request();
            visit(http, responses, expectedStatus, "an anonymous visitor sent to the login", "/", 302);
            visit(http, responses, expectedStatus, "the signed-out page", "/signed-out", 200);
            visit(http, responses, expectedStatus, "the style sheet", "/static/portal.css", 200);
            visit(http, responses, expectedStatus, "the portal's script", "/static/portal.js", 200);
            visit(http, responses, expectedStatus, "htmx, served by the portal", "/vendor/htmx.min.js", 200);
            visit(http, responses, expectedStatus, "Chart.js, served by the portal", "/vendor/chart.umd.min.js", 200);
            visit(http, responses, expectedStatus, "a static file that does not exist", "/static/missing.css", 404);

            browser.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            visit(http, responses, expectedStatus, "the start page", "/", 200);
            visit(http, responses, expectedStatus, "a claim page", "/claims/" + claimId, 200);
            visit(http, responses, expectedStatus, "the address page", "/claims/" + claimId + "/address?chainId=31337", 200);
            visit(http, responses, expectedStatus, "a download", "/claimant/incidents/" + incidentId + "/proof.json", 200);
            visit(http, responses, expectedStatus, "an unknown page", "/no-such-page", 404);
            visit(http, responses, expectedStatus, "a page of another role", "/support/queue", 403);
            visit(http, responses, expectedStatus, "a service's refusal", "/claims/" + UUID.randomUUID(), 404);
            visit(http, responses, expectedStatus, "a wrong method", "/batches/" + UUID.randomUUID() + "/approvals", 405);
            browser.open("/claims/" + claimId);
            String csrf = browser.csrfToken();
            String accept = PortalBrowser.PORTAL + "/claims/" + claimId + "/lines/" + UUID.randomUUID() + "/accept";
            responses.put("a refused form", http.post(accept, RequestOptions.create().setMaxRedirects(0)
                    .setForm(FormData.create().set("csrf-token", "wrong"))));
            expectedStatus.put("a refused form", 403);
            responses.put("the sign-out's redirect", http.post(PortalBrowser.PORTAL + "/sign-out", RequestOptions.create()
                    .setMaxRedirects(0).setForm(FormData.create().set("csrf-token", csrf))));
            expectedStatus.put("the sign-out's redirect", 303);
            visit(http, responses, expectedStatus, "the redirect to Keycloak's logout", "/logout", 302);

            URI keycloak = URI.create(Services.realmUrl());
            for (Map.Entry<String, APIResponse> visited : responses.entrySet()) {
                String kind = visited.getKey();
                APIResponse response = visited.getValue();
                assertEquals(expectedStatus.get(kind), response.status(), kind + " is what it claims to be");
                assertSafetyHeaders(kind, response.headersArray(), keycloak);
            }
        }
    }

    private static void visit(APIRequestContext http, Map<String, APIResponse> responses, Map<String, Integer> expectedStatus,
            String kind, String path, int status) {
        responses.put(kind, http.get(PortalBrowser.PORTAL + path, RequestOptions.create().setMaxRedirects(0)));
        expectedStatus.put(kind, status);
    }

    private static void assertSafetyHeaders(String kind, List<HttpHeader> headers, URI keycloak) {
        Map<String, List<String>> byName = new LinkedHashMap<>();
        headers.forEach(header -> byName.computeIfAbsent(header.name.toLowerCase(java.util.Locale.ROOT),
                name -> new ArrayList<>()).add(header.value));
        for (String name : List.of("content-security-policy", "x-content-type-options", "referrer-policy", "permissions-policy")) {
            assertEquals(1, byName.getOrDefault(name, List.of()).size(), kind + " sends " + name + " once: " + byName);
        }
        String policy = byName.get("content-security-policy").getFirst();
        List<String> directives = List.of(policy.split("\\s*;\\s*"));
        assertTrue(directives.contains("frame-ancestors 'none'"), kind + ": no site may frame the portal: " + policy);
        assertTrue(directives.contains("default-src 'none'"), kind + ": nothing is allowed unless named: " + policy);
        assertTrue(directives.contains("script-src 'self'"), kind + ": only the portal's own script files run: " + policy);
        assertTrue(directives.contains("style-src 'self'"), kind + ": only the portal's own style sheet applies: " + policy);
        assertTrue(directives.contains("base-uri 'none'") && directives.contains("object-src 'none'"), policy);
        assertTrue(directives.contains("form-action 'self' " + keycloak.getScheme() + "://" + keycloak.getHost() + ":" + keycloak.getPort()),
                kind + ": forms post to the portal, whose sign-out goes on to Keycloak: " + policy);
        assertFalse(policy.contains("unsafe-inline") || policy.contains("unsafe-eval") || policy.contains("*"), policy);
        assertEquals("nosniff", byName.get("x-content-type-options").getFirst(), kind);
        assertEquals("same-origin", byName.get("referrer-policy").getFirst(), kind);
        String permissions = byName.get("permissions-policy").getFirst();
        for (String feature : List.of("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()")) {
            assertTrue(permissions.contains(feature), kind + ": " + permissions);
        }
    }

    @Test
    void aScriptSmuggledIntoAPortalPageIsBlockedAndTheBrowserReportsIt() {
        // Why: every browser test counts on the browser's reports to prove its pages keep the policy; this shows an
        // inline script really is refused under the portal's policy and that the browser's report reaches the test.
        try (PortalBrowser browser = new PortalBrowser("inline-script-blocked")) {
            browser.open("/signed-out");
            assertNotNull(browser.page().locator("h1").textContent());
            browser.page().evaluate("() => { const script = document.createElement('script');"
                    + " script.textContent = 'window.smuggled = true'; document.body.appendChild(script); }");
            List<String> reported = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).until(() -> {
                // Playwright hands the page's report over only while the test calls into it.
                browser.page().waitForTimeout(100);
                reported.addAll(browser.takePolicyViolations());
                return reported.stream().anyMatch(report -> report.contains("script-src-elem blocked inline"));
            });
            assertEquals(Boolean.FALSE, browser.page().evaluate("() => window.smuggled === true"), "the inline script never ran");
            browser.capture("inline-script-blocked");
        }
    }
}
