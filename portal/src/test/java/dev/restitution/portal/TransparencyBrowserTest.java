package dev.restitution.portal;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.openapi.ApiDocument;
import dev.restitution.devstack.openapi.ApiDocumentValidation;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class TransparencyBrowserTest {

    private static final Duration EVENTUAL = Duration.ofSeconds(120);

    /** An incident with alice's claim approved, recoveries booked, one round approved and its batch paid on anvil. */
    private record Scene(String incidentId, String alicePayoutAddress, String snapshotCommitmentTx, String roundCommitmentTx) {
    }

    private static Scene paidIncident() throws Exception {
        String incidentId = Services.sealedIncident();
        String claimId = Services.approvedClaim(incidentId);
        String alicePayoutAddress = Services.claim(DemoUsers.ALICE, claimId).getString("payoutAddresses[0].address");
        Services.startDistributing(incidentId);
        String fiona = Services.token(DemoUsers.FIONA);
        book(fiona, incidentId, Map.of("assetSymbol", "ETH", "kind", "TREASURY_CONTRIBUTION",
                "amount", "1000000000000000000", "reason", "treasury covers part of the loss"));
        book(fiona, incidentId, Map.of("assetSymbol", "ETH", "kind", "FROZEN_BY_COUNTERPARTY",
                "amount", "300000000000000000", "counterparty", "Tether", "reason", "issuer froze the attacker's USDT swap"));
        String roundId = given().baseUri(Services.url("ledger")).auth().oauth2(fiona).contentType(ContentType.JSON)
                .header("Idempotency-Key", "transparency-" + UUID.randomUUID()).body(Map.of("note", "first distribution"))
                .when().post("/incidents/" + incidentId + "/rounds").then().statusCode(201).extract().path("id");
        given().baseUri(Services.url("ledger")).auth().oauth2(Services.token(DemoUsers.FRANK)).contentType(ContentType.JSON)
                .body(Map.of("reason", "matches the treasury transfer")).when().post("/rounds/" + roundId + "/approval")
                .then().statusCode(200);
        String key = "transparency-batch-" + UUID.randomUUID();
        JsonPath batch = await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(500)).until(() ->
                given().baseUri(Services.url("payout")).auth().oauth2(fiona).contentType(ContentType.JSON)
                        .header("Idempotency-Key", key)
                        .body(Map.of("incidentId", incidentId, "chainId", Services.CHAIN_ID, "assetSymbol", "ETH"))
                        .when().post("/batches").then().extract(),
                response -> response.statusCode() == 201).jsonPath();
        String batchId = batch.getString("batch.id");
        for (String approver : List.of(DemoUsers.FRANK, DemoUsers.FAY)) {
            given().baseUri(Services.url("payout")).auth().oauth2(Services.token(approver)).contentType(ContentType.JSON)
                    .body(Map.of("itemsHash", batch.getString("batch.itemsHash")))
                    .when().post("/batches/" + batchId + "/approvals").then().statusCode(200);
        }
        String auditor = Services.token(DemoUsers.AUDREY);
        await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(500)).until(() ->
                "PAID".equals(given().baseUri(Services.url("payout")).auth().oauth2(auditor).when().get("/batches/" + batchId)
                        .then().statusCode(200).extract().path("batch.state")));
        // payout-service paid the round only after committing its root; the ledger records both commitments from
        // CommitmentPublished.
        String snapshotTx = await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(500)).until(() ->
                given().baseUri(Services.url("ledger")).auth().oauth2(auditor).when().get("/incidents/" + incidentId + "/snapshot")
                        .then().statusCode(200).extract().<String>path("commitment.txHash"), tx -> tx != null);
        String roundTx = await().atMost(EVENTUAL).pollInterval(Duration.ofMillis(500)).until(() ->
                given().baseUri(Services.url("ledger")).auth().oauth2(auditor).when().get("/rounds/" + roundId)
                        .then().statusCode(200).extract().<String>path("commitment.txHash"), tx -> tx != null);
        return new Scene(incidentId, alicePayoutAddress, snapshotTx, roundTx);
    }

    private static void book(String token, String incidentId, Map<String, String> booking) {
        given().baseUri(Services.url("ledger")).auth().oauth2(token).contentType(ContentType.JSON)
                .header("Idempotency-Key", "transparency-" + UUID.randomUUID()).body(booking)
                .when().post("/incidents/" + incidentId + "/recoveries").then().statusCode(201);
    }

    private static void assertNothingPersonal(String shown, Scene scene) {
        String lower = shown.toLowerCase(Locale.ROOT);
        for (String personal : List.of(DemoUsers.ALICE_ACCOUNT_ID, DemoUsers.BOB_ACCOUNT_ID, scene.alicePayoutAddress(),
                Services.ALICE_ETH)) {
            assertFalse(lower.contains(personal.toLowerCase(Locale.ROOT)), personal + " must not be public");
        }
    }

    @Test
    void anyoneReadsTheIncidentsFiguresWithoutLoginAndNoAccountOrClaimantAddressAppears() throws Exception {
        // Why: the page is public by design; what it shows must be totals and on-chain facts, never a claimant.
        Scene scene = paidIncident();
        ExtractableResponse<Response> json = given().redirects().follow(false).when()
                .get(PortalBrowser.PORTAL + "/transparency/" + scene.incidentId() + ".json").then().extract();
        assertEquals(200, json.statusCode(), "served without login, no redirect to Keycloak");
        assertTrue(json.contentType().startsWith("application/json"));
        JsonPath report = json.jsonPath();
        assertEquals(scene.incidentId(), report.getString("incidentId"));
        assertEquals("ETH", report.getString("assets[0].symbol"));
        assertEquals(2, report.getInt("snapshot.rowCount"));
        assertTrue(report.getString("snapshot.root").matches("^0x[0-9a-f]{64}$"));
        assertEquals(scene.snapshotCommitmentTx(), report.getString("snapshot.commitment.txHash"));
        assertEquals(Services.CHAIN_ID, report.getLong("snapshot.commitment.chainId"));
        assertTrue(report.getString("snapshot.commitment.contract").matches("^0x[0-9a-f]{40}$"));
        assertEquals(scene.roundCommitmentTx(), report.getString("rounds[0].commitment.txHash"));
        assertEquals("300000000000000000", report.getString("recoveries[0].frozenPending"));
        assertEquals(List.of("Tether"), report.getList("recoveries[0].counterparties"));
        assertEquals(1, report.getInt("rounds[0].number"));
        assertEquals("1000000000000000000", report.getString("rounds[0].totals[0].total"));
        assertEquals(1, report.getInt("payouts.size()"));
        assertEquals(1, report.getInt("payouts[0].count"));
        assertTrue(report.getString("payouts[0].txHash").matches("^0x[0-9a-f]{64}$"));
        assertEquals(1, report.getInt("payoutPage.total"));
        assertTrue(report.getBoolean("reconciliation.consistent"));
        assertNothingPersonal(json.asString(), scene);
        HttpRequest asProgram = HttpRequest.newBuilder(URI.create(PortalBrowser.PORTAL + "/transparency/" + scene.incidentId()
                + ".json")).header("Accept", "application/json").GET().build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            ApiDocumentValidation.assertDocumentedBy(ApiDocument.bundled("transparency"), asProgram, Optional.empty(),
                    client.send(asProgram, HttpResponse.BodyHandlers.ofString()));
        }

        try (PortalBrowser browser = new PortalBrowser("transparency-public")) {
            Page page = browser.page();
            browser.open("/transparency");
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Transparency");
            PlaywrightAssertions.assertThat(page.locator("tr[data-incident='" + scene.incidentId() + "']")).isVisible();
            browser.capture("incidents");
            page.locator("tr[data-incident='" + scene.incidentId() + "']")
                    .getByRole(AriaRole.LINK, new com.microsoft.playwright.Locator.GetByRoleOptions().setName("Figures")).click();
            page.waitForURL(url -> url.endsWith("/transparency/" + scene.incidentId()));
            PlaywrightAssertions.assertThat(page.locator("[data-root=snapshot]")).hasText(report.getString("snapshot.root"));
            PlaywrightAssertions.assertThat(page.locator("#snapshot")).containsText(scene.snapshotCommitmentTx());
            PlaywrightAssertions.assertThat(page.locator("#rounds [data-round='1']")).containsText(scene.roundCommitmentTx());
            PlaywrightAssertions.assertThat(page.locator("#payouts tbody tr")).hasCount(1);
            PlaywrightAssertions.assertThat(page.locator("#payouts")).containsText(report.getString("payouts[0].txHash"));
            PlaywrightAssertions.assertThat(page.locator("#rounds [data-round='1']")).containsText("0.4");
            PlaywrightAssertions.assertThat(page.locator("body")).containsText("Tether");
            browser.capture("incident");
            for (String shown : browser.capturedPages()) {
                assertNothingPersonal(shown, scene);
            }
            assertTrue(page.context().cookies().stream().noneMatch(cookie -> cookie.name.startsWith("q_session")),
                    "reading the public pages starts no session");
        }
    }

    @Test
    void aClientAskingTooOftenGets429WithAProblemAndRetryAfterWhileOthersAreStillServed() throws Exception {
        // Why: the page is open to anyone, so one address flooding it must not reach the services or crowd out others.
        String incidentId = Services.declaredIncident();
        String path = "/transparency/" + incidentId + ".json";
        List<String> answers = new ArrayList<>();
        for (int request = 0; request < 200 && answers.stream().noneMatch(answer -> answer.startsWith("HTTP/1.1 429")); request++) {
            answers.add(getFrom("127.0.0.2", path));
        }
        String refused = answers.getLast();
        assertTrue(refused.startsWith("HTTP/1.1 429"), "the flooding address is refused: " + refused);
        assertTrue(answers.getFirst().startsWith("HTTP/1.1 200"), "its first requests were served: " + answers.getFirst());
        String lower = refused.toLowerCase(Locale.ROOT);
        assertTrue(lower.contains("\nretry-after: "), refused);
        assertTrue(lower.contains("content-type: application/problem+json"), refused);
        assertTrue(refused.contains("\"status\":429") && refused.contains("/problems/rate-limited"), refused);
        assertTrue(getFrom("127.0.0.3", path).startsWith("HTTP/1.1 200"), "another address is still served");
    }

    /** One GET from the local address {@code from} (the rate limit counts per client address), as raw HTTP/1.1. */
    private static String getFrom(String from, String path) throws IOException {
        try (Socket socket = new Socket(InetAddress.getByName("127.0.0.1"), PortalTestInfrastructure.PORTAL_PORT,
                InetAddress.getByName(from), 0)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: application/json\r\nConnection: close\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            out.flush();
            StringBuilder answer = new StringBuilder();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                answer.append(line).append('\n');
            }
            return answer.toString();
        }
    }
}
