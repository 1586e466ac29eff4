package dev.restitution.portal.audit;

import io.quarkus.qute.TemplateData;
import java.util.Locale;

/** The services that keep a hash-chained audit log, and the filters each one applies to its own entries. */
@TemplateData
public enum AuditLog {
    LEDGER("ledger-service", true, true),
    CLAIMS("claims-service", false, false),
    PAYOUT("payout-service", false, true);

    private final String service;
    private final boolean filtersByActorActionAndType;
    private final boolean filtersBySubjectId;

    AuditLog(String service, boolean filtersByActorActionAndType, boolean filtersBySubjectId) {
        this.service = service;
        this.filtersByActorActionAndType = filtersByActorActionAndType;
        this.filtersBySubjectId = filtersBySubjectId;
    }

    /** The log named in the request; the ledger's when none (or an unknown one) is named. */
    public static AuditLog named(String name) {
        if (name != null) {
            for (AuditLog log : values()) {
                if (log.key().equals(name.strip().toLowerCase(Locale.ROOT))) {
                    return log;
                }
            }
        }
        return LEDGER;
    }

    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String service() {
        return service;
    }

    public boolean filtersByActorActionAndType() {
        return filtersByActorActionAndType;
    }

    public boolean filtersBySubjectId() {
        return filtersBySubjectId;
    }

    /** The request's filters reduced to those this log's service applies: nothing is filtered in the portal. */
    public AuditFilter applicable(AuditFilter requested) {
        return new AuditFilter(filtersByActorActionAndType ? requested.actor() : null,
                filtersByActorActionAndType ? requested.action() : null,
                filtersByActorActionAndType ? requested.subjectType() : null,
                filtersBySubjectId ? requested.subjectId() : null);
    }
}
