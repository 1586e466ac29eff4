package dev.restitution.ledger.snapshot.persistence;

import dev.restitution.ledger.snapshot.domain.Keccak256;
import dev.restitution.ledger.snapshot.domain.MerkleTree;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.UUID;
import javax.sql.DataSource;

/**
 * What an inclusion proof reads of a sealed import: the account's rows, each row's leaf rank and the tree nodes on
 * its path. Reads only, each on a short connection of its own.
 */
@ApplicationScoped
public class SnapshotProofStore {

    private final DataSource dataSource;

    public SnapshotProofStore(DataSource dataSource) {
        this.dataSource = dataSource;
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
}
