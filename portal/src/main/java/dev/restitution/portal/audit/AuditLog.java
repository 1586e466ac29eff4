package dev.restitution.portal.audit;

import io.quarkus.qute.TemplateData;
import java.util.Locale;

/** The services that keep a hash-chained audit log; each serves it through the same audit API, filters included. */
@TemplateData
public enum AuditLog {
    LEDGER("ledger-service"),
    CLAIMS("claims-service"),
    PAYOUT("payout-service");

    private final String service;

    AuditLog(String service) {
        this.service = service;
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
}
