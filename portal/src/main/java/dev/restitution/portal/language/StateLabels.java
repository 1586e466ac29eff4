package dev.restitution.portal.language;

import dev.restitution.contracts.ledger.model.IncidentState;
import io.quarkus.qute.TemplateExtension;
import io.quarkus.qute.TemplateExtension.TemplateAttribute;
import java.util.Arrays;

/**
 * An incident's state in the page's language: {@code state:incident(report.state)} takes the state as the ledger's
 * enum or as its wire value (the public read model carries text); a state this portal does not know yet is shown as
 * the ledger sent it.
 */
public final class StateLabels {

    private StateLabels() {
    }

    @TemplateExtension(namespace = "state")
    static String incident(Object state, @TemplateAttribute("locale") Object locale) {
        String wire = String.valueOf(state);
        return Arrays.stream(IncidentState.values()).filter(known -> known.toString().equals(wire)).findFirst()
                .map(known -> RequestLanguage.messages(PortalLanguage.of(locale)).incidentState(known)).orElse(wire);
    }
}
