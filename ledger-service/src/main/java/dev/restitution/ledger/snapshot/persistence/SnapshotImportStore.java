package dev.restitution.ledger.snapshot.persistence;

import dev.restitution.kit.audit.Actor;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.ledger.snapshot.domain.AmountFormat;
import dev.restitution.ledger.snapshot.domain.AssetTotals;
import dev.restitution.ledger.snapshot.domain.FileFormat;
import dev.restitution.ledger.snapshot.domain.ImportRecord;
import dev.restitution.ledger.snapshot.domain.ImportState;
import dev.restitution.ledger.snapshot.domain.Keccak256;
import dev.restitution.ledger.snapshot.domain.LeafVersion;
import dev.restitution.ledger.snapshot.domain.MerkleTree;
import dev.restitution.ledger.snapshot.domain.SealedSnapshot;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;
import org.hibernate.Session;

/**
 * Snapshot imports in PostgreSQL. Progress of a running import is written on short autocommit
 * connections so other requests see it at once; the import's data goes through {@link SnapshotLoad};
 * sealing runs in the caller's JTA transaction on Hibernate's connection.
 */
@ApplicationScoped
public class SnapshotImportStore {

    private static final TypeReference<List<FieldViolation>> VIOLATIONS = new TypeReference<>() {
    };

    private final DataSource dataSource;
    private final EntityManager entityManager;
    private final ObjectMapper json;

    public SnapshotImportStore(DataSource dataSource, EntityManager entityManager, ObjectMapper json) {
        this.dataSource = dataSource;
        this.entityManager = entityManager;
        this.json = json;
    }

    /** The partition of {@code snapshot_row} holding one import's rows. */
    static String partitionOf(UUID importId) {
        return "snapshot_row_" + importId.toString().replace("-", "");
    }

    /**
     * Runs one of the migration's functions that change an import's partition (create, index, attach,
     * drop a superseded one, seal): they run as the tables' owner, which the service's role is not.
     */
    static void callPartitionFunction(Connection connection, String function, UUID importId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select " + function + "(?)")) {
            statement.setObject(1, importId);
            statement.execute();
        }
    }

    static OffsetDateTime timestamp(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    /** One advisory lock per incident, shared by imports and sealing, released when the transaction ends. */
    static boolean tryAdvisoryLock(Connection connection, UUID incidentId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("select pg_try_advisory_xact_lock(?)")) {
            statement.setLong(1, incidentId.getMostSignificantBits() ^ incidentId.getLeastSignificantBits());
            try (ResultSet result = statement.executeQuery()) {
                result.next();
                return result.getBoolean(1);
            }
        }
    }

    public SnapshotLoad beginLoad(UUID incidentId, UUID importId) throws SQLException {
        return SnapshotLoad.begin(dataSource, incidentId, importId);
    }

    // ---- progress of a running import: each write commits at once ----

    public boolean exists(UUID importId) throws SQLException {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("select 1 from snapshot_import where id = ?")) {
            statement.setObject(1, importId);
            try (ResultSet result = statement.executeQuery()) {
                return result.next();
            }
        }
    }

    /** Writes the audit entry of a state change on the change's own connection, in its transaction. */
    public interface Audit {
        void append(Connection connection) throws SQLException;
    }

    /**
     * Opens an import as RECEIVING, committed at once so its progress can be followed, in one
     * transaction with its audit entry. Imports left RECEIVING by a process that died become FAILED
     * first: the caller holds the incident's lock, so none of them runs.
     */
    public void start(UUID importId, UUID incidentId, FileFormat fileFormat, AmountFormat amountFormat,
                      Actor uploadedBy, Instant now, Audit audit) throws SQLException {
        inTransaction(audit, connection -> {
            execute(connection, """
                    update snapshot_import set state = 'FAILED', failure = 'interrupted before it finished',
                        updated_at = ?, finished_at = ? where incident_id = ? and state = 'RECEIVING'""",
                    timestamp(now), timestamp(now), incidentId);
            execute(connection, """
                    insert into snapshot_import (id, incident_id, state, file_format, amount_format, uploaded_by,
                        uploaded_by_username, started_at, updated_at, leaf_version)
                        values (?, ?, 'RECEIVING', ?, ?, ?, ?, ?, ?, ?)""",
                    importId, incidentId, fileFormat.name(), amountFormat.name(), uploadedBy.subjectId(),
                    uploadedBy.username(), timestamp(now), timestamp(now), (short) LeafVersion.CURRENT.number());
        });
    }

    public void progress(UUID importId, long rowsRead, long bytesRead, boolean gzip, Instant now) throws SQLException {
        update("""
                update snapshot_import set rows_read = ?, bytes_read = ?, gzip = ?, updated_at = ?
                where id = ? and state = 'RECEIVING'""", rowsRead, bytesRead, gzip, timestamp(now), importId);
    }

    /** Records a refused file's errors, in one transaction with the audit entry of the refusal. */
    public void reject(UUID importId, List<FieldViolation> errors, long errorCount, long rowsRead, long bytesRead,
                       Instant now, Audit audit) throws SQLException {
        inTransaction(audit, connection -> requireOneRow(execute(connection, """
                update snapshot_import set state = 'REJECTED', errors = ?::jsonb, error_count = ?, rows_read = ?,
                    bytes_read = ?, updated_at = ?, finished_at = ? where id = ? and state = 'RECEIVING'""",
                toJson(errors), errorCount, rowsRead, bytesRead, timestamp(now), timestamp(now), importId), importId));
    }

    /** Records why an import failed, in one transaction with the audit entry of the failure. */
    public void fail(UUID importId, String failure, Instant now, Audit audit) throws SQLException {
        String bounded = failure.length() > 1000 ? failure.substring(0, 1000) : failure;
        inTransaction(audit, connection -> requireOneRow(execute(connection, """
                update snapshot_import set state = 'FAILED', failure = ?, updated_at = ?, finished_at = ?
                where id = ? and state = 'RECEIVING'""", bounded, timestamp(now), timestamp(now), importId), importId));
    }

    private static void requireOneRow(int updated, UUID importId) {
        if (updated != 1) {
            throw new IllegalStateException("import " + importId + " was not RECEIVING; changed " + updated + " rows");
        }
    }

    // ---- reads ----

    public Optional<ImportRecord> find(UUID incidentId, UUID importId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return find(connection, incidentId, importId);
        }
    }

    public Optional<SealedSnapshot> sealed(UUID incidentId) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            return sealed(connection, incidentId);
        }
    }

    public Optional<SealedSnapshot> sealedInTransaction(UUID incidentId) throws SQLException {
        return currentConnection(connection -> sealed(connection, incidentId));
    }

    private static Optional<SealedSnapshot> sealed(Connection connection, UUID incidentId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                     select id, merkle_root, row_count, sealed_by, sealed_at, salt_secret, sealed_by_username, leaf_version
                     from snapshot_import
                     where incident_id = ? and state = 'SEALED'""")) {
            statement.setObject(1, incidentId);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                UUID importId = result.getObject(1, UUID.class);
                return Optional.of(new SealedSnapshot(incidentId, importId, result.getBytes(2), result.getLong(3),
                        totals(connection, importId), Actor.withUsernameIfRecorded(result.getString(4), result.getString(7)),
                        result.getObject(5, OffsetDateTime.class).toInstant(), result.getBytes(6),
                        LeafVersion.of(result.getShort(8))));
            }
        }
    }

    /** A sealed import's rows of one account: row number, asset and amount. */
    public record AccountRow(int rowNo, String asset, BigInteger amount) {
    }

    public List<AccountRow> accountRows(UUID importId, String accountId) throws SQLException {
        List<AccountRow> rows = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select row_no, asset, amount from snapshot_row where import_id = ? and account_id = ? order by asset")) {
            statement.setObject(1, importId);
            statement.setString(2, accountId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(new AccountRow(result.getInt(1), result.getString(2), result.getBigDecimal(3).toBigIntegerExact()));
                }
            }
        }
        return rows;
    }

    /** Of {@code incidentIds}, those whose sealed import holds at least one row of {@code accountId}. */
    public Set<UUID> incidentsHoldingRowsOf(List<UUID> incidentIds, String accountId) throws SQLException {
        Set<UUID> holding = new HashSet<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement("""
                     select i.incident_id from snapshot_import i
                     where i.incident_id = any (?) and i.state = 'SEALED'
                     and exists (select 1 from snapshot_row r where r.import_id = i.id and r.account_id = ?)""")) {
            statement.setArray(1, connection.createArrayOf("uuid", incidentIds.toArray()));
            statement.setString(2, accountId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    holding.add(result.getObject(1, UUID.class));
                }
            }
        }
        return holding;
    }

    /** The rank of row {@code rowNo}'s leaf among the sorted leaves. */
    public int rankOf(UUID importId, int rowNo) throws SQLException {
        int chunk = rowNo / SnapshotLoad.RANKS_PER_CHUNK;
        int offset = (rowNo % SnapshotLoad.RANKS_PER_CHUNK) * Integer.BYTES;
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select substring(ranks from ? for 4) from snapshot_leaf_rank_chunk where import_id = ? and chunk_no = ?")) {
            statement.setInt(1, offset + 1);
            statement.setObject(2, importId);
            statement.setInt(3, chunk);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    throw new IllegalStateException("no leaf rank stored for row " + rowNo + " of import " + importId);
                }
                return ByteBuffer.wrap(result.getBytes(1)).getInt();
            }
        }
    }

    /** Tree nodes by index, each read as a 32-byte slice of its stored chunk. */
    public Map<Integer, byte[]> nodes(UUID importId, int[] indices) throws SQLException {
        Map<Integer, byte[]> nodes = new HashMap<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select substring(nodes from ? for 32) from snapshot_tree_chunk where import_id = ? and chunk_no = ?")) {
            for (int index : new TreeSet<>(java.util.Arrays.stream(indices).boxed().toList())) {
                statement.setInt(1, (index % MerkleTree.NODES_PER_CHUNK) * Keccak256.HASH_BYTES + 1);
                statement.setObject(2, importId);
                statement.setInt(3, index / MerkleTree.NODES_PER_CHUNK);
                try (ResultSet result = statement.executeQuery()) {
                    if (!result.next()) {
                        throw new IllegalStateException("tree node " + index + " of import " + importId + " is not stored");
                    }
                    nodes.put(index, result.getBytes(1));
                }
            }
        }
        return nodes;
    }

    // ---- sealing, in the caller's transaction ----

    /** Takes the incident's import/seal lock in the current JTA transaction; false while an import runs. */
    public boolean tryLockIncidentInTransaction(UUID incidentId) {
        return currentConnection(connection -> tryAdvisoryLock(connection, incidentId));
    }

    public Optional<ImportRecord> findInTransaction(UUID incidentId, UUID importId) {
        return currentConnection(connection -> find(connection, incidentId, importId));
    }

    /**
     * Seals a LOADED import: its record becomes SEALED, and its partition refuses every future insert
     * and update (a CHECK (false) constraint, not validated against the existing rows) and truncation;
     * the triggers of the migration refuse deletes and changes of its tree, ranks and totals.
     */
    public void markSealed(UUID importId, Actor sealedBy, Instant now) {
        currentConnection(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    update snapshot_import set state = 'SEALED', sealed_by = ?, sealed_by_username = ?, sealed_at = ?,
                        updated_at = ?
                    where id = ? and state = 'LOADED'""")) {
                statement.setString(1, sealedBy.subjectId());
                statement.setString(2, sealedBy.username());
                statement.setObject(3, timestamp(now));
                statement.setObject(4, timestamp(now));
                statement.setObject(5, importId);
                if (statement.executeUpdate() != 1) {
                    throw new IllegalStateException("import " + importId + " was not LOADED when sealed");
                }
            }
            callPartitionFunction(connection, "snapshot_partition_seal", importId);
            return null;
        });
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T currentConnection(Work<T> work) {
        return entityManager.unwrap(Session.class).doReturningWork(work::run);
    }

    private Optional<ImportRecord> find(Connection connection, UUID incidentId, UUID importId) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select state, file_format, amount_format, gzip, uploaded_by, started_at, updated_at, finished_at,
                    rows_read, bytes_read, error_count, errors::text, failure, merkle_root, row_count, uploaded_by_username
                from snapshot_import where id = ? and incident_id = ?""")) {
            statement.setObject(1, importId);
            statement.setObject(2, incidentId);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    return Optional.empty();
                }
                boolean gzip = result.getBoolean(4);
                Optional<Boolean> gzipKnown = result.wasNull() ? Optional.empty() : Optional.of(gzip);
                long rowCount = result.getLong(15);
                Optional<Long> rowCountKnown = result.wasNull() ? Optional.empty() : Optional.of(rowCount);
                ImportState state = ImportState.valueOf(result.getString(1));
                return Optional.of(new ImportRecord(importId, incidentId, state,
                        FileFormat.valueOf(result.getString(2)), AmountFormat.valueOf(result.getString(3)), gzipKnown,
                        Actor.withUsernameIfRecorded(result.getString(5), result.getString(16)),
                        result.getObject(6, OffsetDateTime.class).toInstant(),
                        result.getObject(7, OffsetDateTime.class).toInstant(),
                        Optional.ofNullable(result.getObject(8, OffsetDateTime.class)).map(OffsetDateTime::toInstant),
                        result.getLong(9), result.getLong(10), result.getLong(11), fromJson(result.getString(12)),
                        Optional.ofNullable(result.getString(13)), Optional.ofNullable(result.getBytes(14)),
                        rowCountKnown, totals(connection, importId)));
            }
        }
    }

    private static List<AssetTotals.Total> totals(Connection connection, UUID importId) throws SQLException {
        List<AssetTotals.Total> totals = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select asset, total, row_count from snapshot_asset_total where import_id = ? order by asset")) {
            statement.setObject(1, importId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    totals.add(new AssetTotals.Total(result.getString(1), result.getBigDecimal(2).toBigIntegerExact(),
                            result.getLong(3)));
                }
            }
        }
        return totals;
    }

    private void update(String sql, Object... parameters) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            execute(connection, sql, parameters);
        }
    }

    private static int execute(Connection connection, String sql, Object... parameters) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int index = 0; index < parameters.length; index++) {
                statement.setObject(index + 1, parameters[index]);
            }
            return statement.executeUpdate();
        }
    }

    private interface Change {
        void run(Connection connection) throws SQLException;
    }

    /** Runs a state change and its audit entry on one connection and commits both, or neither. */
    private void inTransaction(Audit audit, Change change) throws SQLException {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                change.run(connection);
                audit.append(connection);
                connection.commit();
            } catch (SQLException | RuntimeException failure) {
                connection.rollback();
                throw failure;
            } finally {
                connection.setAutoCommit(true);
            }
        }
    }

    private String toJson(List<FieldViolation> errors) {
        try {
            return json.writeValueAsString(errors);
        } catch (JsonProcessingException impossible) {
            throw new UncheckedIOException(impossible);
        }
    }

    private List<FieldViolation> fromJson(String errors) {
        if (errors == null) {
            return List.of();
        }
        try {
            return json.readValue(errors, VIOLATIONS);
        } catch (JsonProcessingException corrupt) {
            throw new IllegalStateException("stored import errors are not the JSON written", corrupt);
        }
    }
}
