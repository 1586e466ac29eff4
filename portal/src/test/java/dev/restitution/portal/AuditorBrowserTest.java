package dev.restitution.portal;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Download;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.file.Files;
import java.util.List;
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
            assertTrue(lines.getFirst().startsWith("sequence,occurred_at,actor,action"));
            assertTrue(lines.size() - 1 == shown.size(), "the export holds the same entries as the page");
            assertTrue(lines.stream().skip(1).allMatch(line -> line.contains(incidentId)));
        }
    }
}
