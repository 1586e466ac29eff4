package dev.restitution.portal.audit;

import io.quarkus.qute.TemplateData;
import java.util.Locale;

/** The services that keep a hash-chained audit log, and the filters each one applies to its own entries. */
@TemplateData
public enum AuditLog {
    LEDGER("ledger-service", true, "sequence"),
    CLAIMS("claims-service", false, "entry id"),
    PAYOUT("payout-service", true, "sequence");

    private final String service;
    private final boolean filtered;
    private final String position;

    AuditLog(String service, boolean filtered, String position) {
        this.service = service;
        this.filtered = filtered;
        this.position = position;
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

    /** Whether the service filters its entries by actor, action, subject type and subject id. */
    public boolean filtered() {
        return filtered;
    }

    /** What the log's entries are read on from: the ledger's and payout's sequence, the claims log's entry id. */
    public String position() {
        return position;
    }

    /** The request's filters when this log's service applies them, else none: nothing is filtered in the portal. */
    public AuditFilter applicable(AuditFilter requested) {
        return filtered ? requested : new AuditFilter(null, null, null, null);
    }
}
