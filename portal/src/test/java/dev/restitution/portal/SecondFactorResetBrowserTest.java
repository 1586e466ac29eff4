package dev.restitution.portal;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.KeycloakAdmin;
import dev.restitution.devstack.Totp;
import io.quarkus.test.junit.QuarkusTest;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SecondFactorResetBrowserTest {

    private static final String PAGE = "/support/second-factor-resets";

    @Test
    void aLeadRequestsAResetCannotDecideItHerselfAndAnotherLeadApprovesItOnThePage() {
        // Why: four eyes in real browsers: the requester sees no buttons on her own request, the second lead's
        // approval moves the account into the cool-down that support watches.
        String accountId = "ACC-SFR-" + UUID.randomUUID().toString().substring(0, 8);
        KeycloakAdmin.registerClaimant(Services.realmUrl(), "reset-claimant", DemoUsers.PASSWORD, accountId);
        String otherLead = KeycloakAdmin.registerWithAuthenticator(Services.realmUrl(), "reset-lead", DemoUsers.PASSWORD,
                Optional.empty(), DemoUsers.Roles.SUPPORT_LEAD);
        try (PortalBrowser lena = new PortalBrowser("second-factor-reset-requester");
                PortalBrowser second = new PortalBrowser("second-factor-reset-approver")) {
            Page page = lena.page();
            lena.signIn(DemoUsers.LENA, DemoUsers.PASSWORD);
            lena.open(PAGE);
            page.getByLabel("Exchange account").fill(accountId);
            page.locator("#reason").fill("Lost phone; identity checked on a video call");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Request the reset")).click();
            Locator waiting = page.locator("section[aria-labelledby=waiting-heading] tr[data-account='" + accountId + "']");
            PlaywrightAssertions.assertThat(waiting).containsText("Requested by you");
            PlaywrightAssertions.assertThat(waiting.getByRole(AriaRole.BUTTON)).hasCount(0);
            lena.capture("own-request-without-buttons");

            Page other = second.page();
            second.open("/");
            other.locator("#username").fill(otherLead);
            other.locator("#password").fill(DemoUsers.PASSWORD);
            other.locator("#kc-login").click();
            second.enterOneTimeCode(otherLead, Totp.forSecret(DemoUsers.devTotpSecret(otherLead)));
            other.waitForURL(url -> url.startsWith(PortalBrowser.PORTAL + "/"));
            second.open(PAGE);
            other.locator("section[aria-labelledby=waiting-heading] tr[data-account='" + accountId + "']")
                    .getByRole(AriaRole.BUTTON, new Locator.GetByRoleOptions().setName("Approve the reset")).click();
            Locator coolingDown = other.locator("section[aria-labelledby=cooling-heading] tr[data-account='" + accountId + "']");
            PlaywrightAssertions.assertThat(coolingDown).containsText(otherLead);
            PlaywrightAssertions.assertThat(other.locator("section[aria-labelledby=waiting-heading] tr[data-account='"
                    + accountId + "']")).hasCount(0);
            second.capture("approved-in-cool-down");
        }
    }
}
