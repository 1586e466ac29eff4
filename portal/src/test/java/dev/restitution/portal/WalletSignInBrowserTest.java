package dev.restitution.portal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.microsoft.playwright.BrowserContext;
import com.microsoft.playwright.Page;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;
import org.web3j.crypto.Sign;
import org.web3j.utils.Numeric;

/**
 * Sign-In with Ethereum through the realm's wallet alternative (keycloak-siwe): the page's EIP-1193 wallet is
 * window.ethereum injected by the test, whose personal_sign this JVM answers with a real secp256k1 key.
 */
@QuarkusTest
class WalletSignInBrowserTest {

    private static final String BUTTON = "#kc-siwe-button";
    private static final String MESSAGE_FIELD = "input[name=message]";
    /** Keycloak's own form for the attributes the realm's user profile requires of every user. */
    private static final String PROFILE_FORM = "#kc-update-profile-form";

    @Test
    void aHolderSignsInWithTheirWalletAndLandsInThePortalAsTheClaimantOfTheirAddress() throws Exception {
        // Why: a token holder without an exchange account proves the address with a signature and gets a session whose
        // token names that address (EIP-55) as account_id, which is what the services read.
        ECKeyPair holder = Keys.createEcKeyPair();
        String address = Keys.toChecksumAddress(Keys.getAddress(holder));
        try (PortalBrowser browser = new PortalBrowser("wallet-sign-in")) {
            injectWallet(browser.context(), holder);
            Page page = openSignStep(browser);
            String message = page.locator(MESSAGE_FIELD).inputValue();
            assertTrue(message.startsWith("127.0.0.1:"), "the domain is Keycloak's host the wallet sees: " + message);
            assertTrue(message.contains("\n" + address + "\n"), "the message names the checksummed address: " + message);
            assertTrue(message.contains("\nChain ID: 31337\n"), message);
            assertTrue(message.contains("\nExpiration Time: "), message);
            page.locator(BUTTON).click();
            page.waitForCondition(() -> page.url().startsWith(PortalBrowser.PORTAL + "/") || page.locator(PROFILE_FORM).isVisible());
            if (!page.url().startsWith(PortalBrowser.PORTAL + "/")) {
                completeProfile(browser, address);
            }
            page.waitForURL(url -> url.startsWith(PortalBrowser.PORTAL + "/"));
            page.waitForLoadState();
            browser.capture("wallet-signed-in");
            String content = page.content();
            assertTrue(content.contains("Hello " + address.toLowerCase(Locale.ROOT)), "the username is the lower-case address");
            assertTrue(content.contains("affected exchange account " + address + "."),
                    "the id token's account_id is the checksummed address, and the portal shows the claimant's view");
        }
    }

    @Test
    void messagesWithAWrongDomainChainOrExpiryAnotherSignerOrAUsedNonceSignNobodyIn() throws Exception {
        // Why: each check of the message is what keeps a signature made for another site, chain or time, or by
        // another key, or replayed, from opening a session; every refusal must say why and sign nobody in.
        ECKeyPair holder = Keys.createEcKeyPair();
        ECKeyPair stranger = Keys.createEcKeyPair();
        try (PortalBrowser browser = new PortalBrowser("wallet-sign-in-refusals")) {
            injectWallet(browser.context(), holder);
            Page page = openSignStep(browser);

            String original = page.locator(MESSAGE_FIELD).inputValue();
            String otherDomain = original.replaceFirst("^127\\.0\\.0\\.1:[0-9]+ ", "restitution.example.com ");
            assertRefused(browser, otherDomain, sign(otherDomain, holder), "names another site than this one", "wrong-domain");

            String otherChain = nextMessage(browser).replace("\nChain ID: 31337\n", "\nChain ID: 1\n");
            assertRefused(browser, otherChain, sign(otherChain, holder), "for another chain", "wrong-chain");

            Instant past = Instant.now().minus(20, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
            String expired = nextMessage(browser)
                    .replaceFirst("\nIssued At: [^\n]+", "\nIssued At: " + past)
                    .replaceFirst("\nExpiration Time: [^\n]+$", "\nExpiration Time: " + past.plus(5, ChronoUnit.MINUTES));
            assertRefused(browser, expired, sign(expired, holder), "has expired", "expired");

            String used = nextMessage(browser);
            assertRefused(browser, used, sign(used, stranger), "signed by another address", "another-key");
            assertRefused(browser, used, sign(used, holder), "already used", "replayed-nonce");

            browser.open("/");
            page.waitForURL(url -> url.contains("/realms/restitution/"));
            assertFalse(page.url().startsWith(PortalBrowser.PORTAL + "/"), "no refusal opened a session");
        }
    }

    /**
     * The realm's user profile asks every user for an e-mail address and a name (the portal mails claimants); a wallet
     * brings neither, so Keycloak asks for them once, on the first sign-in.
     */
    private static void completeProfile(PortalBrowser browser, String address) {
        Page page = browser.page();
        browser.capture("wallet-first-sign-in-profile");
        page.locator("#email").fill(address.toLowerCase(Locale.ROOT) + "@holders.example.com");
        page.locator("#firstName").fill("Token");
        page.locator("#lastName").fill("Holder");
        page.locator(PROFILE_FORM + " input[type=submit]").first().click();
    }

    /** Opens the portal, takes Keycloak's "try another way" to the wallet, connects it, and stops before signing. */
    private static Page openSignStep(PortalBrowser browser) {
        Page page = browser.page();
        browser.open("/");
        page.locator("#try-another-way").click();
        page.locator("#kc-select-credential-form").first().waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
        browser.capture("wallet-choose");
        page.getByText("Sign in with wallet").first().click();
        page.locator(BUTTON).waitFor();
        browser.capture("wallet-connect");
        assertTrue(page.content().contains("Sign in with your wallet"), "the wallet page shows its heading");
        return connect(browser);
    }

    private static Page connect(PortalBrowser browser) {
        Page page = browser.page();
        page.locator(BUTTON).click();
        page.locator(MESSAGE_FIELD).waitFor(new com.microsoft.playwright.Locator.WaitForOptions()
                .setState(com.microsoft.playwright.options.WaitForSelectorState.ATTACHED));
        browser.capture("wallet-sign");
        return page;
    }

    /** After a refusal the page starts again: connecting gives a message with the session's new nonce. */
    private static String nextMessage(PortalBrowser browser) {
        return connect(browser).locator(MESSAGE_FIELD).inputValue();
    }

    /** Posts the message and signature as the page would, and expects the wallet page again with the reason. */
    private static void assertRefused(PortalBrowser browser, String message, String signature, String reason, String step) {
        Page page = browser.page();
        page.evaluate("([message, signature]) => {"
                + " const form = document.getElementById('kc-siwe-form');"
                + " for (const [name, value] of [['message', message], ['signature', signature]]) {"
                + "   let input = form.elements[name];"
                + "   if (!input) { input = document.createElement('input'); input.type = 'hidden'; input.name = name; form.appendChild(input); }"
                + "   input.value = value;"
                + " }"
                + " form.submit(); }", List.of(message, signature));
        page.waitForLoadState();
        page.locator(BUTTON).waitFor();
        browser.capture("refused-" + step);
        assertTrue(page.content().contains(reason), step + ": the page says why: " + page.locator("body").innerText());
        assertEquals("connect", page.locator("#kc-siwe-form").getAttribute("data-step"), step + ": the sign-in starts over");
        assertFalse(page.url().startsWith(PortalBrowser.PORTAL + "/"), step + ": nobody is signed in");
    }

    /**
     * window.ethereum for every page: eth_requestAccounts gives the key's address (lower case, as wallets often do),
     * personal_sign is answered by this JVM.
     */
    private static void injectWallet(BrowserContext context, ECKeyPair key) {
        String address = "0x" + Keys.getAddress(key);
        context.exposeFunction("restitutionWalletSign", arguments -> {
            String hexMessage = (String) arguments[0];
            return sign(new String(Numeric.hexStringToByteArray(hexMessage), StandardCharsets.UTF_8), key);
        });
        context.addInitScript("window.ethereum = { request: async ({ method, params }) => {"
                + " if (method === 'eth_requestAccounts') return ['" + address + "'];"
                + " if (method === 'personal_sign') {"
                + "   if (params[1].toLowerCase() !== '" + address + "') throw new Error('unknown account ' + params[1]);"
                + "   return window.restitutionWalletSign(params[0]);"
                + " }"
                + " throw new Error('unsupported method ' + method); } };");
    }

    /** EIP-191 personal_sign of the text with the key: 0x, r, s, v (27 or 28). */
    private static String sign(String text, ECKeyPair key) {
        Sign.SignatureData signature = Sign.signPrefixedMessage(text.getBytes(StandardCharsets.UTF_8), key);
        byte[] bytes = new byte[65];
        System.arraycopy(signature.getR(), 0, bytes, 0, 32);
        System.arraycopy(signature.getS(), 0, bytes, 32, 32);
        bytes[64] = signature.getV()[0];
        return Numeric.toHexString(bytes);
    }
}
