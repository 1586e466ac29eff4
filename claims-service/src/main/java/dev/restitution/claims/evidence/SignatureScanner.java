package dev.restitution.claims.evidence;

import dev.restitution.claims.evidence.domain.EvidenceType;
import io.quarkus.arc.DefaultBean;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The scanner used when no other is configured. It knows no virus database, so it refuses what it can
 * recognise for certain: the EICAR anti-virus test signature anywhere in the file (how scanners are
 * tested end to end), and PDFs carrying active content (JavaScript, launch actions, embedded files),
 * which a statement or receipt never needs and which is how PDF malware acts.
 */
@ApplicationScoped
@DefaultBean
public class SignatureScanner implements EvidenceScanner {

    static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    private static final byte[] EICAR_BYTES = EICAR.getBytes(StandardCharsets.US_ASCII);
    private static final List<String> PDF_ACTIVE_CONTENT = List.of("/JavaScript", "/JS", "/Launch", "/EmbeddedFile",
            "/RichMedia");

    @Override
    public Verdict scan(EvidenceType type, byte[] content) {
        if (indexOf(content, EICAR_BYTES) >= 0) {
            return Verdict.refused("EICAR-Test-Signature");
        }
        if (type == EvidenceType.PDF) {
            for (String name : PDF_ACTIVE_CONTENT) {
                if (containsPdfName(content, name)) {
                    return Verdict.refused("PDF active content " + name);
                }
            }
        }
        return Verdict.passed();
    }

    /** A PDF name token: {@code name} not followed by another name character (so /JS does not match /JSON). */
    private static boolean containsPdfName(byte[] content, String name) {
        byte[] token = name.getBytes(StandardCharsets.US_ASCII);
        int from = 0;
        while (true) {
            int at = indexOf(content, token, from);
            if (at < 0) {
                return false;
            }
            int next = at + token.length;
            if (next >= content.length || !Character.isLetterOrDigit(content[next])) {
                return true;
            }
            from = at + 1;
        }
    }

    static int indexOf(byte[] content, byte[] token) {
        return indexOf(content, token, 0);
    }

    private static int indexOf(byte[] content, byte[] token, int from) {
        outer:
        for (int start = from; start <= content.length - token.length; start++) {
            for (int offset = 0; offset < token.length; offset++) {
                if (content[start + offset] != token[offset]) {
                    continue outer;
                }
            }
            return start;
        }
        return -1;
    }
}
