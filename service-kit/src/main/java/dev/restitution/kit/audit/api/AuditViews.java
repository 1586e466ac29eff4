package dev.restitution.kit.audit.api;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditEntry;
import dev.restitution.kit.audit.AuditLog;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * The audit API's bodies, the same in every service's OpenAPI document ({@code AuditEntry}, {@code AuditPage},
 * {@code AuditVerification}, {@code Actor}): written once here, so no service answers in a shape of its own.
 * Absent values are null and left out of the JSON.
 */
public final class AuditViews {

    private AuditViews() {
    }

    public record ActorView(String subjectId, String username) {
        public static ActorView of(Actor actor) {
            return new ActorView(actor.subjectId(), actor.username());
        }
    }

    public record EntryView(long sequence, String chainKey, long chainSequence, int version, OffsetDateTime occurredAt,
                            ActorView actor, String action, String subjectType, String subjectId, String before,
                            String after, String reason, String previousHash, String hash, String traceId) {
        public static EntryView of(AuditEntry entry) {
            return new EntryView(entry.sequence(), entry.chainKey(), entry.chainSequence(), entry.version(),
                    entry.occurredAt().atOffset(ZoneOffset.UTC), ActorView.of(entry.record().actor()),
                    entry.record().action(), entry.record().subjectType(), entry.record().subjectId(),
                    entry.record().before(), entry.record().after(), entry.record().reason(), entry.previousHash(),
                    entry.hash(), entry.traceId());
        }
    }

    public record PageView(List<EntryView> items, int limit) {
    }

    public record VerificationView(boolean intact, long verifiedEntries, long headSequence, String headHash,
                                   Long firstBrokenSequence, String problem) {
        public static VerificationView of(AuditLog.Verification verification) {
            return new VerificationView(verification.intact(), verification.verifiedEntries(),
                    verification.head().sequence(), verification.head().hash(),
                    verification.firstBrokenSequence().orElse(null), verification.problem().orElse(null));
        }
    }

    /** One chain's entries in order, and whether (and where not) they still follow each other. */
    public record ChainView(String chainKey, boolean intact, String firstBreak, List<EntryView> entries) {
        public static ChainView of(AuditLog.Chain chain) {
            return new ChainView(chain.chainKey(), chain.intact(), chain.firstBreak().orElse(null),
                    chain.entries().stream().map(EntryView::of).toList());
        }
    }
}
