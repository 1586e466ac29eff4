package dev.restitution.portal.audit;

import io.quarkus.qute.TemplateData;

/**
 * One entry of any service's audit log as the page lists it: its sequence in that log, when, who (user name, and the subject id an auditor matches it by), what, about
 * what, why, and its hash.
 */
@TemplateData
public record AuditRow(long position, String when, String actorUsername, String actorSubjectId, String action,
                       String subject, String reason, String hash) {
}
