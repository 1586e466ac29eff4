package dev.restitution.ledger.snapshot;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditStates;
import dev.restitution.kit.audit.ConnectionAuditLog;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.money.Uint256;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import dev.restitution.ledger.config.LedgerConfig;
import dev.restitution.ledger.incident.IncidentService;
import dev.restitution.ledger.incident.domain.AssetSpec;
import dev.restitution.ledger.incident.domain.Incident;
import dev.restitution.ledger.incident.domain.IncidentState;
import dev.restitution.ledger.snapshot.domain.AmountFormat;
import dev.restitution.ledger.snapshot.domain.AssetTotals;
import dev.restitution.ledger.snapshot.domain.BalanceFileReader;
import dev.restitution.ledger.snapshot.domain.FileFormat;
import dev.restitution.ledger.snapshot.domain.ImportErrors;
import dev.restitution.ledger.snapshot.domain.ImportRecord;
import dev.restitution.ledger.snapshot.domain.ImportState;
import dev.restitution.ledger.snapshot.domain.LeafHashes;
import dev.restitution.ledger.snapshot.domain.LeafVersion;
import dev.restitution.ledger.snapshot.domain.MerkleTree;
import dev.restitution.ledger.snapshot.domain.RowChecks;
import dev.restitution.ledger.snapshot.domain.SnapshotLeaves;
import dev.restitution.ledger.snapshot.persistence.SnapshotImportStore;
import dev.restitution.ledger.snapshot.persistence.SnapshotLoad;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.ZipException;
import org.jboss.logging.Logger;

/**
 * Imports a balances file into an incident's snapshot in one pass: each line is parsed, checked,
 * hashed into its Merkle leaf and streamed to PostgreSQL with COPY, all inside one database
 * transaction that commits only if the whole file is valid. Progress (rows, bytes) is written about
 * once a second on the side, so callers can poll it while the upload runs.
 *
 * <p>The audit log records the start and the outcome (loaded, rejected or failed) of every import,
 * each entry in the transaction of the change it records. The start commits with the RECEIVING
 * import before any row is read, so progress can be followed. LOADED is appended on the load's own
 * connection just before it commits: the entry exists exactly when the rows do, and the audit chain's
 * head is locked only for that last moment, not for the whole import. A rejected or failed import
 * rolls its load back, so its entry commits with the REJECTED or FAILED import record instead.
 */
@ApplicationScoped
public class SnapshotImporter {

    private static final Logger LOG = Logger.getLogger(SnapshotImporter.class);
    private static final int ROWS_BETWEEN_CLOCK_CHECKS = 4096;
    /**
     * Leaves are hashed beside the reading thread, on as many threads as there are cores (at least
     * two): five keccak permutations a row make hashing the import's largest cost, and the reader and
     * PostgreSQL's COPY spend part of their time waiting for it.
     */
    private static final int HASHER_THREADS = Math.max(2, Runtime.getRuntime().availableProcessors());

    private final IncidentService incidents;
    private final SnapshotImportStore store;
    private final LedgerConfig.Snapshot config;
    private final ConnectionAuditLog audit;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public SnapshotImporter(IncidentService incidents, SnapshotImportStore store, LedgerConfig config, ConnectionAuditLog audit,
                            Clock clock) {
        this.incidents = incidents;
        this.store = store;
        this.config = config.snapshot();
        this.audit = audit;
        this.clock = clock;
    }

    public ImportRecord upload(IncidentId incidentId, UUID importId, FileFormat fileFormat, AmountFormat amountFormat,
                               Path file, Actor uploadedBy) {
        Incident incident = incidents.get(incidentId);
        try {
            long size = Files.size(file);
            if (size > config.maxUploadBytes()) {
                throw new ProblemException(ProblemDetails.of("payload-too-large", "Payload too large", 413,
                        "The file has " + size + " bytes; at most " + config.maxUploadBytes() + " are accepted."));
            }
            try (SnapshotLoad load = store.beginLoad(incidentId.value(), importId)) {
                checkMayStart(load, incident, importId);
                Instant startedAt = clock.instant();
                store.start(importId, incidentId.value(), fileFormat, amountFormat, uploadedBy, startedAt,
                        connection -> audit.append(connection, uploadedBy, "SNAPSHOT_IMPORT_STARTED", "SNAPSHOT_IMPORT",
                                importId.toString(), null, AuditStates.json(Map.of("state", ImportState.RECEIVING.name(),
                                        "incidentId", incidentId.toString(), "fileFormat", fileFormat.name(),
                                        "amountFormat", amountFormat.name(), "bytes", size)),
                                "balances file uploaded"));
                Run run = new Run(incident, importId, fileFormat, amountFormat, load, uploadedBy);
                try {
                    run.execute(file);
                } catch (RuntimeException | SQLException | IOException failure) {
                    load.rollback();
                    recordFailure(importId, failure, uploadedBy);
                    throw failure;
                }
            }
            return store.find(incidentId.value(), importId)
                    .orElseThrow(() -> new IllegalStateException("import " + importId + " vanished after loading"));
        } catch (SQLException | IOException failure) {
            throw new IllegalStateException("import " + importId + " of incident " + incidentId + " failed", failure);
        }
    }

    private void checkMayStart(SnapshotLoad load, Incident incident, UUID importId) throws SQLException {
        if (!load.tryLockIncident()) {
            throw ProblemException.conflict("import-running",
                    "Another import or a seal of incident " + incident.id() + " is running; try again when it has finished.");
        }
        requireDeclared(load.incidentState(false).orElseThrow(() -> ProblemException.notFound("Incident " + incident.id())),
                incident.id());
        if (store.exists(importId)) {
            throw ProblemException.conflict("import-exists",
                    "Import " + importId + " already exists; every upload takes a new import id.");
        }
    }

    private static void requireDeclared(String state, IncidentId incidentId) {
        if (!IncidentState.DECLARED.name().equals(state)) {
            throw ProblemException.conflict("snapshot-sealed", "Incident " + incidentId + " is " + state
                    + ": its snapshot is sealed and never changes.");
        }
    }

    /**
     * Records why the import ended without loading (its rows are gone) in the import row and the audit
     * log. A refused file (400) was recorded as REJECTED when it was refused.
     */
    private void recordFailure(UUID importId, Exception failure, Actor uploadedBy) {
        if (failure instanceof ProblemException problem && problem.problem().status() == 400) {
            return;
        }
        String why = failure instanceof ProblemException problem ? problem.problem().detail()
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        try {
            store.fail(importId, why, clock.instant(), connection -> audit.append(connection, uploadedBy,
                    "SNAPSHOT_IMPORT_FAILED", "SNAPSHOT_IMPORT", importId.toString(),
                    AuditStates.json(Map.of("state", ImportState.RECEIVING.name())),
                    AuditStates.json(Map.of("state", ImportState.FAILED.name())),
                    why.length() > 2000 ? why.substring(0, 2000) : why));
        } catch (SQLException | RuntimeException unrecorded) {
            LOG.errorf(unrecorded, "could not record the failure of import %s", importId);
        }
    }

    /** One import from start to commit; not reused. */
    private final class Run {
        private final Incident incident;
        private final UUID importId;
        private final FileFormat fileFormat;
        private final SnapshotLoad load;
        private final Actor uploadedBy;
        private final ImportErrors errors = new ImportErrors(config.maxReportedErrors());
        private final RowChecks checks;
        private final AssetTotals totals;
        private final SnapshotLeaves leaves;
        private final LeafHashes leafHashes = new LeafHashes(config.maxRows());
        private final ParallelLeafHasher hasher;
        /** Per symbol, the asset string its leaves hold in the current leaf format. */
        private final Map<String, String> leafAssets = new HashMap<>();
        private UploadStreams.Counting consumed;
        private boolean gzip;
        private long rowsRead;
        private long nextProgressNanos;

        Run(Incident incident, UUID importId, FileFormat fileFormat, AmountFormat amountFormat, SnapshotLoad load,
            Actor uploadedBy) {
            this.incident = incident;
            this.uploadedBy = uploadedBy;
            this.importId = importId;
            this.fileFormat = fileFormat;
            this.load = load;
            Map<String, Integer> decimals = new LinkedHashMap<>();
            incident.assets().forEach(asset -> decimals.put(asset.symbol(), asset.decimals()));
            incident.assets().forEach(asset -> leafAssets.put(asset.symbol(), LeafVersion.CURRENT.assetText(asset)));
            this.checks = new RowChecks(decimals, amountFormat, errors);
            this.totals = new AssetTotals(incident.assets().stream().map(AssetSpec::symbol).toList());
            byte[] secret = new byte[SnapshotLeaves.SECRET_BYTES];
            random.nextBytes(secret);
            this.leaves = new SnapshotLeaves(secret);
            this.hasher = new ParallelLeafHasher(leafHashes, secret, HASHER_THREADS);
        }

        void execute(Path file) throws SQLException, IOException {
            long started = System.nanoTime();
            load.createRowTable();
            SnapshotLoad.RowCopy copy = load.startCopy();
            long copied;
            try (hasher) {
                try {
                    readFile(file, copy);
                    hasher.finish();
                } catch (RuntimeException | SQLException | IOException failure) {
                    copy.cancel();
                    throw failure;
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    copy.cancel();
                    throw new IllegalStateException("interrupted while importing", interrupted);
                }
                copied = copy.finish();
            }
            long read = System.nanoTime();
            if (errors.isEmpty()) {
                reportOverflowingTotals();
            }
            if (errors.isEmpty()) {
                reportDuplicates(load.indexOrFindDuplicates(config.maxReportedErrors()));
            }
            if (!errors.isEmpty()) {
                reject();
            }
            if (copied != leafHashes.count()) {
                throw new IllegalStateException("COPY stored " + copied + " rows but " + leafHashes.count() + " were hashed");
            }
            long indexed = System.nanoTime();
            MerkleTree tree = MerkleTree.build(leafHashes);
            long built = System.nanoTime();
            load.storeTree(tree);
            load.storeTotals(totals.totals());
            load.attachRows();
            requireDeclared(load.incidentState(true).orElseThrow(), incident.id());
            Instant finishedAt = clock.instant();
            load.supersedePrevious(finishedAt);
            load.markLoaded(tree.root(), tree.leafCount(), leaves.secret(), rowsRead, consumed.count(), gzip, finishedAt);
            load.audit(connection -> audit.append(connection, uploadedBy, "SNAPSHOT_IMPORT_LOADED", "SNAPSHOT_IMPORT",
                    importId.toString(), AuditStates.json(Map.of("state", ImportState.RECEIVING.name())),
                    AuditStates.json(ImportStates.loaded(rowsRead, tree.root(), totals.totals())), "every row valid; ready to seal"));
            load.commit();
            long committed = System.nanoTime();
            LOG.infof("import %s of incident %s loaded: %d rows, root %s; read, hash and COPY %d ms, unique index %d ms,"
                            + " tree %d ms, store and commit %d ms", importId, incident.id(), tree.leafCount(),
                    java.util.HexFormat.of().formatHex(tree.root()), millis(started, read), millis(read, indexed),
                    millis(indexed, built), millis(built, committed));
        }

        /** An asset whose rows add up past 2^256-1 could never be owed, booked or paid as one total. */
        private void reportOverflowingTotals() {
            totals.totals().stream().filter(total -> !Uint256.fits(total.total())).forEach(total -> errors.add("file",
                    "the amounts of " + total.asset() + " add up to " + total.total() + ", above 2^256-1 minor units"));
        }

        private static long millis(long fromNanos, long toNanos) {
            return (toNanos - fromNanos) / 1_000_000;
        }

        private void readFile(Path file, SnapshotLoad.RowCopy copy) throws IOException, SQLException {
            try (InputStream raw = Files.newInputStream(file)) {
                consumed = new UploadStreams.Counting(raw);
                BufferedInputStream buffered = new BufferedInputStream(consumed, 1 << 16);
                gzip = UploadStreams.isGzip(buffered);
                InputStream content = UploadStreams.decompressed(buffered, gzip, config.maxUncompressedBytes());
                BalanceFileReader reader = new BalanceFileReader(content, fileFormat, errors, config.maxRows());
                nextProgressNanos = System.nanoTime() + config.progressInterval().toNanos();
                reader.read((rowNo, line, accountId, asset, amountText) -> row(copy, rowNo, line, accountId, asset, amountText));
            } catch (UploadStreams.TooLargeException tooLarge) {
                errors.add("file", tooLarge.getMessage());
            } catch (ZipException | java.io.EOFException corrupt) {
                errors.add("file", "the gzip stream is corrupt or cut short: " + corrupt.getMessage());
            } catch (RowFailure failure) {
                throw failure.getCause();
            }
        }

        private void row(SnapshotLoad.RowCopy copy, int rowNo, long line, String accountId, String asset, String amountText) {
            rowsRead++;
            BigInteger amount = checks.check(line, accountId, asset, amountText);
            if (amount != null) {
                try {
                    copy.row(rowNo, accountId, asset, amount);
                } catch (SQLException failure) {
                    throw new RowFailure(failure);
                }
                if (errors.isEmpty()) {
                    int ordinal = hasher.add(accountId, leafAssets.get(asset), amount);
                    if (ordinal != rowNo) {
                        throw new IllegalStateException("leaf " + ordinal + " belongs to row " + rowNo);
                    }
                    totals.add(asset, amount);
                }
            }
            if (rowsRead % ROWS_BETWEEN_CLOCK_CHECKS == 0 && System.nanoTime() >= nextProgressNanos) {
                writeProgress();
            }
        }

        private void writeProgress() {
            try {
                store.progress(importId, rowsRead, consumed.count(), gzip, clock.instant());
            } catch (SQLException failure) {
                throw new RowFailure(failure);
            }
            nextProgressNanos = System.nanoTime() + config.progressInterval().toNanos();
        }

        private void reportDuplicates(List<SnapshotLoad.Duplicate> duplicates) {
            long firstDataLine = fileFormat == FileFormat.CSV ? 2 : 1;
            for (SnapshotLoad.Duplicate duplicate : duplicates) {
                errors.add(duplicate.rowNo() + firstDataLine, null, "duplicate of line " + (duplicate.firstRowNo() + firstDataLine)
                        + ": account " + duplicate.accountId() + " and asset " + duplicate.asset() + " appear twice");
            }
            if (!duplicates.isEmpty()) {
                errors.countUnlisted(duplicates.getFirst().totalDuplicates() - duplicates.size());
            }
        }

        /** Rolls the load back (nothing of it survives), records the errors and answers 400 with the first of them. */
        private void reject() throws SQLException {
            load.rollback();
            Instant now = clock.instant();
            List<FieldViolation> reported = errors.reported();
            Map<String, Object> after = new LinkedHashMap<>();
            after.put("state", ImportState.REJECTED.name());
            after.put("errors", reported.stream().map(error -> error.field() + ": " + error.message()).toList());
            String why = "The file has " + errors.count() + " error(s)" + (errors.count() > reported.size()
                    ? ", the first " + reported.size() + " are listed" : "") + "; nothing of it was imported.";
            store.reject(importId, reported, errors.count(), rowsRead, consumed == null ? 0 : consumed.count(), now,
                    connection -> audit.append(connection, uploadedBy, "SNAPSHOT_IMPORT_REJECTED", "SNAPSHOT_IMPORT",
                            importId.toString(), AuditStates.json(Map.of("state", ImportState.RECEIVING.name())),
                            AuditStates.json(after), why));
            throw new ProblemException(new ProblemDetails(ProblemDetails.TYPE_PREFIX + "invalid-file", "Invalid file", 400,
                    why, reported));
        }
    }
}
