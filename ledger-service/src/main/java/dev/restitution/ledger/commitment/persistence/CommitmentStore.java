package dev.restitution.ledger.commitment.persistence;

import dev.restitution.kit.persistence.SqlValues;
import dev.restitution.ledger.commitment.domain.CommitmentKind;
import dev.restitution.ledger.commitment.domain.OnchainCommitment;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/** The on-chain commitments of snapshots and rounds; written once each, rows never leave this package. */
@ApplicationScoped
public class CommitmentStore {

    private static final String COLUMNS = """
            commitment_id, kind, incident_id, round_id, root, chain_id, contract, tx_hash, block_number, published_at,
            (select number from distribution_round where id = round_id)""";
    /** Stands in for an absent snapshot import or round in SQL: the nil UUID names no row. */
    private static final UUID ABSENT = new UUID(0, 0);

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    /** Stores a commitment of the sealed snapshot import {@code snapshotImportId}, or of its round. */
    public void insert(OnchainCommitment commitment, Optional<UUID> snapshotImportId, UUID sourceEventId, Instant now) {
        em().createNativeQuery("""
                        insert into onchain_commitment (commitment_id, kind, incident_id, snapshot_import_id, round_id, root,
                            chain_id, contract, tx_hash, block_number, published_at, recorded_at, source_event_id)
                        values (:id, :kind, :incident, :snapshotImport, :round, :root, :chain, :contract, :tx, :block,
                            :publishedAt, :now, :event)""")
                .setParameter("id", commitment.commitmentId())
                .setParameter("kind", commitment.kind().name())
                .setParameter("incident", commitment.incidentId())
                .setParameter("snapshotImport", snapshotImportId.orElse(null))
                .setParameter("round", commitment.roundId().orElse(null))
                .setParameter("root", commitment.root())
                .setParameter("chain", commitment.chainId())
                .setParameter("contract", commitment.contract())
                .setParameter("tx", commitment.txHash())
                .setParameter("block", commitment.blockNumber())
                .setParameter("publishedAt", commitment.publishedAt())
                .setParameter("now", now)
                .setParameter("event", sourceEventId)
                .executeUpdate();
    }

    /** The commitment already stored under this id, or for this snapshot import or round, if any. */
    public Optional<OnchainCommitment> existing(byte[] commitmentId, CommitmentKind kind, Optional<UUID> snapshotImportId,
                                                Optional<UUID> roundId) {
        return rows("select " + COLUMNS + """
                         from onchain_commitment where commitment_id = :id
                            or (kind = 'SNAPSHOT' and snapshot_import_id = :snapshotImport)
                            or (kind = 'ROUND' and round_id = :round)
                         order by commitment_id = :id desc limit 1""",
                Map.of("id", commitmentId, "snapshotImport", snapshotImportId.orElse(ABSENT),
                        "round", roundId.orElse(ABSENT))).stream().findFirst();
    }

    /** The commitment of the sealed snapshot import, once published. */
    public Optional<OnchainCommitment> ofSnapshot(UUID snapshotImportId) {
        return rows("select " + COLUMNS + " from onchain_commitment where kind = 'SNAPSHOT' and snapshot_import_id = :value",
                Map.of("value", snapshotImportId)).stream().findFirst();
    }

    /** The commitment of the round, once published. */
    public Optional<OnchainCommitment> ofRound(UUID roundId) {
        return ofRounds(List.of(roundId)).values().stream().findFirst();
    }

    /** The commitments of these rounds that are published, by round id. */
    public Map<UUID, OnchainCommitment> ofRounds(Collection<UUID> roundIds) {
        if (roundIds.isEmpty()) {
            return Map.of();
        }
        return rows("select " + COLUMNS + " from onchain_commitment where kind = 'ROUND' and round_id in (:value)",
                Map.of("value", roundIds)).stream()
                .collect(Collectors.toMap(commitment -> commitment.roundId().orElseThrow(), Function.identity()));
    }

    private List<OnchainCommitment> rows(String sql, Map<String, Object> parameters) {
        var query = em().createNativeQuery(sql);
        parameters.forEach(query::setParameter);
        @SuppressWarnings("unchecked")
        List<Object[]> rows = query.getResultList();
        return rows.stream().map(CommitmentStore::toCommitment).toList();
    }

    private static OnchainCommitment toCommitment(Object[] row) {
        Optional<UUID> roundId = Optional.ofNullable(row[3]).map(SqlValues::uuid);
        return new OnchainCommitment((byte[]) row[0], CommitmentKind.valueOf((String) row[1]), SqlValues.uuid(row[2]),
                roundId, Optional.ofNullable(row[10]).map(number -> ((Number) number).intValue()), (byte[]) row[4],
                SqlValues.count(row[5]), (String) row[6], (String) row[7], SqlValues.count(row[8]),
                SqlValues.instant(row[9]));
    }
}
