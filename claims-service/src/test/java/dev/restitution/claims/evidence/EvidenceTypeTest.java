package dev.restitution.claims.evidence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.claims.evidence.domain.EvidenceType;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class EvidenceTypeTest {

    private final SignatureScanner scanner = new SignatureScanner();

    @Test
    void typeIsBelievedOnlyWhenTheBytesAgree() {
        // Why: a Content-Type is the client's claim; the magic bytes decide.
        byte[] pdf = "%PDF-1.7\n".getBytes(StandardCharsets.US_ASCII);
        assertTrue(EvidenceType.PDF.matches(pdf));
        assertFalse(EvidenceType.PNG.matches(pdf));
        assertFalse(EvidenceType.TEXT.matches(pdf));
        assertTrue(EvidenceType.JPEG.matches(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, (byte) 0xe0}));
        assertTrue(EvidenceType.TEXT.matches("Grüße\r\n\tok".getBytes(StandardCharsets.UTF_8)));
        assertFalse(EvidenceType.TEXT.matches(new byte[] {'a', 0, 'b'}));
        assertFalse(EvidenceType.TEXT.matches(new byte[] {(byte) 0xc3, (byte) 0x28}));
        assertEquals(Optional.of(EvidenceType.TEXT), EvidenceType.ofMediaType("Text/Plain; charset=UTF-8"));
        assertEquals(Optional.empty(), EvidenceType.ofMediaType("application/x-msdownload"));
    }

    @Test
    void scannerRefusesTheEicarSignatureAndActivePdfContent() {
        // Why: the default hook must really refuse something: the EICAR test file and scripted PDFs.
        assertFalse(scanner.scan(EvidenceType.TEXT, ("prefix " + SignatureScanner.EICAR).getBytes(StandardCharsets.US_ASCII))
                .clean());
        assertFalse(scanner.scan(EvidenceType.PDF, "%PDF-1.4 << /Launch /F (cmd.exe) >>".getBytes(StandardCharsets.US_ASCII))
                .clean());
        assertFalse(scanner.scan(EvidenceType.PDF, "%PDF-1.4 << /JS (x) >>".getBytes(StandardCharsets.US_ASCII)).clean());
        assertTrue(scanner.scan(EvidenceType.PDF, "%PDF-1.4 << /JSON (x) >>".getBytes(StandardCharsets.US_ASCII)).clean());
        assertTrue(scanner.scan(EvidenceType.TEXT, "an ordinary statement".getBytes(StandardCharsets.US_ASCII)).clean());
    }
}
