package dev.restitution.portal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.nio.file.Files;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

@QuarkusTest
class AuditorBrowserTest {

    @Test
    void auditorFiltersTheLedgerAuditLogSeesTheChainIntactAndExportsTheSelection() throws Exception {
        // Why: an auditor must find one incident's entries, know the chain verifies, and take the evidence away.
        String incidentId = Services.sealedIncident();
        try (PortalBrowser browser = new PortalBrowser("auditor-audit-log")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.AUDREY, DemoUsers.PASSWORD);
            browser.open("/audit");
            PlaywrightAssertions.assertThat(page.getByTestId("chain-status")).hasText("intact");
            page.getByLabel("Subject id").fill(incidentId);
            browser.capture("audit-log-latest");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
            page.waitForLoadState();
            browser.capture("audit-log-filtered");
            PlaywrightAssertions.assertThat(page.locator("tbody tr").first()).containsText(incidentId);
            List<String> shown = page.locator("tbody tr").allTextContents();
            assertTrue(shown.stream().allMatch(row -> row.contains(incidentId)), "only the filtered incident's entries");

            Download export = page.waitForDownload(() -> page.getByText("Export this selection as CSV").click());
            List<String> lines = Files.readAllLines(export.path());
            assertTrue(lines.getFirst().startsWith("sequence,version,occurred_at,actor_subject_id,actor_username,action"));
            String ian = dev.restitution.devstack.Tokens.claims(Services.token(DemoUsers.IAN)).path("sub").asText();
            PlaywrightAssertions.assertThat(page.locator("tbody tr").first().getByTestId("actor"))
                    .containsText(DemoUsers.IAN);
            PlaywrightAssertions.assertThat(page.locator("tbody tr").first().getByTestId("actor-subject")).hasText(ian);
            // The export quotes every cell (and defuses formula characters), so the actor's two cells read "sub","name".
            assertTrue(lines.stream().skip(1).allMatch(line -> line.contains("\"" + ian + "\",\"" + DemoUsers.IAN + "\"")),
                    "each entry names ian by subject id and user name");
            assertTrue(lines.size() - 1 == shown.size(), "the export holds the same entries as the page");
            assertTrue(lines.stream().skip(1).allMatch(line -> line.contains(incidentId)));
        }
    }

    @Test
    void auditorReadsClaimsAndPayoutAuditLogsWithTheirVerificationAndExportsEach() throws Exception {
        // Why: claims and payouts keep hash chains of their own; an auditor must read, verify and take away each one.
        String incidentId = Services.sealedIncident();
        String claimId = Services.openClaim(DemoUsers.ALICE, incidentId).getString("id");
        String address = Signer.fresh().address();
        given().baseUri(Services.url("payout")).auth().oauth2(Services.token(DemoUsers.IAN)).contentType(ContentType.JSON)
                .body(Map.of("chainId", Services.CHAIN_ID, "address", address, "reason", "auditor test: drained the hot wallet"))
                .when().post("/denylist").then().statusCode(201);
        String denylisted = Services.CHAIN_ID + ":" + address.toLowerCase(Locale.ROOT);
        try (PortalBrowser browser = new PortalBrowser("auditor-service-audit-logs")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.AUDREY, DemoUsers.PASSWORD);
            browser.open("/audit");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("claims-service audit log")).click();
            page.waitForLoadState();
            browser.capture("audit-log-claims");
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Audit log of claims-service");
            PlaywrightAssertions.assertThat(page.getByTestId("chain-status")).hasText("intact");
            PlaywrightAssertions.assertThat(page.getByTestId("filters-applied"))
                    .containsText("actor, action, subject type and subject id");
            page.getByLabel("Subject id").fill(claimId);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
            page.waitForLoadState();
            PlaywrightAssertions.assertThat(page.locator("tbody tr").filter(new com.microsoft.playwright.Locator.FilterOptions()
                    .setHasText("CLAIM " + claimId))).containsText("OPENED");
            // The opening was written in a traced request: the row names its trace, to find its spans by.
            PlaywrightAssertions.assertThat(page.locator("tbody tr").filter(new com.microsoft.playwright.Locator.FilterOptions()
                    .setHasText("OPENED")).first().getByTestId("trace-id"))
                    .hasText(java.util.regex.Pattern.compile("trace [0-9a-f]{32}"));
            Download claimsExport = page.waitForDownload(() -> page.getByText("Export this selection as CSV").click());
            List<String> claimsLines = Files.readAllLines(claimsExport.path());
            assertEquals("sequence,version,occurred_at,actor_subject_id,actor_username,action,subject_type,subject_id,reason,"
                    + "before,after,previous_hash,hash,chain_key,chain_sequence,trace_id", claimsLines.getFirst());
            String alice = dev.restitution.devstack.Tokens.claims(Services.token(DemoUsers.ALICE)).path("sub").asText();
            assertTrue(claimsLines.stream().anyMatch(line -> line.contains(claimId) && line.contains(",\"2\",")
                    && line.contains("\"" + alice + "\",\"" + DemoUsers.ALICE + "\"")), "the opening names alice both ways");
            assertTrue(claimsLines.stream().skip(1).allMatch(line -> line.contains("\"" + claimId + "\"")),
                    "the claims export holds the filtered claim's entries only");
            assertTrue(claimsLines.stream().anyMatch(line -> line.contains(claimId) && line.contains("\"OPENED\"")),
                    "the claims export holds the claim's opening");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("payout-service audit log")).click();
            page.waitForLoadState();
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Audit log of payout-service");
            PlaywrightAssertions.assertThat(page.getByTestId("chain-status")).hasText("intact");
            PlaywrightAssertions.assertThat(page.getByTestId("filters-applied"))
                    .containsText("actor, action, subject type and subject id");
            page.getByLabel("Action", new Page.GetByLabelOptions().setExact(true)).fill("denylist_added");
            page.getByLabel("Subject id").fill(denylisted);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Apply")).click();
            page.waitForLoadState();
            browser.capture("audit-log-payout-filtered");
            PlaywrightAssertions.assertThat(page.locator("tbody tr").first()).containsText("DENYLIST_ADDED");
            List<String> shown = page.locator("tbody tr").allTextContents();
            assertTrue(shown.stream().allMatch(row -> row.contains(denylisted) && row.contains("DENYLIST_ADDED")),
                    "only the denylisted address's additions");
            Download payoutExport = page.waitForDownload(() -> page.getByText("Export this selection as CSV").click());
            List<String> payoutLines = Files.readAllLines(payoutExport.path());
            assertTrue(payoutLines.getFirst().startsWith(
                    "sequence,version,occurred_at,actor_subject_id,actor_username,action,subject_type,subject_id"));
            assertEquals(shown.size(), payoutLines.size() - 1, "the export holds the same entries as the page");
            assertTrue(payoutLines.stream().skip(1).allMatch(line -> line.contains(denylisted) && line.contains("\"DENYLIST\"")));
        }
    }
}
