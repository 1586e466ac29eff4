package dev.restitution.claims.evidence;

import dev.restitution.claims.evidence.domain.EvidenceType;

/**
 * The virus-scan hook: every evidence file passes through it before it is stored. The built-in
 * {@link SignatureScanner} is replaced by a bean that calls a real engine (e.g. clamd's INSTREAM) in
 * a deployment that has one.
 */
public interface EvidenceScanner {

    /** What a scan found: clean, or the name of what made the file unacceptable. */
    record Verdict(boolean clean, String finding) {
        public static Verdict passed() {
            return new Verdict(true, "clean");
        }

        public static Verdict refused(String finding) {
            return new Verdict(false, finding);
        }
    }

    Verdict scan(EvidenceType type, byte[] content);
}
