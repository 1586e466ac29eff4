package dev.restitution.portal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Test;

@QuarkusTest
class FinanceBrowserTest {

    @Test
    void operatorRecordsFundsAndProposesARoundTheProposerIsRefusedAndAnotherApproverApprovesIt() throws Exception {
        // Why: money moves only after a second person approved exactly the plan shown; the proposer's own attempt
        // must be refused by the ledger, and the page must say so plainly, with the round left as it was.
        String incidentId = Services.sealedIncident();
        Services.approvedClaim(incidentId);
        Services.startDistributing(incidentId);
        String roundId;
        try (PortalBrowser browser = new PortalBrowser("finance-round-approval")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.FIONA, DemoUsers.PASSWORD);
            browser.open("/incidents/" + incidentId + "/recoveries");
            page.getByLabel("Kind").selectOption("TREASURY_CONTRIBUTION");
            page.getByLabel("Amount in smallest units").fill("1000000000000000000");
            page.getByLabel("Reason").fill("exchange treasury covers part of the loss");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Record")).click();
            PlaywrightAssertions.assertThat(page.locator("#coverage-table tr[data-asset=ETH]")).containsText("40.00 %");
            page.locator("canvas[data-coverage-chart]").waitFor();
            browser.capture("recoveries-with-coverage-chart");

            browser.open("/incidents/" + incidentId + "/rounds");
            page.getByLabel("Note for the approver").fill("first distribution");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Propose a round")).click();
            page.waitForLoadState();
            browser.capture("round-proposed");
            PlaywrightAssertions.assertThat(page.getByTestId("round-state")).hasText("PROPOSED");
            PlaywrightAssertions.assertThat(page.getByTestId("own-proposal")).isVisible();
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH]")).containsText("1");
            roundId = page.url().replaceAll(".*/rounds/([0-9a-f-]{36}).*", "$1");

            page.getByLabel("Why you approve").fill("my own round");
            Response refused = page.waitForResponse(response -> response.url().endsWith("/approval"),
                    () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve round")).click());
            assertEquals(403, refused.status());
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("ledger-service refused this");
            browser.capture("proposer-refused");
            assertEquals("PROPOSED", round(roundId).getString("state"), "the refused approval changed nothing");
            browser.signOut();

            browser.signIn(DemoUsers.FRANK, DemoUsers.PASSWORD);
            browser.open("/rounds/" + roundId);
            PlaywrightAssertions.assertThat(page.getByTestId("proposed-by")).containsText(subject(DemoUsers.FIONA));
            PlaywrightAssertions.assertThat(page.getByTestId("plan-digest")).hasText(round(roundId).getString("planDigest"));
            browser.capture("approval-screen");
            page.getByLabel("Why you approve").fill("matches the treasury transfer");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve round")).click();
            PlaywrightAssertions.assertThat(page.getByTestId("round-state")).hasText("APPROVED");
            browser.capture("round-approved");
        }
        JsonPath approved = round(roundId);
        assertEquals("APPROVED", approved.getString("state"));
        assertEquals(subject(DemoUsers.FRANK), approved.getString("decidedBy"));
    }

    @Test
    void reconciliationShowsEveryAssetAndSaysWhetherItIsConsistent() {
        // Why: finance and auditors read the reconciliation as the ledger computes it, per asset.
        String incidentId = Services.sealedIncident();
        try (PortalBrowser browser = new PortalBrowser("finance-reconciliation")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.AUDREY, DemoUsers.PASSWORD);
            browser.open("/incidents/" + incidentId + "/reconciliation");
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH]")).containsText("3.5");
            PlaywrightAssertions.assertThat(page.locator("[role=status]")).containsText("Consistent");
            browser.capture("reconciliation");
        }
    }

    /** The Keycloak subject the ledger records as proposer and approver. */
    private static String subject(String username) {
        return dev.restitution.devstack.Tokens.claims(Services.token(username)).path("sub").asText();
    }

    private static JsonPath round(String roundId) {
        return given().baseUri(Services.url("ledger")).auth().oauth2(Services.token(DemoUsers.AUDREY))
                .when().get("/rounds/" + roundId).then().statusCode(200).extract().jsonPath();
    }
}
