package dev.restitution.portal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecondFactorBrowserTest {

    @Test
    void staffSignInAsksForAOneTimeCodeRefusesAWrongOneAndAcceptsTheAuthenticatorsCode() {
        // Why: staff must sign in with a second factor; a phished password alone must not open the portal, and the
        // code computed from the enrolled secret (as an authenticator app does) must.
        try (PortalBrowser browser = new PortalBrowser("staff-sign-in-with-totp")) {
            Page page = browser.page();
            browser.open("/");
            page.locator("#username").fill(DemoUsers.SAM);
            page.locator("#password").fill(DemoUsers.PASSWORD);
            page.locator("#kc-login").click();
            PlaywrightAssertions.assertThat(page.locator(PortalBrowser.OTP_FIELD)).isVisible();
            browser.capture("one-time-code-asked");

            page.locator(PortalBrowser.OTP_FIELD).fill("000000");
            page.locator("#kc-login").click();
            PlaywrightAssertions.assertThat(page.locator(PortalBrowser.OTP_FIELD)).isVisible();
            assertTrue(!page.url().startsWith(PortalBrowser.PORTAL), "a wrong code keeps the person at Keycloak");
            browser.capture("wrong-code-refused");

            browser.enterOneTimeCode(DemoUsers.SAM);
            page.waitForURL(url -> url.startsWith(PortalBrowser.PORTAL + "/"));
            PlaywrightAssertions.assertThat(page.locator("h1")).containsText("sam");
            browser.capture("signed-in-with-code");
        }
    }
}
