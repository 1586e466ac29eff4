package dev.restitution.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.microsoft.playwright.APIResponse;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.FilePayload;
import com.microsoft.playwright.options.RequestOptions;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.DevStack;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

@QuarkusTest
class VerifyBrowserTest {

    @Test
    void alicesProofsVerifyAgainstTheRootsOnChainAndATamperedAmountOrAnotherRootIsFlagged() throws Exception {
        // Why: the verifier is how a claimant checks the exchange without trusting it: in her own browser, with the
        // chain as the only other party, her real file must pass line by line, and a changed amount or a root the
        // exchange did not commit on-chain (a split view) must be called out in plain words.
        try (PortalBrowser browser = new PortalBrowser("verify-alices-proofs")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            AlicesProofFile alice = AlicesProofFile.get(browser);
            browser.open("/claims/" + alice.claimId);
            PlaywrightAssertions.assertThat(page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions()
                    .setName("Download your proof file (JSON)"))).isVisible();
            browser.capture("claim-page-links-proof-file-and-verifier");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Check it against the chain")).click();
            page.waitForURL(url -> url.endsWith("/verify"));
            PlaywrightAssertions.assertThat(page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check my proof"))).isDisabled();
            browser.capture("verifier-without-rpc");
            page.getByLabel("RPC URL").fill(alice.rpcUrl);
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Use this RPC")).click();
            page.waitForURL(url -> url.contains("/verify?rpc="));
            PlaywrightAssertions.assertThat(page.getByTestId("connect-origin")).containsText(origin(alice.rpcUrl));

            check(page, alice.proof, "pass");
            Locator findings = page.locator("#findings li");
            PlaywrightAssertions.assertThat(findings.and(page.locator("[data-outcome=fail]"))).hasCount(0);
            PlaywrightAssertions.assertThat(chainFinding(page, "The snapshot root committed on-chain equals the root of your balance proof")).hasCount(1);
            PlaywrightAssertions.assertThat(chainFinding(page, "Round 1: the entitlement root committed on-chain equals the root of your entitlement proof")).hasCount(1);
            PlaywrightAssertions.assertThat(chainFinding(page, "paid 0.4 ETH (" + AlicesProofFile.TREASURY_WEI
                    + " of eip155:31337/slip44:60) to " + alice.aliceAddress)).hasCount(1);
            PlaywrightAssertions.assertThat(page.locator("#findings li[data-source=exchange]").first()).containsText("stated from the exchange");
            PlaywrightAssertions.assertThat(page.locator("#findings li[data-source=file]").first()).containsText("computed here");
            browser.capture("alices-proof-verified");

            ObjectNode tampered = alice.copy();
            ((ObjectNode) tampered.get("snapshot").get("entries").get(0)).put("amount", "2600000000000000000");
            check(page, tampered, "fail");
            PlaywrightAssertions.assertThat(page.locator("#findings li[data-outcome=fail][data-source=file]"))
                    .containsText("Balance 2.6 ETH (2600000000000000000 smallest units): its Merkle proof does NOT lead to the snapshot root");
            browser.capture("tampered-amount-flagged");

            // A split view: a tree of alice's row alone, whose proof verifies, under a root that is not the one on-chain.
            ObjectNode otherRoot = alice.copy();
            ObjectNode entry = (ObjectNode) otherRoot.get("snapshot").get("entries").get(0);
            ((ObjectNode) otherRoot.get("snapshot")).put("merkleRoot", entry.get("leafHash").asText());
            entry.set("proof", otherRoot.arrayNode());
            check(page, otherRoot, "fail");
            Locator splitView = page.locator("#findings li[data-outcome=fail][data-source=chain]");
            PlaywrightAssertions.assertThat(splitView).hasCount(1);
            PlaywrightAssertions.assertThat(splitView).containsText("The snapshot root committed on-chain is "
                    + alice.proof.get("snapshot").get("merkleRoot").asText() + ", but your balance proof is for the root "
                    + entry.get("leafHash").asText());
            PlaywrightAssertions.assertThat(splitView).containsText("a split view");
            PlaywrightAssertions.assertThat(page.locator("#findings li[data-outcome=pass][data-source=file]").first())
                    .containsText("its Merkle proof leads to the snapshot root " + entry.get("leafHash").asText());
            browser.capture("other-root-flagged-as-split-view");

            // On a phone the findings read without sideways scrolling.
            page.setViewportSize(390, 844);
            browser.capture("verifier-on-a-phone");
            Object overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth");
            assertEquals(0, ((Number) overflow).intValue(), "no horizontal scrolling at phone width");
        }
    }

    @Test
    void theVerifierPageMayConnectOnlyToTheRpcItsUserNamed() {
        // Why: the page promises that the file and the chain's answers reach nobody but the RPC the person chose; the
        // browser keeps that promise only if the policy names exactly that origin (none before one is named), and a
        // request to anywhere else, the portal included, is blocked.
        String rpcUrl = DevStack.shared().anvilRpcUrl();
        try (PortalBrowser browser = new PortalBrowser("verify-connect-policy")) {
            APIResponse none = browser.page().request().get(PortalBrowser.PORTAL + "/verify", RequestOptions.create().setMaxRedirects(0));
            assertEquals(200, none.status(), "anyone may open the verifier, signed in or not");
            assertEquals(List.of("connect-src 'none'"), connectSources(none));

            APIResponse named = browser.page().request().get(PortalBrowser.PORTAL + "/verify?rpc="
                    + URLEncoder.encode(rpcUrl + "/some/path?key=1", StandardCharsets.UTF_8));
            assertEquals(200, named.status());
            assertEquals(List.of("connect-src " + origin(rpcUrl)), connectSources(named));

            for (String refused : List.of("ftp://127.0.0.1/rpc", "http://user:secret@127.0.0.1:8545", "not a url", "https:///no-host")) {
                APIResponse answer = browser.page().request().get(PortalBrowser.PORTAL + "/verify?rpc="
                        + URLEncoder.encode(refused, StandardCharsets.UTF_8));
                assertEquals(400, answer.status(), refused);
                assertEquals(List.of("connect-src 'none'"), connectSources(answer), refused);
                assertTrue(answer.text().contains("id=\"rpc-error\""), refused + " is explained next to the RPC field");
            }

            Page page = browser.page();
            browser.open("/verify?rpc=" + URLEncoder.encode("ftp://127.0.0.1/rpc", StandardCharsets.UTF_8));
            PlaywrightAssertions.assertThat(page.getByTestId("rpc-error")).containsText("must start with https://");
            browser.capture("rpc-refused");

            browser.open("/verify?rpc=" + URLEncoder.encode(rpcUrl, StandardCharsets.UTF_8));
            Object portalReached = page.evaluate("() => fetch('/verify').then(() => true, () => false)");
            assertEquals(Boolean.FALSE, portalReached, "the page cannot reach the portal itself");
            Object rpcReached = page.evaluate("rpc => fetch(rpc, {method: 'POST', headers: {'content-type': 'application/json'},"
                    + " body: JSON.stringify({jsonrpc: '2.0', id: 1, method: 'eth_chainId', params: []})}).then(r => r.json()).then(j => j.result)",
                    rpcUrl);
            assertEquals("0x7a69", rpcReached, "the page reaches the RPC it was given");
            page.waitForTimeout(200);
            List<String> violations = browser.takePolicyViolations();
            assertTrue(violations.stream().anyMatch(violation -> violation.contains("connect-src blocked " + PortalBrowser.PORTAL + "/verify")),
                    "the browser reported the blocked request: " + violations);
        }
    }

    /** Chooses the file, checks it, and waits for the summary of that outcome. */
    private static void check(Page page, ObjectNode proof, String outcome) {
        page.getByLabel("Your proof file (the JSON you downloaded from your claim page)",
                new Page.GetByLabelOptions().setExact(true)).setInputFiles(new FilePayload("proof.json", "application/json",
                proof.toPrettyString().getBytes(StandardCharsets.UTF_8)));
        page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Check my proof")).click();
        PlaywrightAssertions.assertThat(page.getByTestId("verify-summary")).hasAttribute("data-outcome", outcome,
                new com.microsoft.playwright.assertions.LocatorAssertions.HasAttributeOptions().setTimeout(60_000));
    }

    private static Locator chainFinding(Page page, String text) {
        return page.locator("#findings li[data-outcome=pass][data-source=chain]").filter(new Locator.FilterOptions().setHasText(text));
    }

    private static List<String> connectSources(APIResponse response) {
        return List.of(response.headers().get("content-security-policy").split("\\s*;\\s*")).stream()
                .filter(directive -> directive.startsWith("connect-src")).toList();
    }

    private static String origin(String url) {
        URI uri = URI.create(url);
        return uri.getScheme() + "://" + uri.getHost() + (uri.getPort() == -1 ? "" : ":" + uri.getPort());
    }
}
