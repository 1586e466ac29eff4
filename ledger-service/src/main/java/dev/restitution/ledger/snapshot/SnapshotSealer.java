package dev.restitution.ledger.snapshot;

import dev.restitution.contracts.events.SnapshotSealed;
import dev.restitution.contracts.events.SnapshotSealedTotal;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditLog;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventEnvelope;
import dev.restitution.kit.events.EventTypes;
import dev.restitution.kit.events.Topics;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.messaging.Outbox;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.ledger.incident.IncidentService;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.snapshot.domain.ImportRecord;
import dev.restitution.ledger.snapshot.domain.ImportState;
import dev.restitution.ledger.snapshot.domain.SealedSnapshot;
import dev.restitution.ledger.snapshot.domain.SnapshotLeaves;
import dev.restitution.ledger.snapshot.persistence.SnapshotImportStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/**
 * Seals an incident's LOADED import: one transaction marks it SEALED (and guards its rows in the
 * database), moves the incident to SNAPSHOT_SEALED, writes SnapshotSealed to the outbox and audits
 * the seal.
 */
@ApplicationScoped
public class SnapshotSealer {

    static final String SOURCE = "/ledger-service";

    private final IncidentService incidents;
    private final SnapshotImportStore store;
    private final Outbox outbox;
    private final EventCodec codec;
    private final AuditLog audit;
    private final Clock clock;

    public SnapshotSealer(IncidentService incidents, SnapshotImportStore store, Outbox outbox, EventCodec codec,
                          AuditLog audit, Clock clock) {
        this.incidents = incidents;
        this.store = store;
        this.outbox = outbox;
        this.codec = codec;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public SealedSnapshot seal(IncidentId incidentId, UUID importId, Actor sealedBy) {
        Instant now = clock.instant();
        Incident incident = incidents.get(incidentId);
        if (!store.tryLockIncidentInTransaction(incidentId.value())) {
            throw ProblemException.conflict("import-running",
                    "An import of incident " + incidentId + " is running; seal when it has finished.");
        }
        ImportRecord record = store.findInTransaction(incidentId.value(), importId)
                .orElseThrow(() -> ProblemException.notFound("Import " + importId + " of incident " + incidentId));
        if (record.state() == ImportState.SEALED) {
            throw ProblemException.conflict("snapshot-sealed", "Import " + importId + " is already sealed; a sealed snapshot never changes.");
        }
        if (record.state() != ImportState.LOADED) {
            throw ProblemException.conflict("import-not-loaded", "Import " + importId + " is " + record.state()
                    + "; only a LOADED import can be sealed.");
        }
        String root = "0x" + HexFormat.of().formatHex(record.merkleRoot().orElseThrow());
        incidents.markSnapshotSealed(incidentId, sealedBy, now, "snapshot " + importId + " sealed, Merkle root " + root);
        store.markSealed(importId, sealedBy, now);
        SealedSnapshot sealed = sealedSnapshot(incidentId);
        outbox.append(Topics.LEDGER_INCIDENTS, snapshotSealed(incident, sealed), now);
        audit.append(sealedBy, "SNAPSHOT_SEALED", "SNAPSHOT_IMPORT", importId.toString(),
                AuditStates.json(Map.of("state", ImportState.LOADED.name())), AuditStates.json(audited(sealed)),
                "snapshot of incident " + incidentId + " sealed");
        return sealed;
    }

    private SealedSnapshot sealedSnapshot(IncidentId incidentId) {
        try {
            return store.sealedInTransaction(incidentId.value())
                    .orElseThrow(() -> new IllegalStateException("incident " + incidentId + " has no sealed import after sealing"));
        } catch (SQLException failure) {
            throw new IllegalStateException("reading the sealed snapshot of " + incidentId + " failed", failure);
        }
    }

    private static Map<String, Object> audited(SealedSnapshot sealed) {
        Map<String, Object> state = new LinkedHashMap<>();
        state.put("state", ImportState.SEALED.name());
        state.put("incidentId", sealed.incidentId().toString());
        state.put("merkleRoot", "0x" + HexFormat.of().formatHex(sealed.merkleRoot()));
        state.put("rowCount", sealed.rowCount());
        state.put("totals", sealed.totals().stream().map(total -> Map.of("asset", total.asset(),
                "total", total.total().toString(), "rows", total.rows())).toList());
        return state;
    }

    private EventEnvelope snapshotSealed(Incident incident, SealedSnapshot sealed) {
        Map<String, String> assetIds = new HashMap<>();
        incident.assets().forEach(asset -> assetIds.put(asset.symbol(), asset.assetId().toString()));
        SnapshotSealed payload = new SnapshotSealed()
                .withIncidentId(sealed.incidentId())
                .withImportId(sealed.importId())
                .withMerkleRoot("0x" + HexFormat.of().formatHex(sealed.merkleRoot()))
                .withLeafEncoding(SnapshotLeaves.LEAF_ENCODING)
                .withLeafFormat(sealed.leafVersion().number())
                .withRowCount(sealed.rowCount())
                .withCutoffAt(incident.declaration().cutoffAt().atOffset(ZoneOffset.UTC))
                .withTotals(sealed.totals().stream().map(total -> new SnapshotSealedTotal()
                        .withAsset(total.asset())
                        .withAssetId(assetIds.get(total.asset()))
                        .withTotal(total.total().toString())
                        .withRows(total.rows())).toList())
                .withSealedBy(sealed.sealedBy().subjectId())
                .withSealedAt(sealed.sealedAt().atOffset(ZoneOffset.UTC));
        return codec.wrap(UUID.randomUUID().toString(), EventTypes.SNAPSHOT_SEALED, SOURCE, sealed.sealedAt(),
                sealed.incidentId().toString(), payload);
    }
}
