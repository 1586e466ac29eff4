package dev.restitution.portal;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.BrowserType;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.Playwright;
import com.microsoft.playwright.Response;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.OneTimeCodes;
import dev.restitution.devstack.Totp;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Debian's Chromium (installed by scripts/install-chromium.sh), driven by Playwright without any browser
 * download, in a fresh profile per instance. Signs in through Keycloak's real login form, keeps a
 * screenshot of every step under target/screenshots/<test>/ and the HTML of every page it captured, so
 * tests can check what pages reveal. Every test that drives it also proves the portal's content security policy
 * holds: whatever the portal's pages do in it, a policy violation the browser reports (a securitypolicyviolation
 * event) and any portal response without the policy header fail the test when the browser is closed.
 */
final class PortalBrowser implements AutoCloseable {

    /** The code field of Keycloak's OTP form. */
    static final String OTP_FIELD = "input[name=otp]";
    static final String PORTAL = "http://127.0.0.1:" + PortalTestInfrastructure.PORTAL_PORT;
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final double TIMEOUT_MILLIS = 30_000;

    private final Playwright playwright;
    private final BrowserContext context;
    private final Page page;
    private final Path screenshots;
    private final List<String> capturedPages = new ArrayList<>();
    private final List<String> policyViolations = new CopyOnWriteArrayList<>();
    private int step;

    PortalBrowser(String testName) {
        if (!Files.isExecutable(CHROMIUM)) {
            throw new IllegalStateException("Debian's chromium is missing: run portal/scripts/install-chromium.sh as root");
        }
        try {
            Path profile = Files.createTempDirectory(Path.of("target"), "chromium-profile-");
            screenshots = Files.createDirectories(Path.of("target", "screenshots", testName));
            playwright = Playwright.create(new Playwright.CreateOptions().setEnv(Map.of("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")));
            context = playwright.chromium().launchPersistentContext(profile.toAbsolutePath(), new BrowserType.LaunchPersistentContextOptions()
                    .setExecutablePath(CHROMIUM).setHeadless(true).setViewportSize(1280, 900)
                    .setArgs(List.of("--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                            "--disable-background-networking", "--disable-component-update", "--disable-sync")));
            context.setDefaultTimeout(TIMEOUT_MILLIS);
            context.setDefaultNavigationTimeout(TIMEOUT_MILLIS);
            watchContentSecurityPolicy();
            page = context.pages().isEmpty() ? context.newPage() : context.pages().getFirst();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /**
     * Records what breaks the portal's content security policy: the browser's violation events on portal pages
     * (Keycloak's login page has its own policy), and portal responses sent without it.
     * The bindings run through the DevTools protocol, which the page's policy does not govern.
     */
    private void watchContentSecurityPolicy() {
        context.exposeBinding("reportPolicyViolation", (source, arguments) -> {
            if (source.frame().url().startsWith(PORTAL)) {
                policyViolations.add(source.frame().url() + ": " + arguments[0]);
            }
            return null;
        });
        context.addInitScript("document.addEventListener('securitypolicyviolation', event => window.reportPolicyViolation("
                + "event.violatedDirective + ' blocked ' + event.blockedURI + ' at ' + event.sourceFile + ':' + event.lineNumber));");
        context.onResponse(response -> {
            if (response.url().startsWith(PORTAL + "/") && response.headers().get("content-security-policy") == null) {
                policyViolations.add(response.url() + ": answered " + response.status() + " without a Content-Security-Policy");
            }
        });
    }

    /** The violations recorded so far, which are then forgotten (a test that provokes one on purpose takes it). */
    List<String> takePolicyViolations() {
        List<String> taken = List.copyOf(policyViolations);
        policyViolations.removeAll(taken);
        return taken;
    }

    Page page() {
        return page;
    }

    BrowserContext context() {
        return context;
    }

    /** Opens a portal path; a person without a session is sent to Keycloak's login form first. */
    Response open(String path) {
        return page.navigate(PORTAL + path);
    }

    /** Signs in through Keycloak's form (the portal redirects there), landing back on the portal. */
    void signIn(String username, String password) {
        open("/");
        page.locator("#username").fill(username);
        page.locator("#password").fill(password);
        capture("login-form-" + username);
        page.locator("#kc-login").click();
        page.waitForCondition(() -> page.url().startsWith(PORTAL + "/") || page.locator(OTP_FIELD).isVisible());
        if (!page.url().startsWith(PORTAL + "/")) {
            enterOneTimeCode(username);
        }
        page.waitForURL(url -> url.startsWith(PORTAL + "/"));
        page.waitForLoadState();
    }

    /**
     * Fills Keycloak's OTP form with a code of the user's enrolled authenticator (a demo user's dev-only secret),
     * one this JVM has not used before (Keycloak refuses a code twice), and submits it.
     */
    void enterOneTimeCode(String username) {
        String secret = DemoUsers.totpSecret(username)
                .orElseThrow(() -> new IllegalStateException(username + " has no TOTP secret the tests know"));
        enterOneTimeCode(username, Totp.forSecret(secret));
    }

    /** Fills Keycloak's OTP form with the next unused code of {@code totp} and submits it. */
    void enterOneTimeCode(String username, Totp totp) {
        page.locator(OTP_FIELD).fill(OneTimeCodes.shared().next(Services.realmUrl() + " " + username, totp));
        capture("one-time-code-" + username);
        page.locator("#kc-login").click();
    }

    /** Signs out with the portal's sign-out button: the portal session and the Keycloak session end. */
    void signOut() {
        page.getByRole(com.microsoft.playwright.options.AriaRole.BUTTON,
                new Page.GetByRoleOptions().setName("Sign out")).click();
        page.waitForURL(url -> url.startsWith(PORTAL + "/signed-out"));
    }

    /** A screenshot of the step, and the page's HTML for later checks. */
    void capture(String name) {
        step++;
        page.screenshot(new Page.ScreenshotOptions().setFullPage(true)
                .setPath(screenshots.resolve(String.format("%02d-%s.png", step, name))));
        capturedPages.add(page.content());
    }

    List<String> capturedPages() {
        return List.copyOf(capturedPages);
    }

    String csrfToken() {
        return page.locator("input[name=csrf-token]").first().inputValue();
    }

    @Override
    public void close() {
        context.close();
        playwright.close();
        if (!policyViolations.isEmpty()) {
            throw new AssertionError("the browser reported content security policy violations: " + policyViolations);
        }
    }
}
