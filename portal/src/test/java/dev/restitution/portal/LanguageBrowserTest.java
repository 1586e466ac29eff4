package dev.restitution.portal;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.Page;
import com.microsoft.playwright.assertions.PlaywrightAssertions;
import com.microsoft.playwright.options.AriaRole;
import com.microsoft.playwright.options.Cookie;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

@QuarkusTest
class LanguageBrowserTest {

    /** Latin letters in a run of four or more: English words left on a Chinese page (hashes and codes aside). */
    private static final Pattern ENGLISH_WORD = Pattern.compile("\\b[A-Za-z]{4,}\\b");

    @Test
    void acceptLanguagePicksThePagesLanguageAndTheCookieWinsOverIt() {
        // Why: a first visit follows the browser; a choice made with the switcher is remembered and beats the browser.
        assertEquals("en", htmlLang(given().redirects().follow(false).when().get(PortalBrowser.PORTAL + "/transparency")));
        assertEquals("es", htmlLang(given().redirects().follow(false).header("Accept-Language", "es-MX,es;q=0.9,en;q=0.5")
                .when().get(PortalBrowser.PORTAL + "/transparency")));
        assertEquals("zh-CN", htmlLang(given().redirects().follow(false).header("Accept-Language", "fr,zh;q=0.8")
                .when().get(PortalBrowser.PORTAL + "/transparency")));
        assertEquals("zh-CN", htmlLang(given().redirects().follow(false).header("Accept-Language", "es")
                .cookie("restitution-lang", "zh-CN").when().get(PortalBrowser.PORTAL + "/transparency")));

        ExtractableResponse<Response> switched = given().redirects().follow(false)
                .queryParam("lang", "es").queryParam("return", "/transparency?x=1")
                .when().get(PortalBrowser.PORTAL + "/language").then().extract();
        assertEquals(303, switched.statusCode());
        assertTrue(switched.header("Location").endsWith("/transparency?x=1"), switched.header("Location"));
        String cookie = switched.header("Set-Cookie");
        assertTrue(cookie.startsWith("restitution-lang=es;") && cookie.contains("Max-Age=31536000") && cookie.contains("HttpOnly")
                && cookie.toLowerCase(java.util.Locale.ROOT).contains("samesite=lax"), cookie);

        ExtractableResponse<Response> elsewhere = given().redirects().follow(false)
                .queryParam("lang", "zh-CN").queryParam("return", "//evil.example/")
                .when().get(PortalBrowser.PORTAL + "/language").then().extract();
        assertEquals(303, elsewhere.statusCode());
        assertEquals(PortalBrowser.PORTAL + "/", elsewhere.header("Location"), "never a redirect to another site");

        ExtractableResponse<Response> unknown = given().redirects().follow(false).queryParam("lang", "xx")
                .when().get(PortalBrowser.PORTAL + "/language").then().extract();
        assertEquals(400, unknown.statusCode());
        assertTrue(unknown.asString().contains("The field lang names no language of the portal"), "the refusal names the field");
        assertEquals(null, unknown.header("Set-Cookie"), "nothing is remembered");
    }

    @Test
    void theTransparencyPageReadsInChineseThenSpanishWithTheirNumberAndDateFormats() throws Exception {
        // Why: a claimant anywhere checks the public figures; in their language the headings, the dates and the
        // separators of amounts must read right (0,3 in Spanish, 2026年 dates in Chinese), with no English left over.
        TransparencyBrowserTest.Scene scene = TransparencyBrowserTest.paidIncident();
        try (PortalBrowser browser = new PortalBrowser("language-transparency")) {
            Page page = browser.page();
            browser.context().setExtraHTTPHeaders(Map.of("Accept-Language", "zh-CN,zh;q=0.9"));
            browser.open("/transparency");
            PlaywrightAssertions.assertThat(page.locator("html")).hasAttribute("lang", "zh-CN");
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("公开透明");
            browser.capture("incidents-zh-CN");
            browser.open("/transparency/" + scene.incidentId());
            PlaywrightAssertions.assertThat(page.locator("#snapshot h2")).hasText("截止点的余额快照");
            PlaywrightAssertions.assertThat(page.locator("#rounds [data-round='1'] h3")).containsText("第 1 轮");
            PlaywrightAssertions.assertThat(page.locator("#rounds [data-round='1']")).containsText("年");
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH] td[data-label='已冻结、待释放']")).hasText("0.3");
            PlaywrightAssertions.assertThat(page.locator("#rounds [data-round='1'] td[data-label='覆盖率']")).containsText("0.4");
            assertNoEnglishLeft(page.locator("main").innerText());
            browser.capture("incident-zh-CN");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Español")).click();
            page.waitForURL(url -> url.endsWith("/transparency/" + scene.incidentId()));
            PlaywrightAssertions.assertThat(page.locator("html")).hasAttribute("lang", "es");
            PlaywrightAssertions.assertThat(page.locator("#snapshot h2")).hasText("Instantánea de saldos en el corte");
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH] td[data-label='Congelado, pendiente']")).hasText("0,3");
            PlaywrightAssertions.assertThat(page.locator("#rounds [data-round='1'] td[data-label='Cobertura']")).containsText("0,4");
            PlaywrightAssertions.assertThat(page.locator("#rounds [data-round='1'] h3")).containsText("aprobada el");
            PlaywrightAssertions.assertThat(page.locator("a[hreflang=es]")).hasAttribute("aria-current", "true");
            List<Cookie> remembered = browser.context().cookies().stream().filter(cookie -> cookie.name.equals("restitution-lang")).toList();
            assertEquals(1, remembered.size());
            assertEquals("es", remembered.getFirst().value);
            browser.capture("incident-es");

            browser.open("/transparency");
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Transparencia");
            browser.capture("incidents-es-remembered-over-a-chinese-browser");
        }
    }

    @Test
    void aClaimantFollowsTheirClaimInSpanishAndInChinese() throws Exception {
        // Why: the claimant's own pages matter most: status, steps, balances and buttons in their language, amounts
        // written their way, and Keycloak's sign-in asked to speak it too (ui_locales).
        String incidentId = Services.sealedIncident();
        try (PortalBrowser browser = new PortalBrowser("language-claimant")) {
            Page page = browser.page();
            browser.context().setExtraHTTPHeaders(Map.of("Accept-Language", "es-ES,es;q=0.9"));
            List<String> signInRequests = new CopyOnWriteArrayList<>();
            browser.context().onRequest(request -> {
                if (request.url().contains("/protocol/openid-connect/auth")) {
                    signInRequests.add(request.url());
                }
            });
            browser.signIn(DemoUsers.ALICE, DemoUsers.PASSWORD);
            assertFalse(signInRequests.isEmpty(), "the portal sent the browser to Keycloak");
            assertTrue(signInRequests.getFirst().contains("ui_locales=es"), signInRequests.getFirst());
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Hola, alice");
            browser.capture("start-es");

            browser.open("/incidents/" + incidentId + "/claim");
            PlaywrightAssertions.assertThat(page.locator("#balances h2")).hasText("Sus saldos en el momento del hackeo");
            PlaywrightAssertions.assertThat(page.locator("#balances tbody td.number").first()).hasText("2,5");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Abrir mi reclamación")).click();
            PlaywrightAssertions.assertThat(page.getByTestId("claim-stage")).hasText("Aún no enviada");
            PlaywrightAssertions.assertThat(page.getByRole(AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Aceptar el saldo de ETH de 2,5"))).isVisible();
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH] td.number").first()).hasText("2,5");
            browser.capture("claim-es");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("简体中文")).click();
            page.waitForURL(url -> url.contains("/claims/"));
            PlaywrightAssertions.assertThat(page.locator("html")).hasAttribute("lang", "zh-CN");
            PlaywrightAssertions.assertThat(page.getByTestId("claim-stage")).hasText("尚未提交");
            PlaywrightAssertions.assertThat(page.getByRole(AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("确认 ETH 余额 2.5"))).isVisible();
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH] td.number").first()).hasText("2.5");
            assertNoEnglishLeft(page.locator("main").innerText());
            browser.capture("claim-zh-CN");

            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("确认")).first().click();
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH]")).containsText("已确认");
            page.getByText("添加链 31337 上的收款地址").click();
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("链 31337 上的收款地址");
            page.getByLabel("您在链 31337 上的地址").fill(Signer.fresh().address());
            PlaywrightAssertions.assertThat(page.getByTestId("typed-data")).isVisible();
            browser.capture("address-zh-CN");
        }
    }

    @Test
    void aFinanceOperatorWorksInChineseThenSpanish() throws Exception {
        // Why: staff abroad decide about money on these pages; headings, labels, buttons and amounts must read in the
        // chosen language with nothing left in English, while the English labels the other tests use stay the same.
        String incidentId = Services.sealedIncident();
        Services.approvedClaim(incidentId);
        Services.startDistributing(incidentId);
        try (PortalBrowser browser = new PortalBrowser("language-staff")) {
            Page page = browser.page();
            browser.signIn(DemoUsers.FIONA, DemoUsers.PASSWORD);
            browser.open("/incidents/" + incidentId + "/recoveries");
            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("简体中文")).click();
            page.waitForURL(url -> url.endsWith("/incidents/" + incidentId + "/recoveries"));
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("追回与覆盖率");
            page.getByLabel("类型").selectOption("TREASURY_CONTRIBUTION");
            page.getByLabel("金额（最小单位）").fill("1000000000000000000");
            page.getByLabel("原因").fill("交易所资金承担部分损失");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("登记")).click();
            PlaywrightAssertions.assertThat(page.locator("#coverage-table tr[data-asset=ETH] td[data-label='未偿']")).hasText("2.5");
            PlaywrightAssertions.assertThat(page.locator("canvas[data-coverage-chart]")).hasAttribute("data-axis", "占未偿申领的百分比");
            browser.capture("recoveries-zh-CN");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("分配轮次")).click();
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("分配轮次");
            page.getByLabel("给审批人的备注").fill("首次分配");
            page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("提议分配轮次")).click();
            PlaywrightAssertions.assertThat(page.locator("h1")).containsText("第 1 轮");
            PlaywrightAssertions.assertThat(page.getByTestId("own-proposal")).containsText("本轮由您提议");
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH] td[data-label='应得总额']")).hasText("1");
            PlaywrightAssertions.assertThat(page.getByTestId("proposed-by")).containsText("年");
            assertNoEnglishLeftOnStaffPage(page.locator("main").innerText());
            browser.capture("round-zh-CN");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Español")).click();
            page.waitForURL(url -> url.contains("/rounds/"));
            PlaywrightAssertions.assertThat(page.locator("h1")).containsText("Ronda 1");
            PlaywrightAssertions.assertThat(page.locator("tr[data-asset=ETH] td[data-label='Pendiente']")).hasText("2,5");
            PlaywrightAssertions.assertThat(page.getByRole(AriaRole.BUTTON,
                    new Page.GetByRoleOptions().setName("Aprobar la ronda 1 con el resumen del plan"))).isVisible();
            browser.capture("round-es");

            page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName("Conciliación")).click();
            PlaywrightAssertions.assertThat(page.locator("h1")).hasText("Conciliación");
            PlaywrightAssertions.assertThat(page.locator("#onchain-heading")).hasText("Verificación en cadena");
            browser.capture("reconciliation-es");
        }
    }

    /** Like {@link #assertNoEnglishLeft}, for a staff page: role and service names stay as they are, ids are not words. */
    private static void assertNoEnglishLeftOnStaffPage(String text) {
        List<String> staffWords = List.of("finance", "approver", "operator", "payout", "ledger", "fiona");
        String words = text.replaceAll("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", " ");
        assertNoEnglishLeft(ENGLISH_WORD.matcher(words).replaceAll(match -> staffWords.contains(match.group()) ? " " : match.group()));
    }

    /**
     * Words of the page that are English although the page is not: the portal's own texts must all be translated;
     * what remains are names and codes (ETH, RPC, JSON, EIP-712, hashes, the command line, the demo exchange's titles).
     */
    private static void assertNoEnglishLeft(String text) {
        List<String> allowed = List.of("Restitution", "JSON", "node", "verifier", "proof", "file", "json", "StandardMerkleTree",
                "verify", "root", "leafEncoding", "leaf", "Merkle", "keccak", "OpenZeppelin", "Node", "uint256", "address", "bytes32",
                "string", "Tether", "Demo", "Exchange", "exchange", "claims", "service", "CAIP", "eth_signTypedData_v4", "alice",
                "native", "incident", "Incident", "Hot", "wallet", "breach", "Bitfinex", "CoinEx", "contracts", "chainId", "salt", "assetId",
                "amount", "account", "accountId");
        List<String> left = ENGLISH_WORD.matcher(text).results().map(match -> match.group())
                .filter(word -> !allowed.contains(word) && !word.matches("0x.*|[A-Z0-9]+")).distinct().toList();
        assertTrue(left.isEmpty(), "English words left on the page: " + left);
    }

    private static String htmlLang(Response response) {
        String html = response.then().statusCode(200).extract().asString();
        java.util.regex.Matcher lang = Pattern.compile("<html lang=\"([^\"]+)\"").matcher(html);
        assertTrue(lang.find(), "the page names its language");
        return lang.group(1);
    }
}
