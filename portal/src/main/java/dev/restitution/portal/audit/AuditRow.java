package dev.restitution.portal.audit;

import io.quarkus.qute.TemplateData;

/**
 * One entry of any service's audit log as the page lists it: its position in that log (the ledger's and payout's
 * sequence, the claims log's id), when, who, what, about what, why, and its hash.
 */
@TemplateData
public record AuditRow(long position, String when, String actor, String action, String subject, String reason, String hash) {
}
