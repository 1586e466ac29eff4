package dev.restitution.keycloak.siwe;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class SiweAuthenticatorTest {

    @Test
    void aMessagePostedByAFormIsReadWithTheLineFeedsTheWalletSigned() {
        // Why: browsers post every line break of a form field as CR LF; without undoing that, no honest sign-in verifies.
        String posted = SiweMessageTest.SPEC_EXAMPLE.replace("\n", "\r\n");
        assertEquals(SiweMessageTest.SPEC_EXAMPLE, SiweAuthenticator.asSigned(posted));
        assertEquals(SiweMessageTest.SPEC_EXAMPLE, SiweMessage.parse(SiweAuthenticator.asSigned(posted)).text());
    }

    @Test
    void aLoneCarriageReturnIsLeftForTheParserToRefuse() {
        // Why: only the form's own encoding is undone; any other carriage return is the sender's and breaks the grammar.
        String posted = SiweMessageTest.SPEC_EXAMPLE.replace("\nURI:", "\rURI:");
        assertThrows(SiweMessage.MalformedMessage.class, () -> SiweMessage.parse(SiweAuthenticator.asSigned(posted)));
        assertEquals("", SiweAuthenticator.asSigned(null));
    }
}
