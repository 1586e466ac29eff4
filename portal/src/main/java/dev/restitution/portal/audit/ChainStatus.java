package dev.restitution.portal.audit;

import dev.restitution.portal.language.AuditChainTerm;
import io.quarkus.qute.TemplateData;
import java.util.List;

/** A service's verification of its audit chain, as the page shows it: intact or not, and what the service reported. */
@TemplateData
public record ChainStatus(boolean intact, List<Fact> facts) {

    /** One reported figure, named by its term; {@code hash} is shown as a hash when present. */
    @TemplateData
    public record Fact(AuditChainTerm term, String text, String hash) {
    }
}
