package dev.restitution.portal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.FormData;
import com.microsoft.playwright.options.RequestOptions;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.portal.language.RequestLanguage;
import dev.restitution.portal.web.ErrorPages;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.context.control.ActivateRequestContext;
import jakarta.inject.Inject;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ErrorPagesBrowserTest {

    @Inject
    @Location("error.html")
    Template error;

    @Inject
    RequestLanguage language;

    @Test
    void everyErrorABrowserMeetsIsThePortalsOwnPageWithAPlainMessageNeverARawProblemBody() {
        // Why: people read these pages in the middle of a payout or a claim; a JSON document or a framework page
        // tells them nothing and may leak internals, and each one must say whether anything changed.
        String incidentId = Services.sealedIncident();
        int transfersBefore = transfers(incidentId);
        try (PortalBrowser browser = new PortalBrowser("error-pages")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.FIONA, DemoUsers.PASSWORD);

            assertPortalPage(browser.open("/no-such-page"), page, 404, "Page not found");
            browser.capture("unknown-page");
            assertPortalPage(browser.open("/batches/not-a-batch-id"), page, 404, "Page not found");
            assertPortalPage(browser.open("/batches/" + UUID.randomUUID()), page, 404, "Not found, or not yours");
            browser.capture("service-not-found");

            browser.open("/incidents/" + incidentId + "/recoveries");
            String csrf = browser.csrfToken();
            String recoveries = PortalBrowser.PORTAL + "/incidents/" + incidentId + "/recoveries";
            FormData notAnAmount = FormData.create().set("csrf-token", csrf).set("idempotencyKey", "portal-test-" + UUID.randomUUID())
                    .set("assetSymbol", "ETH").set("kind", "TREASURY_CONTRIBUTION").set("amount", "12abc").set("reason", "typo");
            assertPortalResponse(page.request().post(recoveries, RequestOptions.create().setForm(notAnAmount).setMaxRedirects(0)),
                    400, "not accepted");
            FormData wrongToken = FormData.create().set("csrf-token", "wrong-" + csrf).set("idempotencyKey", "portal-test-" + UUID.randomUUID())
                    .set("assetSymbol", "ETH").set("kind", "TREASURY_CONTRIBUTION").set("amount", "1").set("reason", "forged");
            assertPortalResponse(page.request().post(recoveries, RequestOptions.create().setForm(wrongToken).setMaxRedirects(0)),
                    403, "This form was refused");
            assertPortalResponse(page.request().get(PortalBrowser.PORTAL + "/batches/" + UUID.randomUUID() + "/approvals"),
                    405, "cannot be used that way");
        }
        assertEquals(transfersBefore, transfers(incidentId), "no refused form booked anything");
    }

    private static int transfers(String incidentId) {
        return given().baseUri(Services.url("ledger")).auth().oauth2(Services.token(DemoUsers.AUDREY))
                .when().get("/incidents/" + incidentId + "/transfers").then().statusCode(200).extract().jsonPath()
                .getList("items").size();
    }

    @Test
    @ActivateRequestContext
    void aFailureOfThePortalItselfIsAPageWithAnErrorIdAndNoInternals() {
        // Why: an unexpected exception must not show its message or stack to the person, but support must find it in the log.
        jakarta.ws.rs.core.Response failed = new ErrorPages(error, language).unexpected(new IllegalStateException("internal detail 4711"));
        assertEquals(500, failed.getStatus());
        assertEquals("text/html", failed.getMediaType().toString());
        String html = failed.getEntity().toString();
        assertTrue(html.contains("Something went wrong in the portal"), html);
        assertTrue(html.matches("(?s).*error id [0-9a-f-]{36}.*"), "the page names the error id the log has");
        assertFalse(html.contains("internal detail 4711"), "the exception's message stays in the log");
    }

    private static void assertPortalPage(Response response, Page page, int status, String heading) {
        assertEquals(status, response.status());
        assertTrue(response.headerValue("content-type").startsWith("text/html"), response.headerValue("content-type"));
        PlaywrightAssertions.assertThat(page.locator("h1")).hasText(heading);
        PlaywrightAssertions.assertThat(page.locator("[role=alert] .status")).hasText("Status " + status);
    }

    private static void assertPortalResponse(APIResponse response, int status, String text) {
        assertEquals(status, response.status(), response.text());
        assertTrue(response.headers().get("content-type").startsWith("text/html"), response.headers().get("content-type"));
        String body = response.text();
        assertTrue(body.contains("<h1>") && body.contains(text), body);
        assertTrue(body.contains("Nothing was"), "the page says nothing was changed: " + body);
        assertFalse(body.strip().startsWith("{"), "no JSON body reaches the browser");
    }
}
