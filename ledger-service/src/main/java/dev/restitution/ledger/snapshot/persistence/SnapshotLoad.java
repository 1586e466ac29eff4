package dev.restitution.ledger.snapshot.persistence;

import dev.restitution.ledger.snapshot.domain.AssetTotals;
import dev.restitution.ledger.snapshot.domain.MerkleTree;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

/**
 * The database side of one import: a single transaction on its own connection, so nothing of the
 * import is visible until {@link #commit()} and everything vanishes on {@link #rollback()}. Rows go
 * with PostgreSQL's COPY into a table of their own, which becomes the import's partition of
 * {@code snapshot_row} at the end; the unique index built after loading finds duplicate rows.
 */
public final class SnapshotLoad implements AutoCloseable {

    /** Rows of the import: which positions among the sorted leaves they have, 4 bytes each, per chunk. */
    static final int RANKS_PER_CHUNK = 8192;
    private static final int CHUNKS_PER_BATCH = 32;
    private static final String UNIQUE_VIOLATION = "23505";

    /** A row whose (account, asset) an earlier row already has. */
    public record Duplicate(int rowNo, int firstRowNo, String accountId, String asset, long totalDuplicates) {
    }

    private final Connection connection;
    private final UUID incidentId;
    private final UUID importId;
    private final String table;

    private SnapshotLoad(Connection connection, UUID incidentId, UUID importId) {
        this.connection = connection;
        this.incidentId = incidentId;
        this.importId = importId;
        this.table = SnapshotImportStore.partitionOf(importId);
    }

    static SnapshotLoad begin(DataSource dataSource, UUID incidentId, UUID importId) throws SQLException {
        Connection connection = dataSource.getConnection();
        try {
            connection.setAutoCommit(false);
            return new SnapshotLoad(connection, incidentId, importId);
        } catch (SQLException failure) {
            connection.close();
            throw failure;
        }
    }

    /** Only one import or seal of an incident at a time; the lock ends with the transaction or the connection. */
    public boolean tryLockIncident() throws SQLException {
        return SnapshotImportStore.tryAdvisoryLock(connection, incidentId);
    }

    /** The incident's state, or empty when it does not exist; {@code lock} holds it until the end. */
    public Optional<String> incidentState(boolean lock) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "select state from incident where id = ?" + (lock ? " for update" : ""))) {
            statement.setObject(1, incidentId);
            try (ResultSet result = statement.executeQuery()) {
                return result.next() ? Optional.of(result.getString(1)) : Optional.empty();
            }
        }
    }

    /**
     * The table the rows are copied into; its CHECK lets it be attached as a partition without a scan. The
     * service's role owns no table: the migration's function creates it as the owner.
     */
    public void createRowTable() throws SQLException {
        SnapshotImportStore.callPartitionFunction(connection, "snapshot_partition_create", importId);
    }

    public RowCopy startCopy() throws SQLException {
        CopyIn copy = connection.unwrap(PGConnection.class).getCopyAPI()
                .copyIn("copy " + table + " (row_no, account_id, asset, amount) from stdin");
        return new RowCopy(copy);
    }

    /**
     * Builds the (account, asset) unique index, which is also how a claimant's rows are found.
     * Returns the first {@code limit} duplicates (in file order) when there are any, index not built.
     */
    public List<Duplicate> indexOrFindDuplicates(int limit) throws SQLException {
        Savepoint beforeIndex = connection.setSavepoint();
        try {
            SnapshotImportStore.callPartitionFunction(connection, "snapshot_partition_index", importId);
            connection.releaseSavepoint(beforeIndex);
            return List.of();
        } catch (SQLException failure) {
            if (!UNIQUE_VIOLATION.equals(failure.getSQLState())) {
                throw failure;
            }
            connection.rollback(beforeIndex);
        }
        List<Duplicate> duplicates = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement("""
                select row_no, first_row_no, account_id, asset, count(*) over () from (
                    select row_no, account_id, asset, min(row_no) over (partition by account_id, asset) as first_row_no
                    from %s) rows
                where row_no <> first_row_no order by row_no limit ?""".formatted(table))) {
            statement.setInt(1, limit);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    duplicates.add(new Duplicate(result.getInt(1), result.getInt(2), result.getString(3),
                            result.getString(4), result.getLong(5)));
                }
            }
        }
        if (duplicates.isEmpty()) {
            throw new IllegalStateException("the unique index failed but no duplicate row was found in " + table);
        }
        return duplicates;
    }

    public void storeTree(MerkleTree tree) throws SQLException {
        byte[][] chunks = tree.chunks();
        try (PreparedStatement statement = connection.prepareStatement(
                "insert into snapshot_tree_chunk (import_id, chunk_no, nodes) values (?, ?, ?)")) {
            for (int chunk = 0; chunk < chunks.length; chunk++) {
                statement.setObject(1, importId);
                statement.setInt(2, chunk);
                statement.setBytes(3, chunks[chunk]);
                statement.addBatch();
                if ((chunk + 1) % CHUNKS_PER_BATCH == 0) {
                    statement.executeBatch();
                }
            }
            statement.executeBatch();
        }
        int[] ranks = tree.rankOfOrdinal();
        try (PreparedStatement statement = connection.prepareStatement(
                "insert into snapshot_leaf_rank_chunk (import_id, chunk_no, ranks) values (?, ?, ?)")) {
            int chunkCount = (ranks.length + RANKS_PER_CHUNK - 1) / RANKS_PER_CHUNK;
            for (int chunk = 0; chunk < chunkCount; chunk++) {
                int from = chunk * RANKS_PER_CHUNK;
                int to = Math.min(ranks.length, from + RANKS_PER_CHUNK);
                ByteBuffer bytes = ByteBuffer.allocate((to - from) * Integer.BYTES);
                bytes.asIntBuffer().put(ranks, from, to - from);
                statement.setObject(1, importId);
                statement.setInt(2, chunk);
                statement.setBytes(3, bytes.array());
                statement.addBatch();
                if ((chunk + 1) % CHUNKS_PER_BATCH == 0) {
                    statement.executeBatch();
                }
            }
            statement.executeBatch();
        }
    }

    public void storeTotals(List<AssetTotals.Total> totals) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(
                "insert into snapshot_asset_total (import_id, asset, total, row_count) values (?, ?, ?, ?)")) {
            for (AssetTotals.Total total : totals) {
                statement.setObject(1, importId);
                statement.setString(2, total.asset());
                statement.setBigDecimal(3, new java.math.BigDecimal(total.total()));
                statement.setLong(4, total.rows());
                statement.addBatch();
            }
            statement.executeBatch();
        }
    }

    /** Makes the rows the import's partition of snapshot_row (no scan: the CHECK proves the bound). */
    public void attachRows() throws SQLException {
        SnapshotImportStore.callPartitionFunction(connection, "snapshot_partition_attach", importId);
    }

    /** Replaces the incident's LOADED import, if any: its rows, tree and totals are dropped, its record kept as SUPERSEDED. */
    public void supersedePrevious(Instant now) throws SQLException {
        List<UUID> previous = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select id from snapshot_import where incident_id = ? and state = 'LOADED' for update")) {
            statement.setObject(1, incidentId);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    previous.add(result.getObject(1, UUID.class));
                }
            }
        }
        for (UUID old : previous) {
            SnapshotImportStore.callPartitionFunction(connection, "snapshot_partition_drop_loaded", old);
            for (String child : List.of("snapshot_tree_chunk", "snapshot_leaf_rank_chunk", "snapshot_asset_total")) {
                try (PreparedStatement statement = connection.prepareStatement("delete from " + child + " where import_id = ?")) {
                    statement.setObject(1, old);
                    statement.executeUpdate();
                }
            }
            try (PreparedStatement statement = connection.prepareStatement(
                    "update snapshot_import set state = 'SUPERSEDED', updated_at = ? where id = ? and state = 'LOADED'")) {
                statement.setObject(1, SnapshotImportStore.timestamp(now));
                statement.setObject(2, old);
                requireOneRow(statement.executeUpdate(), "supersede import " + old);
            }
        }
    }

    public void markLoaded(byte[] merkleRoot, long rowCount, byte[] saltSecret, long rowsRead, long bytesRead,
                           boolean gzip, Instant now) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                update snapshot_import set state = 'LOADED', merkle_root = ?, row_count = ?, salt_secret = ?,
                    rows_read = ?, bytes_read = ?, gzip = ?, updated_at = ?, finished_at = ?
                where id = ? and state = 'RECEIVING'""")) {
            statement.setBytes(1, merkleRoot);
            statement.setLong(2, rowCount);
            statement.setBytes(3, saltSecret);
            statement.setLong(4, rowsRead);
            statement.setLong(5, bytesRead);
            statement.setBoolean(6, gzip);
            statement.setObject(7, SnapshotImportStore.timestamp(now));
            statement.setObject(8, SnapshotImportStore.timestamp(now));
            statement.setObject(9, importId);
            requireOneRow(statement.executeUpdate(), "mark import " + importId + " loaded");
        }
    }

    /** Appends the audit entry of the load in its transaction: it commits with the rows or vanishes with them. */
    public void audit(SnapshotImportStore.Audit audit) throws SQLException {
        audit.append(connection);
    }

    public void commit() throws SQLException {
        connection.commit();
    }

    public void rollback() throws SQLException {
        connection.rollback();
    }

    @Override
    public void close() throws SQLException {
        try {
            if (!connection.getAutoCommit()) {
                connection.rollback();
                connection.setAutoCommit(true);
            }
        } finally {
            connection.close();
        }
    }

    private static void requireOneRow(int updated, String what) {
        if (updated != 1) {
            throw new IllegalStateException(what + ": expected one row, changed " + updated);
        }
    }

    /** Rows in COPY's text format, buffered and sent in large blocks. */
    public static final class RowCopy {

        private static final int BUFFER_BYTES = 1 << 18;
        private static final int MAX_ROW_BYTES = 11 + 1 + 128 + 1 + 16 + 1 + 78 + 1;

        private final CopyIn copy;
        private final byte[] buffer = new byte[BUFFER_BYTES];
        private int length;

        private RowCopy(CopyIn copy) {
            this.copy = copy;
        }

        /** Account ids and symbols are validated ASCII without tabs, newlines or backslashes: no escaping needed. */
        public void row(int rowNo, String accountId, String asset, BigInteger amount) throws SQLException {
            if (length + MAX_ROW_BYTES > buffer.length) {
                flush();
            }
            length = putAscii(Integer.toString(rowNo), length);
            buffer[length++] = '\t';
            length = putAscii(accountId, length);
            buffer[length++] = '\t';
            length = putAscii(asset, length);
            buffer[length++] = '\t';
            length = putAscii(amount.toString(), length);
            buffer[length++] = '\n';
        }

        /** Ends the COPY; returns the number of rows PostgreSQL stored. */
        public long finish() throws SQLException {
            flush();
            return copy.endCopy();
        }

        public void cancel() throws SQLException {
            if (copy.isActive()) {
                copy.cancelCopy();
            }
        }

        private void flush() throws SQLException {
            if (length > 0) {
                copy.writeToCopy(buffer, 0, length);
                length = 0;
            }
        }

        private int putAscii(String text, int offset) {
            int textLength = text.length();
            for (int index = 0; index < textLength; index++) {
                buffer[offset + index] = (byte) text.charAt(index);
            }
            return offset + textLength;
        }
    }
}
