package dev.restitution.portal;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Response;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
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
            PlaywrightAssertions.assertThat(page.getByTestId("proposed-by")).containsText(DemoUsers.FIONA + " at ");
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
        assertEquals(subject(DemoUsers.FRANK), approved.getString("decidedBy.subjectId"));
    }

    @Test
    void aBatchTheProposerCannotApproveIsPaidOnChainAfterTwoOtherApproversAndTheClaimantSeesItsTransaction() throws Exception {
        // Why: the approver must see exactly what is paid and approve exactly that hash; the proposer's own approval
        // is refused and changes nothing; once two others approved, the money lands on chain and the claimant can
        // check the transaction the portal shows, the same one finance sees.
        String incidentId = Services.sealedIncident();
        String claimId = Services.approvedClaim(incidentId);
        Services.startDistributing(incidentId);
        approvedRoundPaying(incidentId, "1000000000000000000");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> pendingInstructions(incidentId) == 1);
        String aliceAddress = Services.claim(DemoUsers.ALICE, claimId).getString("payoutAddresses[0].address");
        String batchId;
        try (PortalBrowser browser = new PortalBrowser("finance-batch-paid")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.FIONA, DemoUsers.PASSWORD);
            browser.open("/incidents/" + incidentId + "/batches");
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH]")).containsText("1");
            page.getByLabel("Asset to pay").selectOption(Services.CHAIN_ID + ":ETH");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Propose a payout batch")).click();
            page.waitForURL(url -> url.matches(".*/batches/[0-9a-f-]{36}$"));
            batchId = page.url().replaceAll(".*/batches/([0-9a-f-]{36})$", "$1");
            JsonPath proposed = batch(batchId);
            PlaywrightAssertions.assertThat(page.getByTestId("batch-state")).hasText("PROPOSED");
            PlaywrightAssertions.assertThat(page.getByTestId("own-proposal")).isVisible();
            PlaywrightAssertions.assertThat(page.getByTestId("batch-chain")).hasText(String.valueOf(Services.CHAIN_ID));
            PlaywrightAssertions.assertThat(page.getByTestId("batch-item-count")).containsText("1 to 1 distinct");
            PlaywrightAssertions.assertThat(page.getByTestId("batch-total")).containsText("1 ETH");
            PlaywrightAssertions.assertThat(page.getByTestId("items-hash")).hasText(proposed.getString("batch.itemsHash"));
            PlaywrightAssertions.assertThat(page.getByTestId("batch-approvals")).hasText("0 of 2 needed");
            PlaywrightAssertions.assertThat(page.getByTestId("batch-threshold"))
                    .hasText("needed when a batch pays more than 0.5 ETH (payout-service's threshold)");
            PlaywrightAssertions.assertThat(page.locator("[data-testid=recipients] tr[data-recipient='" + aliceAddress + "' i]"))
                    .containsText("1 ");
            browser.capture("batch-proposed");

            Response refused = page.waitForResponse(response -> response.url().endsWith("/approvals"),
                    () -> page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve batch with items hash "
                            + proposed.getString("batch.itemsHash"))).click());
            assertEquals(403, refused.status());
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("payout-service refused this");
            browser.capture("proposer-refused");
            JsonPath afterRefusal = batch(batchId);
            assertEquals("PROPOSED", afterRefusal.getString("batch.state"), "the refused approval changed nothing");
            assertEquals(0, afterRefusal.getList("batch.approvals").size(), "the refused approval was not recorded");
            browser.signOut();

            browser.signIn(DemoUsers.FRANK, DemoUsers.PASSWORD);
            browser.open("/batches/" + batchId);
            PlaywrightAssertions.assertThat(page.getByTestId("batch-proposed-by")).containsText(DemoUsers.FIONA);
            browser.capture("approval-screen");
            approveShownHash(page, proposed.getString("batch.itemsHash"));
            PlaywrightAssertions.assertThat(page.getByTestId("batch-approvals")).hasText("1 of 2 needed");
            PlaywrightAssertions.assertThat(page.getByTestId("batch-state")).hasText("PROPOSED");
            PlaywrightAssertions.assertThat(page.getByTestId("already-approved")).isVisible();
            browser.capture("first-approval");
            browser.signOut();

            browser.signIn(DemoUsers.FAY, DemoUsers.PASSWORD);
            browser.open("/batches/" + batchId);
            approveShownHash(page, proposed.getString("batch.itemsHash"));
            // Execution confirms on anvil within seconds; the page tells the state as it is each time it loads.
            await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                browser.open("/batches/" + batchId);
                return "PAID".equals(page.getByTestId("batch-state").textContent());
            });
            String txHash = paidInstruction(batchId).getString("txHash");
            PlaywrightAssertions.assertThat(page.getByTestId("batch-tx-hash")).hasText(txHash);
            PlaywrightAssertions.assertThat(page.getByTestId("batch-tx-block"))
                    .hasText(String.valueOf(paidInstruction(batchId).getLong("blockNumber")));
            PlaywrightAssertions.assertThat(page.getByTestId("execution-status")).containsText("Paid");
            browser.capture("batch-paid");
            // The incident's page lists this batch as it stands, and leads back to its approval screen.
            browser.open("/incidents/" + incidentId + "/batches");
            Locator listed = page.locator("tr[data-batch='" + batchId + "']");
            PlaywrightAssertions.assertThat(page.locator("tr[data-batch]")).hasCount(1);
            PlaywrightAssertions.assertThat(listed.locator("td[data-label=State]")).hasText("PAID");
            PlaywrightAssertions.assertThat(listed.locator("td[data-label=Items]"))
                    .hasText(String.valueOf(proposed.getInt("batch.itemCount")));
            // Totals are shown in whole units of the asset, like every amount of the portal.
            PlaywrightAssertions.assertThat(listed.locator("td[data-label=Total]")).hasText("1 ETH");
            PlaywrightAssertions.assertThat(listed.locator("td[data-label='Items hash']"))
                    .hasText(proposed.getString("batch.itemsHash"));
            browser.capture("incident-batches");
            listed.getByRole(AriaRole.LINK, new Locator.GetByRoleOptions().setName("Review")).click();
            page.waitForURL(url -> url.endsWith("/batches/" + batchId));
            PlaywrightAssertions.assertThat(page.getByTestId("items-hash")).hasText(proposed.getString("batch.itemsHash"));
            browser.signOut();

            browser.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            // claims-service learns the payment from PayoutSettled through Kafka.
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
                browser.open("/claims/" + claimId);
                return page.getByTestId("tx-hash").count() > 0;
            });
            PlaywrightAssertions.assertThat(page.getByTestId("tx-hash")).hasText(txHash);
            browser.capture("claimant-sees-transaction");
        }
        JsonPath paid = batch(batchId);
        assertEquals("PAID", paid.getString("batch.state"));
        assertEquals(java.util.Set.of(DemoUsers.FRANK, DemoUsers.FAY), java.util.Set.copyOf(paid.getList("batch.approvals.approvedBy.username")));
        assertTrue(paid.getList("batch.approvals.itemsHash").stream().allMatch(hash -> hash.equals(paid.getString("batch.itemsHash"))));
    }

    @Test
    void anOperatorCancelsAProposedBatchAndItsInstructionsWaitForANewOne() throws Exception {
        // Why: a batch found wrong before approval must be withdrawn with a reason, paying nothing, and its
        // instructions must not be lost: they wait for the next batch.
        String incidentId = Services.sealedIncident();
        Services.approvedClaim(incidentId);
        Services.startDistributing(incidentId);
        approvedRoundPaying(incidentId, "1000000000000000000");
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500)).until(() -> pendingInstructions(incidentId) == 1);
        try (PortalBrowser browser = new PortalBrowser("finance-batch-cancelled")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.FIONA, DemoUsers.PASSWORD);
            browser.open("/incidents/" + incidentId + "/batches");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Propose a payout batch")).click();
            page.waitForURL(url -> url.matches(".*/batches/[0-9a-f-]{36}$"));
            String batchId = page.url().replaceAll(".*/batches/([0-9a-f-]{36})$", "$1");
            assertEquals(0, pendingInstructions(incidentId), "the batch holds the instruction");
            page.getByLabel("Why you cancel").fill("wrong asset chosen");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Cancel batch")).click();
            PlaywrightAssertions.assertThat(page.getByTestId("batch-state")).hasText("CANCELLED");
            PlaywrightAssertions.assertThat(page.getByTestId("execution-status")).containsText("nothing was paid");
            browser.capture("batch-cancelled");
            assertEquals("CANCELLED", batch(batchId).getString("batch.state"));
        }
        assertEquals(1, pendingInstructions(incidentId), "the instruction waits for a new batch");
    }

    private static long pendingInstructions(String incidentId) {
        return given().baseUri(Services.url("payout")).auth().oauth2(Services.token(DemoUsers.FIONA))
                .queryParam("incidentId", incidentId).queryParam("state", "PENDING")
                .when().get("/instructions").then().statusCode(200).extract().jsonPath().getLong("total");
    }

    @Test
    void reconciliationShowsEveryAssetAndSaysWhetherItIsConsistent() {
        // Why: finance and auditors read the reconciliation as the ledger computes it, per asset, and see which
        // on-chain recoveries the chain has not confirmed.
        String incidentId = Services.sealedIncident();
        String txHash = "0x" + "5e".repeat(32);
        given().baseUri(Services.url("ledger")).auth().oauth2(Services.token(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", "test-recovery-" + UUID.randomUUID())
                .body(Map.of("assetSymbol", "ETH", "kind", "RECOVERED_ON_CHAIN", "amount", "1000", "txHash", txHash,
                        "reason", "returned by the attacker"))
                .when().post("/incidents/" + incidentId + "/recoveries").then().statusCode(201);
        try (PortalBrowser browser = new PortalBrowser("finance-reconciliation")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.AUDREY, DemoUsers.PASSWORD);
            browser.open("/incidents/" + incidentId + "/reconciliation");
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH]").first()).containsText("3.5");
            PlaywrightAssertions.assertThat(page.locator("[role=status]")).containsText("Consistent");
            PlaywrightAssertions.assertThat(page.locator("#onchain-verification tr[data-status=UNVERIFIED]"))
                    .containsText(txHash);
            PlaywrightAssertions.assertThat(page.locator("#onchain-verification tr[data-status=UNVERIFIED]"))
                    .containsText("no recovery address on eip155:31337");
            browser.capture("reconciliation");
        }
    }

    private static void approveShownHash(Page page, String itemsHash) {
        assertEquals(itemsHash, page.locator("input[name=itemsHash]").inputValue(), "the form approves the hash shown");
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Approve batch with items hash " + itemsHash)).click();
        page.waitForLoadState();
    }

    /** fiona books a treasury contribution and proposes a round, frank approves it: the ledger issues entitlements. */
    private static void approvedRoundPaying(String incidentId, String treasuryWei) {
        String fiona = Services.token(DemoUsers.FIONA);
        given().baseUri(Services.url("ledger")).auth().oauth2(fiona).contentType(ContentType.JSON)
                .header("Idempotency-Key", "test-recovery-" + UUID.randomUUID())
                .body(Map.of("assetSymbol", "ETH", "kind", "TREASURY_CONTRIBUTION", "amount", treasuryWei, "reason", "treasury"))
                .when().post("/incidents/" + incidentId + "/recoveries").then().statusCode(201);
        String roundId = given().baseUri(Services.url("ledger")).auth().oauth2(fiona).contentType(ContentType.JSON)
                .header("Idempotency-Key", "test-round-" + UUID.randomUUID()).body(Map.of("note", "first distribution"))
                .when().post("/incidents/" + incidentId + "/rounds").then().statusCode(201).extract().path("id");
        given().baseUri(Services.url("ledger")).auth().oauth2(Services.token(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body(Map.of("reason", "matches the treasury transfer"))
                .when().post("/rounds/" + roundId + "/approval").then().statusCode(200);
    }

    private static JsonPath batch(String batchId) {
        return given().baseUri(Services.url("payout")).auth().oauth2(Services.token(DemoUsers.AUDREY))
                .when().get("/batches/" + batchId).then().statusCode(200).extract().jsonPath();
    }

    private static JsonPath paidInstruction(String batchId) {
        JsonPath instructions = given().baseUri(Services.url("payout")).auth().oauth2(Services.token(DemoUsers.AUDREY))
                .queryParam("batchId", batchId).when().get("/instructions").then().statusCode(200).extract().jsonPath();
        assertEquals(1, instructions.getList("items").size());
        assertEquals("PAID", instructions.getString("items[0].state"));
        return new JsonPath(instructions.prettify()).setRootPath("items[0]");
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
