package dev.restitution.ledger.round;

import dev.restitution.kit.chain.AssetId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.round.domain.EntitlementLeaf;
import dev.restitution.ledger.round.domain.EntitlementTree;
import dev.restitution.ledger.round.domain.Round;
import dev.restitution.ledger.round.persistence.EntitlementTreeStore;
import dev.restitution.ledger.snapshot.SnapshotReader;
import dev.restitution.ledger.snapshot.domain.Keccak256;
import dev.restitution.ledger.snapshot.domain.LeafHashes;
import dev.restitution.ledger.snapshot.domain.MerkleTree;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Builds an approved round's entitlement tree (OpenZeppelin StandardMerkleTree of {@link EntitlementLeaf}s,
 * with the snapshot's {@link MerkleTree}) and proves an account's entitlements from the stored tree. Every proof
 * is checked against the root before it is handed out: one that does not verify means the stored tree is
 * corrupt, which stops the request loudly.
 */
@ApplicationScoped
public class EntitlementTrees {

    /** Entitlements read per query while the tree is built. */
    static final int READ_PAGE = 10_000;

    private final EntitlementTreeStore store;
    private final SnapshotReader snapshots;

    public EntitlementTrees(EntitlementTreeStore store, SnapshotReader snapshots) {
        this.store = store;
        this.snapshots = snapshots;
    }

    /** Names the incident's accounts in leaves: salt and commitment from the incident's secret. */
    public record Accounts(byte[] secret) {
        public byte[] salt(String accountId) {
            return EntitlementLeaf.salt(secret, accountId);
        }

        public byte[] commitment(String accountId) {
            return EntitlementLeaf.accountCommitment(salt(accountId), accountId);
        }
    }

    /** The incident's account naming: the sealed snapshot's secret, never sent anywhere. */
    public Accounts accounts(UUID incidentId) {
        return new Accounts(snapshots.sealed(new IncidentId(incidentId)).saltSecret());
    }

    /**
     * Builds and stores the tree of the round's entitlements as they were just written, each leaf holding
     * what its line is entitled to in all up to and including the round; empty when the round entitled nothing.
     */
    Optional<EntitlementTree> build(Round round, Incident incident, Accounts accounts) {
        Map<String, AssetId> assetIds = assetIds(incident);
        LeafHashes hashes = new LeafHashes(MerkleTree.MAX_LEAVES);
        List<UUID> ids = new ArrayList<>();
        List<BigInteger> cumulative = new ArrayList<>();
        UUID after = new UUID(0, 0);
        for (List<EntitlementTreeStore.LeafSource> page = store.leafSources(round.id(), after, READ_PAGE);
             !page.isEmpty(); page = store.leafSources(round.id(), after, READ_PAGE)) {
            for (EntitlementTreeStore.LeafSource source : page) {
                byte[] hash = EntitlementLeaf.ofAccount(accounts.commitment(source.accountId()),
                        assetIds.get(source.asset()), source.cumulative()).hash();
                int ordinal = hashes.reserve();
                System.arraycopy(hash, 0, hashes.page(ordinal), hashes.offset(ordinal), Keccak256.HASH_BYTES);
                hashes.commit();
                ids.add(source.entitlementId());
                cumulative.add(source.cumulative());
            }
            after = page.getLast().entitlementId();
        }
        if (ids.isEmpty()) {
            return Optional.empty();
        }
        MerkleTree tree = MerkleTree.build(hashes);
        store.storeLeaves(ids, cumulative, tree.rankOfOrdinal());
        store.storeTree(round.id(), tree.chunks());
        EntitlementTree built = new EntitlementTree(tree.root(), EntitlementLeaf.FORMAT_VERSION, ids.size());
        if (!store.storeRoot(round.id(), built.root(), built.leafFormat(), built.leaves())) {
            throw new IllegalStateException("round " + round.id() + " is not APPROVED or has a root already");
        }
        return Optional.of(built);
    }

    /** One entitlement with its leaf and the proof that the leaf is in the round's tree. */
    public record LeafProof(EntitlementTreeStore.StoredLeaf entitlement, AssetSpec asset, byte[] salt, EntitlementLeaf leaf,
                            byte[] leafHash, byte[][] proof) {
    }

    /** An account's entitlements in one round, each proven against the round's root. */
    public record AccountProofs(Round round, EntitlementTree tree, String accountId, List<LeafProof> entries) {
    }

    /** The account's entitlements in the round with their proofs; none when the round entitled the account nothing. */
    AccountProofs account(Round round, Incident incident, String accountId) {
        EntitlementTree tree = round.entitlementTree().orElseThrow(() -> ProblemException.notFound(
                "An entitlement tree of round " + round.id() + " (the round is " + round.state()
                        + "; a tree is built when a round is approved)"));
        Accounts accounts = accounts(round.incidentId());
        Map<String, AssetSpec> assets = incident.assets().stream()
                .collect(Collectors.toMap(AssetSpec::symbol, Function.identity()));
        List<LeafProof> entries = new ArrayList<>();
        for (EntitlementTreeStore.StoredLeaf stored : store.leavesOfAccount(round.id(), round.incidentId(), accountId)) {
            entries.add(prove(round, tree, accounts, assets.get(stored.asset()), stored));
        }
        return new AccountProofs(round, tree, accountId, entries);
    }

    private LeafProof prove(Round round, EntitlementTree tree, Accounts accounts, AssetSpec asset,
                            EntitlementTreeStore.StoredLeaf stored) {
        byte[] salt = accounts.salt(stored.accountId());
        EntitlementLeaf leaf = EntitlementLeaf.ofAccount(EntitlementLeaf.accountCommitment(salt, stored.accountId()),
                asset.assetId(), stored.cumulative());
        byte[] leafHash = leaf.hash();
        int leafNode = MerkleTree.leafNode(Math.toIntExact(tree.leaves()), stored.rank());
        int[] proofNodes = MerkleTree.proofNodes(leafNode);
        int[] wanted = Arrays.copyOf(proofNodes, proofNodes.length + 1);
        wanted[proofNodes.length] = leafNode;
        Map<Integer, byte[]> nodes = store.nodes(round.id(), wanted);
        byte[][] proof = Arrays.stream(proofNodes).mapToObj(nodes::get).toArray(byte[][]::new);
        if (!Arrays.equals(nodes.get(leafNode), leafHash)
                || !Arrays.equals(MerkleTree.processProof(leafHash, proof), tree.root())) {
            throw new IllegalStateException("the stored tree of round " + round.id() + " does not prove entitlement "
                    + stored.entitlementId() + ": the tree is corrupt");
        }
        return new LeafProof(stored, asset, salt, leaf, leafHash, proof);
    }

    static Map<String, AssetId> assetIds(Incident incident) {
        return incident.assets().stream().collect(Collectors.toMap(AssetSpec::symbol, AssetSpec::assetId));
    }
}
