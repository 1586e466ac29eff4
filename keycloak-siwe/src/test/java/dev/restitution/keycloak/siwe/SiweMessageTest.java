package dev.restitution.keycloak.siwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SiweMessageTest {

    /** The example message of EIP-4361. */
    static final String SPEC_EXAMPLE = """
            service.invalid wants you to sign in with your Ethereum account:
            0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2

            I accept the ServiceOrg Terms of Service: https://service.invalid/tos

            URI: https://service.invalid/login
            Version: 1
            Chain ID: 1
            Nonce: 32891756
            Issued At: 2021-09-30T16:25:24Z
            Resources:
            - ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/
            - https://example.com/my-web2-claim.json""";

    @Test
    void theExampleOfTheEipParsesIntoItsFieldsAndPrintsBackTheSame() {
        // Why: a message any SIWE library writes must be read field by field, and what we write must be what we read.
        SiweMessage message = SiweMessage.parse(SPEC_EXAMPLE);
        assertEquals("service.invalid", message.domain());
        assertEquals("0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2", message.address());
        assertEquals(Optional.of("I accept the ServiceOrg Terms of Service: https://service.invalid/tos"), message.statement());
        assertEquals("https://service.invalid/login", message.uri());
        assertEquals(1, message.chainId());
        assertEquals("32891756", message.nonce());
        assertEquals(Instant.parse("2021-09-30T16:25:24Z"), message.issuedAt());
        assertEquals(List.of("ipfs://bafybeiemxf5abjwjbikoz4mc3a3dla6ual3jsgpdr4cjr3oz3evfyavhwq/",
                "https://example.com/my-web2-claim.json"), message.resources());
        assertEquals(SPEC_EXAMPLE, message.text());
    }

    @Test
    void aMessageWithoutStatementWithSchemePortAndEveryOptionalFieldParses() {
        // Why: the optional parts of the grammar are each in their place; a message using them all must still parse.
        String text = """
                https://auth.example.com:8443 wants you to sign in with your Ethereum account:
                0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2


                URI: https://auth.example.com:8443/realms/restitution
                Version: 1
                Chain ID: 31337
                Nonce: 0123456789abcdefABCDEF
                Issued At: 2026-12-07T10:00:00.123+01:00
                Expiration Time: 2026-12-07T09:05:00Z
                Not Before: 2026-12-07T09:00:00Z
                Request ID: request-7""";
        SiweMessage message = SiweMessage.parse(text);
        assertEquals(Optional.of("https"), message.scheme());
        assertEquals("auth.example.com:8443", message.domain());
        assertEquals(Optional.empty(), message.statement());
        assertEquals(Instant.parse("2026-12-07T09:00:00.123Z"), message.issuedAt());
        assertEquals(Optional.of(Instant.parse("2026-12-07T09:05:00Z")), message.expirationTime());
        assertEquals(Optional.of("request-7"), message.requestId());
        assertTrue(message.resources().isEmpty());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
            "another preamble|service.invalid wants you|service.invalid would like you",
            "lower-case address|0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2|0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2",
            "broken checksum|0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756Cc2|0xC02aaA39b223FE8D0A0e5C4F27eAD9083C756CC2",
            "version 2|Version: 1|Version: 2",
            "short nonce|Nonce: 32891756|Nonce: 3289175",
            "nonce with a symbol|Nonce: 32891756|Nonce: 32891756!",
            "chain id with a leading zero|Chain ID: 1|Chain ID: 01",
            "date without zone|Issued At: 2021-09-30T16:25:24Z|Issued At: 2021-09-30T16:25:24",
            "impossible date|Issued At: 2021-09-30T16:25:24Z|Issued At: 2021-02-30T16:25:24Z",
            "relative URI|URI: https://service.invalid/login|URI: /login",
            "URI with a space|URI: https://service.invalid/login|URI: https://service.invalid/log in",
            "fields out of order|Version: 1\\nChain ID: 1|Chain ID: 1\\nVersion: 1",
            "statement with a line feed|I accept the ServiceOrg Terms of Service: https://service.invalid/tos|I accept\\nthe terms",
            "missing empty line after statement|tos\\n\\nURI|tos\\nURI",
            "carriage returns|\\n|\\r\\n",
            "a line after the resources|my-web2-claim.json|my-web2-claim.json\\nExpiration Time: 2021-09-30T16:30:24Z",
            "a trailing line feed|my-web2-claim.json|my-web2-claim.json\\n"})
    void textThatBreaksTheGrammarAnywhereIsRefused(String why, String from, String to) {
        // Why: a lenient parser would let a signature over one text be read as another; every line is held to the EIP.
        String broken = SPEC_EXAMPLE.replace(from.replace("\\n", "\n"), to == null ? "" : to.replace("\\n", "\n").replace("\\r", "\r"));
        assertTrue(!broken.equals(SPEC_EXAMPLE), why + ": the case changes the text");
        assertThrows(SiweMessage.MalformedMessage.class, () -> SiweMessage.parse(broken), why);
    }

    @Test
    void aMessageLongerThanTheLimitIsRefusedBeforeParsing() {
        // Why: the text comes from anyone on the internet; its size is bounded before any work on it.
        String huge = SPEC_EXAMPLE + "\n- https://example.com/" + "a".repeat(SiweMessage.MAX_BYTES);
        SiweMessage.MalformedMessage refusal = assertThrows(SiweMessage.MalformedMessage.class, () -> SiweMessage.parse(huge));
        assertTrue(refusal.getMessage().contains("longer than"), refusal.getMessage());
    }
}
