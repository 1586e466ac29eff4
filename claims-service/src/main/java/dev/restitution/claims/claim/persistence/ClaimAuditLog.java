package dev.restitution.claims.claim.persistence;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Appends one entry per state change of a claim, in the transaction of the change: who, when, what,
 * before ({} when the claim is new) and after (JSON). The table refuses updates and deletes (trigger in V2).
 */
@ApplicationScoped
public class ClaimAuditLog {

    private final ObjectMapper json;

    public ClaimAuditLog(ObjectMapper json) {
        this.json = json;
    }

    @Transactional(Transactional.TxType.MANDATORY)
    public void append(UUID claimId, String actor, Instant at, String action, Optional<Map<String, Object>> before,
                       Map<String, Object> after) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into claim_audit (claim_id, actor, at, action, before_state, after_state)
                        values (:claim, :actor, :at, :action, :before, :after)""")
                .setParameter("claim", claimId)
                .setParameter("actor", actor)
                .setParameter("at", at)
                .setParameter("action", action)
                .setParameter("before", before.map(this::write).orElse("{}"))
                .setParameter("after", write(after))
                .executeUpdate();
    }

    private String write(Map<String, Object> state) {
        try {
            return json.writeValueAsString(state);
        } catch (com.fasterxml.jackson.core.JsonProcessingException failure) {
            throw new IllegalStateException("audit state not serialisable", failure);
        }
    }
}
