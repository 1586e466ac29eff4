package dev.restitution.portal.audit;

import io.quarkus.qute.TemplateData;
import java.util.List;

/** A service's verification of its audit chain, as the page shows it: intact or not, and what the service reported. */
@TemplateData
public record ChainStatus(boolean intact, List<Fact> facts) {

    /** What a reported figure is; the page words it in its language. */
    public enum Term { VERIFIED, HEAD, BROKEN }

    /** One reported figure; {@code hash} is shown as a hash when present. */
    @TemplateData
    public record Fact(Term term, String text, String hash) {
    }
}
