package dev.restitution.ledger.snapshot;

import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.ledger.incident.IncidentService;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.snapshot.domain.AccountEntry;
import dev.restitution.ledger.snapshot.domain.ImportRecord;
import dev.restitution.ledger.snapshot.domain.Keccak256;
import dev.restitution.ledger.snapshot.domain.MerkleTree;
import dev.restitution.ledger.snapshot.domain.SealedSnapshot;
import dev.restitution.ledger.snapshot.domain.SnapshotLeaves;
import dev.restitution.ledger.snapshot.persistence.SnapshotImportStore;
import dev.restitution.ledger.snapshot.persistence.SnapshotProofStore;
import jakarta.enterprise.context.ApplicationScoped;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * Reads imports and the sealed snapshot, and builds an account's inclusion proofs from the stored
 * tree. Every proof is checked against the root before it is handed out: a proof that does not
 * verify means the stored snapshot is corrupt, which stops the request loudly.
 */
@ApplicationScoped
public class SnapshotReader {

    private final IncidentService incidents;
    private final SnapshotImportStore store;
    private final SnapshotProofStore proofs;

    public SnapshotReader(IncidentService incidents, SnapshotImportStore store, SnapshotProofStore proofs) {
        this.proofs = proofs;
        this.incidents = incidents;
        this.store = store;
    }

    /** A sealed snapshot with the rows of one account. */
    public record AccountSnapshot(SealedSnapshot snapshot, String accountId, List<AccountEntry> entries) {
    }

    public ImportRecord importRecord(IncidentId incidentId, UUID importId) {
        incidents.get(incidentId);
        try {
            return store.find(incidentId.value(), importId)
                    .orElseThrow(() -> ProblemException.notFound("Import " + importId + " of incident " + incidentId));
        } catch (SQLException failure) {
            throw new IllegalStateException("reading import " + importId + " failed", failure);
        }
    }

    public SealedSnapshot sealed(IncidentId incidentId) {
        incidents.get(incidentId);
        try {
            return store.sealed(incidentId.value())
                    .orElseThrow(() -> ProblemException.notFound("A sealed snapshot of incident " + incidentId));
        } catch (SQLException failure) {
            throw new IllegalStateException("reading the snapshot of " + incidentId + " failed", failure);
        }
    }

    /** The incident's sealed snapshot, or empty while none is sealed. */
    public Optional<SealedSnapshot> sealedIfAny(IncidentId incidentId) {
        incidents.get(incidentId);
        try {
            return store.sealed(incidentId.value());
        } catch (SQLException failure) {
            throw new IllegalStateException("reading the snapshot of " + incidentId + " failed", failure);
        }
    }

    public AccountSnapshot account(IncidentId incidentId, String accountId) {
        Incident incident = incidents.get(incidentId);
        SealedSnapshot snapshot = sealed(incidentId);
        try {
            SnapshotLeaves leaves = new SnapshotLeaves(snapshot.saltSecret());
            List<AccountEntry> entries = new ArrayList<>();
            for (SnapshotProofStore.AccountRow row : proofs.accountRows(snapshot.importId(), accountId)) {
                entries.add(entry(incident, snapshot, leaves, accountId, row));
            }
            return new AccountSnapshot(snapshot, accountId, entries);
        } catch (SQLException failure) {
            throw new IllegalStateException("reading the snapshot rows of incident " + incidentId + " failed", failure);
        }
    }

    private AccountEntry entry(Incident incident, SealedSnapshot snapshot, SnapshotLeaves leaves, String accountId,
                               SnapshotProofStore.AccountRow row) throws SQLException {
        AssetSpec asset = incident.assets().stream().filter(declared -> declared.symbol().equals(row.asset()))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("snapshot asset " + row.asset() + " is not declared"));
        String leafAsset = snapshot.leafVersion().assetText(asset);
        byte[] salt = new byte[Keccak256.HASH_BYTES];
        byte[] commitment = new byte[Keccak256.HASH_BYTES];
        byte[] leafHash = new byte[Keccak256.HASH_BYTES];
        leaves.salt(row.rowNo(), salt, 0);
        leaves.accountCommitment(salt, 0, accountId, commitment, 0);
        leaves.leafHash(commitment, 0, leafAsset, row.amount(), leafHash, 0);

        int leafCount = Math.toIntExact(snapshot.rowCount());
        int leafNode = MerkleTree.leafNode(leafCount, proofs.rankOf(snapshot.importId(), row.rowNo()));
        int[] proofNodes = MerkleTree.proofNodes(leafNode);
        int[] wanted = Arrays.copyOf(proofNodes, proofNodes.length + 1);
        wanted[proofNodes.length] = leafNode;
        Map<Integer, byte[]> nodes = proofs.nodes(snapshot.importId(), wanted);
        byte[][] proof = Arrays.stream(proofNodes).mapToObj(nodes::get).toArray(byte[][]::new);
        if (!Arrays.equals(nodes.get(leafNode), leafHash)
                || !Arrays.equals(MerkleTree.processProof(leafHash, proof), snapshot.merkleRoot())) {
            throw new IllegalStateException("the stored tree of import " + snapshot.importId()
                    + " does not prove row " + row.rowNo() + ": the snapshot is corrupt");
        }
        return new AccountEntry(row.asset(), asset.assetId().toString(), leafAsset, row.amount(), asset.decimals(), salt,
                commitment, leafHash, proof);
    }
}
