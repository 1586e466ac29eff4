package dev.restitution.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AddressChangeBrowserTest {

    @Test
    void aClaimantReplacesAnAddressWithAStepUpSupportSeesTheChangeWaitAndTheClaimantCancelsIt() throws Exception {
        // Why: an account taken over is used to name the attacker's address; the replacement needs a fresh second
        // factor, waits out the cool-down with the earlier address in force, support sees it waiting, and the real
        // claimant, warned by mail, cancels it from the claim page so it never takes effect.
        String incidentId = Services.sealedIncident();
        String claimId = Services.openClaim(DemoUsers.ALICE, incidentId).getString("id");
        Services.proveAddress(DemoUsers.ALICE, DemoUsers.ALICE_ACCOUNT_ID, incidentId, claimId);
        String first = Services.claim(DemoUsers.ALICE, claimId).getString("payoutAddresses[0].address");
        Signer replacement = Signer.fresh();
        try (PortalBrowser alice = new PortalBrowser("claimant-replaces-and-cancels-address");
             PortalBrowser sam = new PortalBrowser("support-sees-address-change")) {
            Page page = alice.page();
            alice.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            alice.open("/claims/" + claimId);
            PlaywrightAssertions.assertThat(page.getByTestId("payout-address")).hasText(first);
            page.getByTestId("replace-address").click();
            proveInForm(page, replacement);
            // Replacing an address needs a second factor within 10 minutes: the portal sends her to Keycloak for a
            // code and back to the address form, where she signs again.
            PlaywrightAssertions.assertThat(page.locator(PortalBrowser.OTP_FIELD)).isVisible();
            alice.capture("step-up-for-replacement");
            assertTrue(Services.claim(DemoUsers.ALICE, claimId).getList("pendingPayoutAddresses").isEmpty(),
                    "nothing is written before the step-up");
            alice.enterOneTimeCode(DemoUsers.ALICE);
            page.waitForURL(url -> url.contains("/claims/" + claimId + "/address"));
            proveInForm(page, replacement);

            PlaywrightAssertions.assertThat(page.getByTestId("pending-address")).containsText(replacement.address());
            PlaywrightAssertions.assertThat(page.getByTestId("pending-address")).containsText(first);
            PlaywrightAssertions.assertThat(page.getByTestId("payout-address")).hasText(first);
            PlaywrightAssertions.assertThat(page.getByTestId("replace-address")).hasCount(0);
            alice.capture("replacement-waiting");
            JsonPath waiting = Services.claim(DemoUsers.ALICE, claimId);
            assertEquals(replacement.address(), waiting.getString("pendingPayoutAddresses[0].address"));
            assertEquals(first, waiting.getString("payoutAddresses[0].address"), "the earlier address stays in force");

            sam.signIn(DemoUsers.SAM, DemoUsers.PASSWORD);
            sam.open("/support/address-changes");
            PlaywrightAssertions.assertThat(sam.page().locator("tr", new Page.LocatorOptions()
                    .setHasText(replacement.address()))).containsText(first);
            sam.capture("pending-address-changes");

            page.getByTestId("cancel-address-change").click();
            PlaywrightAssertions.assertThat(page.getByTestId("pending-address")).hasCount(0);
            PlaywrightAssertions.assertThat(page.getByTestId("payout-address")).hasText(first);
            alice.capture("replacement-cancelled");
            JsonPath cancelled = Services.claim(DemoUsers.ALICE, claimId);
            assertTrue(cancelled.getList("pendingPayoutAddresses").isEmpty(), "no change waits");
            assertEquals(first, cancelled.getString("payoutAddresses[0].address"));

            sam.open("/support/address-changes");
            PlaywrightAssertions.assertThat(sam.page().locator("tr", new Page.LocatorOptions()
                    .setHasText(replacement.address()))).hasCount(0);
        }
    }

    /** Fills the address form with the wallet's address and its EIP-712 signature over the typed data shown. */
    private static void proveInForm(Page page, Signer wallet) throws Exception {
        page.getByLabel("Your address on chain 31337").fill(wallet.address());
        PlaywrightAssertions.assertThat(page.getByTestId("typed-data")).containsText(wallet.address());
        page.getByLabel("Signature").fill(wallet.sign(page.getByTestId("typed-data").textContent()));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Prove this address")).click();
    }
}
