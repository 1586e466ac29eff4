package dev.restitution.claims.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditChain;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditRecord;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * What claims-service records in the kit's audit log ({@link AuditLog}): one chain per claim, keyed by the claim id,
 * an entry per state change in the transaction of the change, with the claim's state before (absent when the claim
 * is new or the change has no before) and after as JSON text; a late admission, made before its claim exists, starts
 * a chain of its own id, and so does a second-factor reset. The reason of an entry is its action in words; the state after says the rest.
 */
@ApplicationScoped
public class ClaimAudit {

    public static final String CLAIM = AuditChain.LEGACY_CLAIM_SUBJECT;
    public static final String LATE_ADMISSION = AuditChain.LEGACY_LATE_ADMISSION_SUBJECT;
    public static final String SECOND_FACTOR_RESET = "SECOND_FACTOR_RESET";

    private final AuditLog log;
    private final ObjectMapper json;

    public ClaimAudit(AuditLog log, ObjectMapper json) {
        this.log = log;
        this.json = json;
    }

    /** A change of an existing claim, chained after the claim's last entry. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void append(UUID claimId, Actor actor, Instant at, String action, Optional<Map<String, Object>> before,
                       Map<String, Object> after) {
        log.appendToChain(claimId.toString(), at, record(CLAIM, claimId, actor, action, before, after));
    }

    /** The first entry of a claim created in this transaction. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendFirst(UUID claimId, Actor actor, Instant at, String action, Map<String, Object> after) {
        log.startChain(claimId.toString(), at, record(CLAIM, claimId, actor, action, Optional.empty(), after));
    }

    /** A late admission, created in this transaction: the first entry of its own chain. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendAdmission(UUID admissionId, Actor actor, Instant at, String action, Map<String, Object> after) {
        log.startChain(admissionId.toString(), at, record(LATE_ADMISSION, admissionId, actor, action, Optional.empty(), after));
    }

    /** A second-factor reset: its request starts a chain of the reset's id, its decision follows on it. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void appendReset(UUID resetId, boolean first, Actor actor, Instant at, String action,
                            Optional<Map<String, Object>> before, Map<String, Object> after) {
        AuditRecord record = record(SECOND_FACTOR_RESET, resetId, actor, action, before, after);
        if (first) {
            log.startChain(resetId.toString(), at, record);
        } else {
            log.appendToChain(resetId.toString(), at, record);
        }
    }

    /** The claim's chain: its entries in order and whether they still follow each other. */
    public AuditLog.Chain chain(UUID claimId) {
        return log.chain(claimId.toString());
    }

    private AuditRecord record(String subjectType, UUID subjectId, Actor actor, String action,
                                      Optional<Map<String, Object>> before, Map<String, Object> after) {
        return new AuditRecord(actor, action, subjectType, subjectId.toString(), before.map(this::write).orElse(null),
                write(after), AuditChain.actionInWords(action));
    }

    private String write(Map<String, Object> state) {
        try {
            return json.writeValueAsString(state);
        } catch (JsonProcessingException failure) {
            throw new IllegalStateException("audit state not serialisable", failure);
        }
    }
}
