package dev.restitution.portal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

@QuarkusTest
class SupportBrowserTest {

    /** Above claims-service's four-eyes value for ETH (10 ETH): the decision needs a support lead's second approval. */
    private static final String CLAIMED_ETH = "12";
    private static final String CLAIMED_WEI = "12000000000000000000";
    private static final byte[] RECEIPT = "Deposit of 11 ETH credited 2 hours before the breach, tx 0xabc\n"
            .getBytes(StandardCharsets.UTF_8);

    @Test
    void aDisputeWithEvidenceIsQuestionedProposedRefusedToItsProposerAndApprovedByALead() throws Exception {
        // Why: the whole dispute path in real browsers: the claimant's amount and evidence reach the agent, the
        // agent's question reaches the claimant and back, and money above the four-eyes value is approved only by
        // a second person; the proposer's own approval is refused plainly and changes nothing.
        String incidentId = Services.sealedIncident();
        JsonPath opened = Services.openClaim(DemoUsers.BOB, incidentId);
        String claimId = opened.getString("id");
        Services.proveAddress(DemoUsers.BOB, DemoUsers.BOB_ACCOUNT_ID, incidentId, claimId);
        Services.verifyKyc(DemoUsers.BOB_ACCOUNT_ID);
        try (PortalBrowser bob = new PortalBrowser("support-dispute-claimant");
                PortalBrowser staff = new PortalBrowser("support-dispute-staff")) {
            Page page = bob.page();
            bob.signIn(DemoUsers.BOB, DemoUsers.PASSWORD);
            bob.open("/claims/" + claimId);
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Dispute ETH balance 1")).click();
            page.getByLabel("Amount you believe you held").fill(CLAIMED_ETH);
            page.getByLabel("Why the recorded balance is wrong").fill("A deposit of 11 ETH was credited before the breach.");
            bob.capture("dispute-form");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save my dispute")).click();
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH]")).containsText("DISPUTED");
            PlaywrightAssertions.assertThat(page.getByTestId("claimed-amount")).hasText(CLAIMED_ETH);

            // A file whose bytes are not the type it names is refused by claims-service, in its own words.
            page.getByLabel("File to add").setInputFiles(new FilePayload("statement.png", "image/png", RECEIPT));
            Response refused = page.waitForResponse(response -> response.url().endsWith("/claims/" + claimId + "/evidence"),
                    () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload evidence")).click());
            assertEquals(415, refused.status());
            PlaywrightAssertions.assertThat(page.locator("[role=alert]")).containsText("Nothing was stored");
            bob.capture("evidence-of-the-wrong-type-refused");
            assertTrue(evidence(DemoUsers.BOB, claimId).getList("items").isEmpty(), "the refused file was not stored");

            bob.open("/claims/" + claimId);
            page.getByLabel("File to add").setInputFiles(new FilePayload("deposit-receipt.txt", "text/plain", RECEIPT));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload evidence")).click();
            PlaywrightAssertions.assertThat(page.getByTestId("evidence-row")).containsText("deposit-receipt.txt");
            Download own = page.waitForDownload(() -> page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("deposit-receipt.txt")).click());
            assertArrayEquals(RECEIPT, Files.readAllBytes(own.path()), "the claimant downloads exactly what they uploaded");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit my claim")).click();
            // Submitting asks for a fresh second factor (step-up): Keycloak takes a code, then bob submits again.
            PlaywrightAssertions.assertThat(page.locator(PortalBrowser.OTP_FIELD)).isVisible();
            bob.enterOneTimeCode(DemoUsers.BOB);
            page.waitForURL(url -> url.startsWith(PortalBrowser.PORTAL + "/claims/" + claimId));
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Submit my claim")).click();
            PlaywrightAssertions.assertThat(page.getByTestId("claim-stage")).hasText("Under review by support");
            bob.capture("dispute-submitted-with-evidence");

            Page desk = staff.page();
            staff.signIn(DemoUsers.SAM, DemoUsers.PASSWORD);
            staff.open("/support/queue?incident=" + incidentId);
            Locator row = desk.locator("tr[data-claim='" + claimId + "']");
            PlaywrightAssertions.assertThat(row).containsText(DemoUsers.BOB_ACCOUNT_ID);
            PlaywrightAssertions.assertThat(row).containsText("1 → " + CLAIMED_ETH);
            PlaywrightAssertions.assertThat(row).containsText("Within SLA");
            staff.capture("review-queue");
            staff.open("/support/queue?incident=" + incidentId + "&asset=ETH&minClaimed=13");
            PlaywrightAssertions.assertThat(desk.getByTestId("queue-total")).containsText("Matching claims: 0");
            staff.capture("review-queue-filtered-by-claimed-amount");
            staff.open("/support/queue?incident=" + incidentId + "&asset=ETH&minClaimed=12&assigned=nobody");
            row.getByRole(AriaRole.LINK).click();

            PlaywrightAssertions.assertThat(desk.getByTestId("claimed")).hasText(CLAIMED_ETH);
            PlaywrightAssertions.assertThat(desk.getByTestId("evidence-row")).containsText("deposit-receipt.txt");
            Download reviewed = desk.waitForDownload(() -> desk.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("deposit-receipt.txt")).click());
            assertArrayEquals(RECEIPT, Files.readAllBytes(reviewed.path()), "the agent reads the evidence as uploaded");
            desk.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Assign to me")).click();
            PlaywrightAssertions.assertThat(desk.getByTestId("assignee")).hasText("sam (you)");
            desk.getByLabel("Your comment").fill("Receipt matches the deposit in the exchange's ledger export.");
            desk.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Add comment")).click();
            PlaywrightAssertions.assertThat(desk.getByTestId("comment")).containsText("Receipt matches");
            desk.getByLabel("Ask the claimant").fill("Which transaction hash credited the 11 ETH?");
            desk.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Ask the claimant")).click();
            PlaywrightAssertions.assertThat(desk.getByTestId("claim-status")).hasText("NEEDS_INFO");
            staff.capture("question-asked");

            bob.open("/claims/" + claimId);
            PlaywrightAssertions.assertThat(page.getByTestId("claim-stage")).hasText("Support needs information from you");
            PlaywrightAssertions.assertThat(page.getByTestId("open-question")).hasText("Which transaction hash credited the 11 ETH?");
            page.getByLabel("Your answer").fill("0xabc, shown in the receipt.");
            bob.capture("question-to-answer");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Send my answer")).click();
            PlaywrightAssertions.assertThat(page.getByTestId("claim-stage")).hasText("Under review by support");
            bob.capture("answered");

            staff.open("/support/claims/" + claimId);
            PlaywrightAssertions.assertThat(desk.getByTestId("answer")).hasText("0xabc, shown in the receipt.");
            // The reviewer reads claims-service's configured four-eyes value for the asset before proposing.
            PlaywrightAssertions.assertThat(desk.getByTestId("four-eyes"))
                    .hasText("ETH: an approved amount above 10 ETH per line needs a second approval.");
            desk.getByLabel("Approve for ETH").fill(CLAIMED_ETH);
            staff.capture("proposal-form-with-four-eyes-value");
            desk.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Propose approval")).click();
            PlaywrightAssertions.assertThat(desk.getByTestId("claim-status")).hasText("PENDING_SECOND_APPROVAL");
            PlaywrightAssertions.assertThat(desk.getByTestId("own-proposal")).isVisible();
            staff.capture("approval-proposed");
            Response ownApproval = desk.waitForResponse(response -> response.url().endsWith("/second-approval"),
                    () -> desk.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Give the second approval")).click());
            assertEquals(403, ownApproval.status());
            PlaywrightAssertions.assertThat(desk.locator("h1")).hasText("claims-service refused this");
            staff.capture("proposer-refused");
            JsonPath unchanged = Services.claim(DemoUsers.BOB, claimId);
            assertEquals("PENDING_SECOND_APPROVAL", unchanged.getString("status"), "the refused approval changed nothing");
            assertEquals(null, unchanged.getString("lines[0].approvedAmount"));
            staff.signOut();

            staff.signIn(DemoUsers.LENA, DemoUsers.PASSWORD);
            staff.open("/support/claims/" + claimId);
            PlaywrightAssertions.assertThat(desk.getByTestId("proposal")).containsText("APPROVE by sam");
            PlaywrightAssertions.assertThat(desk.locator("#history tr[data-action=QUESTION_ANSWERED]")).hasCount(1);
            PlaywrightAssertions.assertThat(desk.getByTestId("history-chain")).hasText("Hash chain intact");
            staff.capture("second-approval-screen");
            desk.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Give the second approval")).click();
            PlaywrightAssertions.assertThat(desk.getByTestId("claim-status")).hasText("APPROVED");
            PlaywrightAssertions.assertThat(desk.getByTestId("approved")).hasText(CLAIMED_ETH);
            staff.capture("approved-by-lead");
            // On a phone the review page and the queue read without sideways scrolling.
            desk.setViewportSize(390, 844);
            assertEquals(0, sidewaysOverflow(desk), "the claim page fits a phone's width");
            staff.capture("claim-on-a-phone");
            staff.open("/support/queue?status=PENDING_SECOND_APPROVAL");
            assertEquals(0, sidewaysOverflow(desk), "the queue fits a phone's width");
            staff.capture("queue-on-a-phone");

            bob.open("/claims/" + claimId);
            PlaywrightAssertions.assertThat(page.getByTestId("claim-stage")).hasText("Approved, waiting for a payout");
            bob.capture("claimant-sees-approval");
        }
        JsonPath decided = Services.claim(DemoUsers.BOB, claimId);
        assertEquals("APPROVED", decided.getString("status"));
        assertEquals(CLAIMED_WEI, decided.getString("lines[0].approvedAmount"));
    }

    @Test
    void aClaimantCannotOpenSupportPagesNorAnotherClaimantsEvidence() {
        // Why: the queue lists other people's claims and evidence holds their private documents; a claimant must
        // reach neither, whatever address they type.
        String incidentId = Services.sealedIncident();
        String alicesClaim = Services.openClaim(DemoUsers.ALICE, incidentId).getString("id");
        String evidenceId = given().baseUri(Services.url("claims")).auth().oauth2(Services.token(DemoUsers.ALICE))
                .contentType("text/plain").body(RECEIPT).queryParam("fileName", "alices-statement.txt")
                .when().post("/claims/" + alicesClaim + "/evidence").then().statusCode(201).extract().path("id");
        try (PortalBrowser browser = new PortalBrowser("claimant-refused-support-pages")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.BOB, DemoUsers.PASSWORD);
            PlaywrightAssertions.assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Review queue"))).hasCount(0);
            Response queue = browser.open("/support/queue");
            assertEquals(403, queue.status());
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("The portal refused this");
            browser.capture("queue-refused");
            assertEquals(403, browser.open("/support/claims/" + alicesClaim).status());
            assertFalse(page.content().contains(DemoUsers.ALICE_ACCOUNT_ID), "nothing of alice's claim is shown");

            Response file = browser.open("/claims/" + alicesClaim + "/evidence/" + evidenceId);
            assertEquals(404, file.status());
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Not found, or not yours");
            browser.capture("other-claimants-evidence-refused");
            assertFalse(page.content().contains("Deposit of 11 ETH"), "none of the file's content is shown");
            assertFalse(page.content().contains("alices-statement"), "not even the file's name");
        }
    }

    @Test
    void aSupportLeadWhoProposedCannotGiveTheSecondApprovalHerself() throws Exception {
        // Why: four eyes means two people, whatever their role: a lead's own proposal above the four-eyes value
        // must wait for another lead, and her attempt must be refused with the claim left as it was.
        String incidentId = Services.sealedIncident();
        String claimId = disputedAndSubmitted(incidentId, CLAIMED_WEI);
        try (PortalBrowser browser = new PortalBrowser("support-lead-own-proposal-refused")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.LENA, DemoUsers.PASSWORD);
            browser.open("/support/claims/" + claimId);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Assign to me")).click();
            page.getByLabel("Approve for ETH").fill(CLAIMED_ETH);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Propose approval")).click();
            PlaywrightAssertions.assertThat(page.getByTestId("claim-status")).hasText("PENDING_SECOND_APPROVAL");
            PlaywrightAssertions.assertThat(page.getByTestId("own-proposal")).isVisible();
            Response refused = page.waitForResponse(response -> response.url().endsWith("/second-approval"),
                    () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Give the second approval")).click());
            assertEquals(403, refused.status());
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("claims-service refused this");
            browser.capture("lead-refused-her-own-proposal");
        }
        JsonPath unchanged = Services.claim(DemoUsers.BOB, claimId);
        assertEquals("PENDING_SECOND_APPROVAL", unchanged.getString("status"), "the refused approval changed nothing");
        assertEquals(null, unchanged.getString("lines[0].approvedAmount"));
    }

    @Test
    void aClaimantChangesTheirDisputeUnderReviewAndThenWithdrawsTheClaim() throws Exception {
        // Why: until support decides, the claimant may correct what they claim or step back; both must reach
        // claims-service exactly, and a withdrawn claim must offer nothing more to change.
        String incidentId = Services.sealedIncident();
        String claimId = disputedAndSubmitted(incidentId, CLAIMED_WEI);
        try (PortalBrowser browser = new PortalBrowser("claimant-amends-and-withdraws")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.BOB, DemoUsers.PASSWORD);
            browser.open("/claims/" + claimId);
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Change my dispute of ETH")).click();
            PlaywrightAssertions.assertThat(page.getByLabel("Amount you believe you held")).hasValue(CLAIMED_ETH);
            page.getByLabel("Amount you believe you held").fill("5.25");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save my dispute")).click();
            PlaywrightAssertions.assertThat(page.getByTestId("claimed-amount")).hasText("5.25");
            browser.capture("dispute-changed");
            assertEquals("5250000000000000000", Services.claim(DemoUsers.BOB, claimId).getString("lines[0].claimedAmount"));

            page.getByLabel("Why you withdraw").fill("Found the missing deposit in another account.");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Withdraw my claim")).click();
            PlaywrightAssertions.assertThat(page.getByTestId("claim-stage")).hasText("Withdrawn");
            PlaywrightAssertions.assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Upload evidence"))).hasCount(0);
            PlaywrightAssertions.assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Change my dispute of ETH"))).hasCount(0);
            browser.capture("withdrawn");
        }
        assertEquals("WITHDRAWN", Services.claim(DemoUsers.BOB, claimId).getString("status"));
    }

    @Test
    void anEvidenceUploadWithoutTheSessionsCsrfTokenIsRefusedAndStoresNothing() {
        // Why: a multipart upload is read differently from a plain form; another site must not be able to push a
        // file into a signed-in claimant's claim, while the session's own token gets through.
        String incidentId = Services.sealedIncident();
        String claimId = Services.openClaim(DemoUsers.BOB, incidentId).getString("id");
        String upload = PortalBrowser.PORTAL + "/claims/" + claimId + "/evidence";
        try (PortalBrowser browser = new PortalBrowser("evidence-upload-csrf")) {
            browser.signIn(DemoUsers.BOB, DemoUsers.PASSWORD);
            browser.open("/claims/" + claimId);
            String token = browser.csrfToken();
            FilePayload file = new FilePayload("forged.txt", "text/plain", RECEIPT);
            for (com.microsoft.playwright.options.FormData forged : java.util.List.of(
                    com.microsoft.playwright.options.FormData.create().set("file", file),
                    com.microsoft.playwright.options.FormData.create().set("csrf-token", "wrong-" + token).set("file", file))) {
                com.microsoft.playwright.APIResponse refused = browser.page().request().post(upload,
                        com.microsoft.playwright.options.RequestOptions.create().setMultipart(forged).setMaxRedirects(0));
                assertEquals(403, refused.status());
                assertTrue(refused.text().contains("This form was refused"));
            }
            assertTrue(evidence(DemoUsers.BOB, claimId).getList("items").isEmpty(), "a refused upload stored nothing");

            com.microsoft.playwright.APIResponse accepted = browser.page().request().post(upload,
                    com.microsoft.playwright.options.RequestOptions.create().setMaxRedirects(0).setMultipart(
                            com.microsoft.playwright.options.FormData.create().set("csrf-token", token).set("file", file)));
            assertEquals(303, accepted.status(), "the session's own token gets through: the check is not refusing everything");
            assertEquals("forged.txt", evidence(DemoUsers.BOB, claimId).getString("items[0].fileName"));
        }
    }

    /** bob's claim with its ETH line disputed at the given amount, address proven, KYC done, submitted to review. */
    private static String disputedAndSubmitted(String incidentId, String claimedWei) throws Exception {
        JsonPath opened = Services.openClaim(DemoUsers.BOB, incidentId);
        String claimId = opened.getString("id");
        String bob = Services.token(DemoUsers.BOB);
        given().baseUri(Services.url("claims")).auth().oauth2(bob).contentType("application/json")
                .body(java.util.Map.of("claimedAmount", claimedWei, "explanation", "a deposit is missing"))
                .when().post("/claims/" + claimId + "/lines/" + opened.getString("lines[0].id") + "/dispute")
                .then().statusCode(200);
        Services.proveAddress(DemoUsers.BOB, DemoUsers.BOB_ACCOUNT_ID, incidentId, claimId);
        Services.verifyKyc(DemoUsers.BOB_ACCOUNT_ID);
        given().baseUri(Services.url("claims")).auth().oauth2(bob).header("Idempotency-Key", "submit-" + claimId)
                .when().post("/claims/" + claimId + "/submit").then().statusCode(200);
        return claimId;
    }

    private static int sidewaysOverflow(Page page) {
        return ((Number) page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")).intValue();
    }

    private static JsonPath evidence(String username, String claimId) {
        return given().baseUri(Services.url("claims")).auth().oauth2(Services.token(username))
                .when().get("/claims/" + claimId + "/evidence").then().statusCode(200).extract().jsonPath();
    }
}
