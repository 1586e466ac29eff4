package dev.restitution.ledger.snapshot.api;

import dev.restitution.contracts.ledger.api.SnapshotApi;
import dev.restitution.contracts.ledger.model.AccountSnapshot;
import dev.restitution.contracts.ledger.model.AmountFormat;
import dev.restitution.contracts.ledger.model.AssetTotal;
import dev.restitution.contracts.ledger.model.FieldError;
import dev.restitution.contracts.ledger.model.SealRequest;
import dev.restitution.contracts.ledger.model.Snapshot;
import dev.restitution.contracts.ledger.model.SnapshotEntry;
import dev.restitution.contracts.ledger.model.SnapshotFileFormat;
import dev.restitution.contracts.ledger.model.SnapshotImport;
import dev.restitution.contracts.ledger.model.SnapshotImportState;
import dev.restitution.kit.audit.Callers;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.ledger.audit.api.ActorModel;
import dev.restitution.ledger.commitment.api.CommitmentModel;
import dev.restitution.ledger.commitment.persistence.CommitmentStore;
import dev.restitution.ledger.incident.IncidentService;
import dev.restitution.ledger.security.Roles;
import dev.restitution.ledger.snapshot.SnapshotImporter;
import dev.restitution.ledger.snapshot.SnapshotReader;
import dev.restitution.ledger.snapshot.SnapshotSealer;
import dev.restitution.ledger.snapshot.domain.AccountEntry;
import dev.restitution.ledger.snapshot.domain.AssetTotals;
import dev.restitution.ledger.snapshot.domain.FileFormat;
import dev.restitution.ledger.snapshot.domain.ImportRecord;
import dev.restitution.ledger.snapshot.domain.SealedSnapshot;
import dev.restitution.ledger.snapshot.domain.SnapshotLeaves;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.jboss.logging.Logger;

/** Thin adapter between the generated snapshot API and the importer, sealer and reader. */
public class SnapshotResource implements SnapshotApi {

    /** The token claim naming a claimant's exchange account. */
    static final String ACCOUNT_CLAIM = "account_id";
    private static final String NDJSON = "application/x-ndjson";
    private static final Logger LOG = Logger.getLogger(SnapshotResource.class);
    /** Roles that read any account's rows; a claimant reads only their own. */
    private static final List<String> STAFF_READERS = List.of(Roles.INCIDENT_ADMIN, Roles.AUDITOR, Roles.SUPPORT_AGENT,
            Roles.SUPPORT_LEAD, Roles.SERVICE);

    private final SnapshotImporter importer;
    private final SnapshotSealer sealer;
    private final SnapshotReader reader;
    private final JsonWebToken caller;
    private final SecurityIdentity identity;
    private final IncidentService incidents;
    private final CommitmentStore commitments;

    @Context
    UriInfo uriInfo;

    @Context
    HttpHeaders headers;

    public SnapshotResource(SnapshotImporter importer, SnapshotSealer sealer, SnapshotReader reader, JsonWebToken caller,
                            SecurityIdentity identity, IncidentService incidents, CommitmentStore commitments) {
        this.incidents = incidents;
        this.commitments = commitments;
        this.importer = importer;
        this.sealer = sealer;
        this.reader = reader;
        this.caller = caller;
        this.identity = identity;
    }

    @Override
    @RolesAllowed(Roles.INCIDENT_ADMIN)
    public Response uploadSnapshot(UUID incidentId, UUID importId, File body, AmountFormat amountFormat) {
        try {
            ImportRecord record = importer.upload(new IncidentId(incidentId), importId, fileFormat(headers.getMediaType()),
                    dev.restitution.ledger.snapshot.domain.AmountFormat.valueOf(amountFormat.name()), body.toPath(),
                    Callers.of(caller));
            return Response.created(uriInfo.getAbsolutePath()).entity(toModel(record)).build();
        } finally {
            deleteUpload(body);
        }
    }

    @Override
    @RolesAllowed({Roles.INCIDENT_ADMIN, Roles.AUDITOR})
    public Response getSnapshotImport(UUID incidentId, UUID importId) {
        return Response.ok(toModel(reader.importRecord(new IncidentId(incidentId), importId))).build();
    }

    @Override
    @RolesAllowed(Roles.INCIDENT_ADMIN)
    public Response sealSnapshot(UUID incidentId, SealRequest request) {
        return Response.ok(toModel(sealer.seal(new IncidentId(incidentId), request.getImportId(), Callers.of(caller)))).build();
    }

    @Override
    @RolesAllowed({Roles.INCIDENT_ADMIN, Roles.FINANCE_OPERATOR, Roles.FINANCE_APPROVER, Roles.AUDITOR,
            Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.SERVICE})
    public Response getSnapshot(UUID incidentId) {
        return Response.ok(toModel(reader.sealed(new IncidentId(incidentId)))).build();
    }

    @Override
    @RolesAllowed(Roles.CLAIMANT)
    public Response getMySnapshotEntries(UUID incidentId) {
        return Response.ok(toModel(reader.account(new IncidentId(incidentId), ownAccount()))).build();
    }

    @Override
    @RolesAllowed({Roles.INCIDENT_ADMIN, Roles.AUDITOR, Roles.SUPPORT_AGENT, Roles.SUPPORT_LEAD, Roles.SERVICE,
            Roles.CLAIMANT})
    public Response getAccountSnapshotEntries(UUID incidentId, String accountId) {
        boolean staff = STAFF_READERS.stream().anyMatch(identity::hasRole);
        if (!staff && !accountId.equals(ownAccount())) {
            throw new ProblemException(ProblemDetails.of("forbidden", "Forbidden", 403,
                    "A claimant sees only the snapshot rows of their own account."));
        }
        return Response.ok(toModel(reader.account(new IncidentId(incidentId), accountId))).build();
    }

    /** The claimant's exchange account from the token; a claimant token without one is refused. */
    private String ownAccount() {
        Object claim = caller.getClaim(ACCOUNT_CLAIM);
        String accountId = claim == null ? "" : claim.toString();
        if (accountId.isBlank()) {
            throw new ProblemException(ProblemDetails.of("forbidden", "Forbidden", 403,
                    "The token carries no account_id claim, so no snapshot rows belong to it."));
        }
        return accountId;
    }

    private static FileFormat fileFormat(MediaType mediaType) {
        if (mediaType != null && mediaType.isCompatible(MediaType.valueOf(NDJSON))) {
            return FileFormat.NDJSON;
        }
        return FileFormat.CSV;
    }

    /** The body was spooled to a temporary file by Quarkus REST; it is ours to remove once read. */
    private static void deleteUpload(File body) {
        try {
            Files.deleteIfExists(body.toPath());
        } catch (IOException failure) {
            LOG.warnf("could not delete the uploaded file %s: %s", body, failure.getMessage());
        }
    }

    private static String hex(byte[] bytes) {
        return "0x" + HexFormat.of().formatHex(bytes);
    }

    private List<AssetTotal> toModel(UUID incidentId, List<AssetTotals.Total> totals) {
        Map<String, String> assetIds = incidents.assetIds(incidentId);
        return totals.stream().map(total -> new AssetTotal().asset(total.asset()).assetId(assetIds.get(total.asset()))
                .total(total.total().toString()).rows(total.rows())).toList();
    }

    SnapshotImport toModel(ImportRecord record) {
        return new SnapshotImport()
                .id(record.id())
                .incidentId(record.incidentId())
                .state(SnapshotImportState.valueOf(record.state().name()))
                .format(SnapshotFileFormat.valueOf(record.fileFormat().name()))
                .amountFormat(AmountFormat.valueOf(record.amountFormat().name()))
                .gzip(record.gzip().orElse(null))
                .uploadedBy(ActorModel.of(record.uploadedBy()))
                .startedAt(record.startedAt().atOffset(ZoneOffset.UTC))
                .updatedAt(record.updatedAt().atOffset(ZoneOffset.UTC))
                .finishedAt(record.finishedAt().map(at -> at.atOffset(ZoneOffset.UTC)).orElse(null))
                .rowsRead(record.rowsRead())
                .bytesRead(record.bytesRead())
                .rowsPerSecond(record.rowsPerSecond())
                .errorCount(record.errorCount())
                .errors(record.errors().isEmpty() ? null : record.errors().stream()
                        .map(error -> new FieldError().field(error.field()).message(error.message())).toList())
                .failure(record.failure().orElse(null))
                .merkleRoot(record.merkleRoot().map(SnapshotResource::hex).orElse(null))
                .rowCount(record.rowCount().orElse(null))
                .totals(record.totals().isEmpty() ? null : toModel(record.incidentId(), record.totals()));
    }

    Snapshot toModel(SealedSnapshot sealed) {
        return new Snapshot()
                .incidentId(sealed.incidentId())
                .importId(sealed.importId())
                .merkleRoot(hex(sealed.merkleRoot()))
                .leafEncoding(SnapshotLeaves.LEAF_ENCODING)
                .leafFormat(sealed.leafVersion().number())
                .rowCount(sealed.rowCount())
                .totals(toModel(sealed.incidentId(), sealed.totals()))
                .sealedBy(ActorModel.of(sealed.sealedBy()))
                .sealedAt(sealed.sealedAt().atOffset(ZoneOffset.UTC))
                .commitment(commitments.ofSnapshot(sealed.importId()).map(CommitmentModel::of).orElse(null));
    }

    AccountSnapshot toModel(SnapshotReader.AccountSnapshot account) {
        return new AccountSnapshot()
                .incidentId(account.snapshot().incidentId())
                .importId(account.snapshot().importId())
                .accountId(account.accountId())
                .merkleRoot(hex(account.snapshot().merkleRoot()))
                .leafEncoding(SnapshotLeaves.LEAF_ENCODING)
                .leafFormat(account.snapshot().leafVersion().number())
                .entries(account.entries().stream().map(SnapshotResource::toModel).toList())
                .commitment(commitments.ofSnapshot(account.snapshot().importId()).map(CommitmentModel::of).orElse(null));
    }

    private static SnapshotEntry toModel(AccountEntry entry) {
        return new SnapshotEntry()
                .asset(entry.asset())
                .assetId(entry.assetId())
                .amount(entry.amount().toString())
                .decimals(entry.decimals())
                .salt(hex(entry.salt()))
                .accountCommitment(hex(entry.accountCommitment()))
                .leaf(List.of(hex(entry.accountCommitment()), entry.leafAsset(), entry.amount().toString()))
                .leafHash(hex(entry.leafHash()))
                .proof(Arrays.stream(entry.proof()).map(SnapshotResource::hex).toList());
    }
}
