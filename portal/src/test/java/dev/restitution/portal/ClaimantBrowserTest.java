package dev.restitution.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.KeycloakAdmin;
import dev.restitution.devstack.Totp;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClaimantBrowserTest {

    @Test
    void aClaimantsStartPageListsOnlyIncidentsOpenForClaimsThatHoldTheirAccount() {
        // Why: the start page is the claimant's way in; an incident only declared, or one whose snapshot holds nothing
        // of theirs, is none of their business, and claims-service (not only the page) keeps it from them.
        String declaredOnly = Services.declaredIncident();
        String bobsOnly = Services.sealedIncident(java.util.Map.of(DemoUsers.BOB_ACCOUNT_ID, Services.BOB_ETH));
        String both = Services.sealedIncident();
        try (PortalBrowser alice = new PortalBrowser("claimant-start-page-alice")) {
            alice.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            Page page = alice.page();
            PlaywrightAssertions.assertThat(page.locator("a[href='/incidents/" + both + "/claim']")).hasCount(1);
            PlaywrightAssertions.assertThat(page.locator("a[href='/incidents/" + bobsOnly + "/claim']")).hasCount(0);
            PlaywrightAssertions.assertThat(page.locator("a[href='/incidents/" + declaredOnly + "/claim']")).hasCount(0);
            alice.capture("start-page-lists-only-alices-incidents");
        }
        try (PortalBrowser bob = new PortalBrowser("claimant-start-page-bob")) {
            bob.signIn(DemoUsers.BOB, DemoUsers.PASSWORD);
            PlaywrightAssertions.assertThat(bob.page().locator("a[href='/incidents/" + bobsOnly + "/claim']")).hasCount(1);
            PlaywrightAssertions.assertThat(bob.page().locator("a[href='/incidents/" + both + "/claim']")).hasCount(1);
            PlaywrightAssertions.assertThat(bob.page().locator("a[href='/incidents/" + declaredOnly + "/claim']")).hasCount(0);
        }
    }

    @Test
    void claimantSeesBalancesAcceptsALineAndProvesASignedPayoutAddress() throws Exception {
        // Why: the claimant's whole first visit, in a real browser through Keycloak's login form: the sealed
        // balance with the snapshot root and proof, accepting it, and an EIP-712 proof signed over exactly
        // the typed data the page shows (signed elsewhere, pasted), which claims-service then accepts.
        String incidentId = Services.sealedIncident();
        try (PortalBrowser browser = new PortalBrowser("claimant-accepts-and-proves-address")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            PlaywrightAssertions.assertThat(page.locator("h1")).containsText("Hello alice");
            browser.capture("start-page");

            browser.open("/incidents/" + incidentId + "/claim");
            PlaywrightAssertions.assertThat(page.locator("#balances")).containsText("2.5");
            String root = page.getByTestId("snapshot-root").textContent();
            assertTrue(root.matches("0x[0-9a-f]{64}"), root);
            browser.capture("balances-before-opening");
            Download proof = page.waitForDownload(() -> page.getByRole(com.microsoft.playwright.options.AriaRole.LINK,
                    new Page.GetByRoleOptions().setName("Download your proof file (JSON)")).click());
            JsonPath proofJson = JsonPath.from(Files.readString(proof.path()));
            assertEquals("restitution-proof/1", proofJson.getString("format"));
            assertEquals(root, proofJson.getString("snapshot.merkleRoot"), "the downloaded proof is for the root shown");
            assertEquals(Services.ALICE_ETH, proofJson.getString("snapshot.entries[0].amount"));
            assertEquals(DemoUsers.ALICE_ACCOUNT_ID, proofJson.getString("accountId"));
            assertTrue(proofJson.getList("rounds").isEmpty() && proofJson.getList("payments").isEmpty(),
                    "nothing is entitled or paid before a claim");

            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Open my claim")).click();
            PlaywrightAssertions.assertThat(page.getByTestId("claim-stage")).hasText("Not submitted yet");
            browser.capture("claim-opened");
            String claimId = page.url().replaceAll(".*/claims/([0-9a-f-]{36}).*", "$1");

            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Accept ETH balance 2.5")).click();
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH]")).containsText("ACCEPTED");
            browser.capture("line-accepted");

            page.getByText("Add a payout address on chain 31337").click();
            Signer wallet = Signer.fresh();
            page.getByLabel("Your address on chain 31337").fill(wallet.address());
            PlaywrightAssertions.assertThat(page.getByTestId("typed-data")).containsText(wallet.address());
            String shownTypedData = page.getByTestId("typed-data").textContent();
            PlaywrightAssertions.assertThat(page.getByTestId("proof-validity")).containsText(
                    "valid for 50 minutes: claims-service accepts a signed message for at most 3600 seconds");
            browser.capture("typed-data-to-sign");
            page.getByLabel("Signature").fill(wallet.sign(shownTypedData));
            browser.capture("signature-pasted");
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Prove this address")).click();

            PlaywrightAssertions.assertThat(page.getByTestId("payout-address")).hasText(wallet.address());
            browser.capture("address-proven");
            JsonPath stored = Services.claim(DemoUsers.ALICE, claimId);
            assertEquals("ACCEPTED", stored.getString("lines[0].status"));
            assertEquals(wallet.address(), stored.getString("payoutAddresses[0].address"));

            Services.verifyKyc(DemoUsers.ALICE_ACCOUNT_ID);
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Submit my claim")).click();
            // Submitting needs a second factor within 10 minutes: the sign-in asked none (acr pwd), so the portal
            // sends her to Keycloak for a code, and back on the claim she submits again.
            PlaywrightAssertions.assertThat(page.locator(PortalBrowser.OTP_FIELD)).isVisible();
            assertEquals("DRAFT", Services.claim(DemoUsers.ALICE, claimId).getString("status"));
            browser.capture("step-up-asked");
            browser.enterOneTimeCode(DemoUsers.ALICE);
            page.waitForURL(url -> url.startsWith(PortalBrowser.PORTAL + "/claims/" + claimId));
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Submit my claim")).click();
            PlaywrightAssertions.assertThat(page.getByTestId("claim-stage")).hasText("Approved, waiting for a payout");
            PlaywrightAssertions.assertThat(page.locator("#status")).containsText("distribution round");
            browser.capture("submitted-and-approved");
            assertEquals("APPROVED", Services.claim(DemoUsers.ALICE, claimId).getString("status"));

            // On a phone the same page reads without sideways scrolling.
            page.setViewportSize(390, 844);
            browser.capture("claim-on-a-phone");
            Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertEquals(0, ((Number) overflow).intValue(), "no horizontal scrolling at phone width");
        }
    }

    @Test
    void aClaimantWithoutASecondFactorEnrolsOneWhenSubmittingAndTheSubmitThenSucceeds() throws Exception {
        // Why: claimants are offered a second factor, not forced at sign-in; submitting needs one, so a claimant
        // without one enrols it at that moment (Keycloak shows the secret as text), and the submit then goes through.
        String accountId = "ACC-MFA-" + java.util.UUID.randomUUID().toString().substring(0, 8);
        String username = KeycloakAdmin.registerClaimant(Services.realmUrl(), "enrols-at-submit", DemoUsers.PASSWORD, accountId);
        String incidentId = Services.sealedIncident(java.util.Map.of(accountId, Services.ALICE_ETH));
        try (PortalBrowser browser = new PortalBrowser("claimant-enrols-second-factor-at-submit")) {
            Page page = browser.page();
            browser.signIn(username, DemoUsers.PASSWORD);
            browser.open("/incidents/" + incidentId + "/claim");
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Open my claim")).click();
            String claimId = page.url().replaceAll(".*/claims/([0-9a-f-]{36}).*", "$1");
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Accept ETH balance 2.5")).click();
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH]")).containsText("ACCEPTED");
            page.getByText("Add a payout address on chain 31337").click();
            Signer wallet = Signer.fresh();
            page.getByLabel("Your address on chain 31337").fill(wallet.address());
            PlaywrightAssertions.assertThat(page.getByTestId("typed-data")).containsText(wallet.address());
            page.getByLabel("Signature").fill(wallet.sign(page.getByTestId("typed-data").textContent()));
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Prove this address")).click();
            PlaywrightAssertions.assertThat(page.getByTestId("payout-address")).hasText(wallet.address());
            Services.verifyKyc(accountId);

            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Submit my claim")).click();
            PlaywrightAssertions.assertThat(page.locator("#kc-totp-settings-form")).isVisible();
            browser.capture("asked-to-enrol-a-second-factor");
            page.locator("#mode-manual").click();
            String secret = page.locator("#kc-totp-secret-key").textContent();
            browser.capture("secret-shown-as-text");
            page.locator("#totp").fill(Totp.forBase32Secret(secret).codeAt(java.time.Instant.now()));
            page.locator("#saveTOTPBtn").click();
            page.waitForURL(url -> url.startsWith(PortalBrowser.PORTAL + "/claims/" + claimId));
            browser.capture("enrolled-back-on-the-claim");
            page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Submit my claim")).click();
            PlaywrightAssertions.assertThat(page.getByTestId("claim-stage")).hasText("Approved, waiting for a payout");
            browser.capture("submitted-after-enrolling");
        }
    }

    @Test
    void aSignatureByAnotherKeyIsRefusedAndTheAddressIsNotStored() throws Exception {
        // Why: the portal must show claims-service's refusal plainly and nothing may be stored for a forged proof.
        String incidentId = Services.sealedIncident();
        String claimId = Services.openClaim(DemoUsers.ALICE, incidentId).getString("id");
        try (PortalBrowser browser = new PortalBrowser("claimant-forged-signature")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            browser.open("/claims/" + claimId + "/address?chainId=31337");
            Signer owner = Signer.fresh();
            Signer someoneElse = Signer.fresh();
            page.getByLabel("Your address on chain 31337").fill(owner.address());
            PlaywrightAssertions.assertThat(page.getByTestId("typed-data")).containsText(owner.address());
            page.getByLabel("Signature").fill(someoneElse.sign(page.getByTestId("typed-data").textContent()));
            Response refused = page.waitForResponse(response -> response.url().endsWith("/claims/" + claimId + "/address"),
                    () -> page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                            new Page.GetByRoleOptions().setName("Prove this address")).click());
            assertEquals(400, refused.status());
            PlaywrightAssertions.assertThat(page.locator("[role=alert]")).containsText("Status 400");
            browser.capture("forged-signature-refused");
            assertTrue(Services.claim(DemoUsers.ALICE, claimId).getList("payoutAddresses").isEmpty());
        }
    }

    @Test
    void aClaimantOpeningAnotherAccountsClaimIsRefusedAndSeesNoneOfIt() {
        // Why: a claimant guessing or receiving another claim's address must learn nothing about it.
        String incidentId = Services.sealedIncident();
        String alicesClaim = Services.openClaim(DemoUsers.ALICE, incidentId).getString("id");
        try (PortalBrowser browser = new PortalBrowser("claimant-refused-other-account")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.BOB, DemoUsers.PASSWORD);
            Response response = browser.open("/claims/" + alicesClaim);
            assertEquals(404, response.status());
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Not found, or not yours");
            browser.capture("other-accounts-claim-refused");
            String html = page.content();
            assertTrue(!html.contains(DemoUsers.ALICE_ACCOUNT_ID) && !html.contains("2.5"), "nothing of alice's claim is shown");
            Response proof = browser.open("/claims/" + alicesClaim + "/address?chainId=31337");
            assertEquals(404, proof.status());
        }
    }
}
