package dev.restitution.claims.incident.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.FlushModeType;
import jakarta.transaction.Transactional;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Sealed snapshots learnt from SnapshotSealed: which incidents accept claims, against which import. */
@ApplicationScoped
public class SealedSnapshots {

    @Transactional(Transactional.TxType.MANDATORY)
    public void add(UUID incidentId, UUID importId, String merkleRoot, Instant sealedAt, Instant learntAt) {
        Panache.getEntityManager().createNativeQuery("""
                        insert into sealed_snapshot (incident_id, import_id, merkle_root, sealed_at, learnt_at)
                        values (:incident, :import, :root, :sealedAt, :learntAt)""")
                .setParameter("incident", incidentId)
                .setParameter("import", importId)
                .setParameter("root", merkleRoot)
                .setParameter("sealedAt", sealedAt)
                .setParameter("learntAt", learntAt)
                .executeUpdate();
    }

    /** The import id of the incident's sealed snapshot, if one was sealed. */
    public Optional<UUID> importOf(UUID incidentId) {
        @SuppressWarnings("unchecked")
        List<UUID> found = Panache.getEntityManager()
                .createNativeQuery("select import_id from sealed_snapshot where incident_id = :incident", UUID.class)
                .setFlushMode(FlushModeType.COMMIT)
                .setParameter("incident", incidentId)
                .getResultList();
        return found.stream().findFirst();
    }
}
