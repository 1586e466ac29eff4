package dev.restitution.portal.audit;

import io.quarkus.qute.TemplateData;

/**
 * One entry of any service's audit log as the page lists it: its sequence in that log, when, who (user name, and the subject id an auditor matches it by), what, about
 * what, why, its hash, and the trace id of the request or event that wrote it (null when unknown).
 */
@TemplateData
public record AuditRow(long position, String when, String actorUsername, String actorSubjectId, String action,
                       String subject, String reason, String hash, String traceId) {
}
