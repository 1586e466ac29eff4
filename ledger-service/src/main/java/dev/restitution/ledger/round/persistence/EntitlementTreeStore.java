package dev.restitution.ledger.round.persistence;

import static dev.restitution.kit.persistence.SqlValues.amount;

import dev.restitution.kit.persistence.SqlValues;
import dev.restitution.ledger.snapshot.domain.Keccak256;
import dev.restitution.ledger.snapshot.domain.MerkleTree;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import org.hibernate.Session;

/**
 * A round's entitlement tree as stored: the leaf of each entitlement (cumulative amount and rank), the
 * tree's nodes in chunks, the root on the round. Written once, in the approval's transaction; rows never
 * leave this package.
 */
@ApplicationScoped
public class EntitlementTreeStore {

    /** Entitlements whose leaf is written per statement. */
    private static final int LEAVES_PER_UPDATE = 10_000;

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    /** What a leaf is made of: the entitlement, its line's account and asset, and what the line is entitled to in all. */
    public record LeafSource(UUID entitlementId, String accountId, String asset, BigInteger cumulative) {
    }

    /**
     * A round's entitlements after {@code afterId} in id order, at most {@code limit}, each with its line's
     * entitled amount as it is now: read right after the round entitled the lines, that is the cumulative
     * amount up to and including the round.
     */
    public List<LeafSource> leafSources(UUID roundId, UUID afterId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select entitlement.id, line.account_id, entitlement.asset, line.entitled
                        from entitlement join claim_line line on line.line_id = entitlement.line_id
                        where entitlement.round_id = :round and entitlement.id > :after
                        order by entitlement.id limit :limit""")
                .setParameter("round", roundId)
                .setParameter("after", afterId)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(row -> new LeafSource(SqlValues.uuid(row[0]), (String) row[1], (String) row[2],
                amount(row[3]))).toList();
    }

    /** Writes each entitlement's leaf (cumulative amount and rank), a batch per statement; checks every row was written. */
    public void storeLeaves(List<UUID> ids, List<BigInteger> cumulative, int[] ranks) {
        if (ids.size() != cumulative.size() || ids.size() != ranks.length) {
            throw new IllegalArgumentException("ids, amounts and ranks differ in count");
        }
        em().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    update entitlement set cumulative = leaf.cumulative, leaf_rank = leaf.rank
                    from unnest(?::uuid[], ?::numeric[], ?::int[]) as leaf(id, cumulative, rank)
                    where entitlement.id = leaf.id and entitlement.leaf_rank is null""")) {
                for (int from = 0; from < ids.size(); from += LEAVES_PER_UPDATE) {
                    int to = Math.min(ids.size(), from + LEAVES_PER_UPDATE);
                    Array idArray = connection.createArrayOf("uuid", ids.subList(from, to).toArray());
                    Array amountArray = connection.createArrayOf("numeric",
                            cumulative.subList(from, to).stream().map(BigDecimal::new).toArray());
                    Array rankArray = connection.createArrayOf("int",
                            Arrays.stream(ranks, from, to).boxed().toArray());
                    statement.setArray(1, idArray);
                    statement.setArray(2, amountArray);
                    statement.setArray(3, rankArray);
                    int updated = statement.executeUpdate();
                    if (updated != to - from) {
                        throw new IllegalStateException("wrote the leaves of " + updated + " of " + (to - from)
                                + " entitlements");
                    }
                }
            }
        });
    }

    /** Stores the tree's nodes, chunk {@code c} holding nodes {@code c * MerkleTree.NODES_PER_CHUNK} onward. */
    public void storeTree(UUID roundId, byte[][] chunks) {
        em().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement(
                    "insert into round_tree_chunk (round_id, chunk_no, nodes) values (?, ?, ?)")) {
                for (int chunk = 0; chunk < chunks.length; chunk++) {
                    statement.setObject(1, roundId);
                    statement.setInt(2, chunk);
                    statement.setBytes(3, chunks[chunk]);
                    statement.addBatch();
                }
                statement.executeBatch();
            }
        });
    }

    /** Records the round's root; false when the round is not APPROVED or has a root already. */
    public boolean storeRoot(UUID roundId, byte[] root, int leafFormat, long leaves) {
        return em().createNativeQuery("""
                        update distribution_round set entitlement_root = :root, entitlement_leaf_format = :format,
                            entitlement_leaves = :leaves
                        where id = :id and state = 'APPROVED' and entitlement_root is null""")
                .setParameter("root", root)
                .setParameter("format", (short) leafFormat)
                .setParameter("leaves", leaves)
                .setParameter("id", roundId)
                .executeUpdate() == 1;
    }

    /**
     * An entitlement's leaf as stored, with what the proof shows beside it, and the trace its line was booked in
     * (the claim's trace; empty for a line booked without one).
     */
    public record StoredLeaf(UUID entitlementId, UUID claimId, UUID lineId, String accountId, String asset,
                             BigInteger amount, BigInteger cumulative, int rank, String payoutAddress,
                             Optional<String> traceParent) {
    }

    /** The leaves of one account's entitlements in a round (none when the round has no tree), by asset. */
    public List<StoredLeaf> leavesOfAccount(UUID roundId, UUID incidentId, String accountId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select entitlement.id, line.claim_id, entitlement.line_id, line.account_id, entitlement.asset,
                            entitlement.amount, entitlement.cumulative, entitlement.leaf_rank, line.payout_address,
                            line.trace_parent
                        from claim_line line join entitlement on entitlement.line_id = line.line_id
                        where line.incident_id = :incident and line.account_id = :account
                            and entitlement.round_id = :round and entitlement.leaf_rank is not null
                        order by entitlement.asset, entitlement.id""")
                .setParameter("incident", incidentId)
                .setParameter("account", accountId)
                .setParameter("round", roundId)
                .getResultList();
        return rows.stream().map(EntitlementTreeStore::toLeaf).toList();
    }

    /** A round's leaves after {@code afterId} in id order, at most {@code limit}, as the events carry them. */
    public List<StoredLeaf> leaves(UUID roundId, UUID afterId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select entitlement.id, line.claim_id, entitlement.line_id, line.account_id, entitlement.asset,
                            entitlement.amount, entitlement.cumulative, entitlement.leaf_rank, line.payout_address,
                            line.trace_parent
                        from entitlement join claim_line line on line.line_id = entitlement.line_id
                        where entitlement.round_id = :round and entitlement.id > :after
                        order by entitlement.id limit :limit""")
                .setParameter("round", roundId)
                .setParameter("after", afterId)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(EntitlementTreeStore::toLeaf).toList();
    }

    private static StoredLeaf toLeaf(Object[] row) {
        if (row[6] == null || row[7] == null) {
            throw new IllegalStateException("entitlement " + row[0] + " has no leaf although its round has a tree");
        }
        return new StoredLeaf(SqlValues.uuid(row[0]), SqlValues.uuid(row[1]), SqlValues.uuid(row[2]), (String) row[3],
                (String) row[4], amount(row[5]), amount(row[6]), ((Number) row[7]).intValue(),
                ((String) row[8]).trim(), Optional.ofNullable((String) row[9]));
    }

    /** Tree nodes of a round by index, each read as a 32-byte slice of its stored chunk. */
    public Map<Integer, byte[]> nodes(UUID roundId, int[] indices) {
        Map<Integer, byte[]> nodes = new HashMap<>();
        for (int index : new TreeSet<>(Arrays.stream(indices).boxed().toList())) {
            List<?> found = em().createNativeQuery("""
                            select substring(nodes from :from for 32) from round_tree_chunk
                            where round_id = :round and chunk_no = :chunk""")
                    .setParameter("from", (index % MerkleTree.NODES_PER_CHUNK) * Keccak256.HASH_BYTES + 1)
                    .setParameter("round", roundId)
                    .setParameter("chunk", index / MerkleTree.NODES_PER_CHUNK)
                    .getResultList();
            byte[] node = found.stream().findFirst().map(byte[].class::cast)
                    .filter(bytes -> bytes.length == Keccak256.HASH_BYTES)
                    .orElseThrow(() -> new IllegalStateException("tree node " + index + " of round " + roundId
                            + " is not stored"));
            nodes.put(index, node);
        }
        return nodes;
    }
}
