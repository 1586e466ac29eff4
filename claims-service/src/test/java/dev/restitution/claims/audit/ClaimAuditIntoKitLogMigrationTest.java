package dev.restitution.claims.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditChain;
import dev.restitution.kit.audit.AuditEntry;
import dev.restitution.kit.audit.AuditRecord;
import io.quarkus.test.junit.QuarkusTest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * A database of the release before the one audit library (claims-service's own migrations up to V10, its entries in
 * its own table claim_audit, hashed in its own two forms) migrates into the kit's audit log: every entry keeps its
 * hash and its chain verifies, read back as the kit reads it; a new entry in the kit's form chains on; the old table
 * is gone. The release before is the service's own migrations up to their last version then (Flyway's target),
 * without the repeatable scripts of today.
 */
@QuarkusTest
class ClaimAuditIntoKitLogMigrationTest {

    private static final String LAST_VERSION_BEFORE = "10";
    private static final String[] PRESENT = {"classpath:db/migration", "classpath:db/kit"};

    @Test
    void theClaimsAuditTableOfTheReleaseBeforeMovesIntoTheKitLogWithEveryChainStillVerifying() throws Exception {
        // Why: an upgrade must neither fail on an existing database nor break the chains claimants and auditors
        // verified, whichever form their entries were hashed in.
        String schema = "before_kit_audit_" + UUID.randomUUID().toString().replace("-", "");
        try {
            Flyway.configure().dataSource(url(), user(), password()).schemas(schema).defaultSchema(schema)
                    .placeholders(placeholders()).locations("classpath:db/migration").target(LAST_VERSION_BEFORE)
                    .repeatableSqlMigrationPrefix("NONE").load().migrate();
            UUID claimId = UUID.randomUUID();
            UUID admissionId = UUID.randomUUID();
            Instant at = Instant.parse("2026-11-30T10:00:00.123456Z");
            String admitted = claimsHash(admissionId, 1, null, "lena", at, "LATE_CLAIM_ADMITTED", "{}",
                    "{\"accountId\":\"a-1\"}", AuditChain.GENESIS_HASH);
            String opened = claimsHash(claimId, 1, null, "alice", at.plusSeconds(1), "OPENED", "{}",
                    "{\"status\":\"DRAFT\"}", AuditChain.GENESIS_HASH);
            String submitted = claimsHash(claimId, 2, "alice-subject", "alice", at.plusSeconds(2), "SUBMITTED",
                    "{\"status\":\"DRAFT\"}", "{\"status\":\"SUBMITTED\"}", opened);
            try (Connection connection = connect(schema)) {
                insertOld(connection, admissionId, 1, 1, null, "lena", at, "LATE_CLAIM_ADMITTED", "{}",
                        "{\"accountId\":\"a-1\"}", AuditChain.GENESIS_HASH, admitted);
                insertOld(connection, claimId, 1, 1, null, "alice", at.plusSeconds(1), "OPENED", "{}",
                        "{\"status\":\"DRAFT\"}", AuditChain.GENESIS_HASH, opened);
                insertOld(connection, claimId, 2, 2, "alice-subject", "alice", at.plusSeconds(2), "SUBMITTED",
                        "{\"status\":\"DRAFT\"}", "{\"status\":\"SUBMITTED\"}", opened, submitted);
            }

            MigrateResult upgrade = flyway(schema).migrate();

            assertTrue(upgrade.success);
            assertTrue(flyway(schema).validateWithResult().validationSuccessful, "the history of the release before stays valid");
            try (Connection connection = connect(schema)) {
                assertEquals(List.of("gone"), texts(connection, "select coalesce(to_regclass('claim_audit')::text, 'gone')"));
                List<AuditEntry> claim = chain(connection, claimId.toString());
                assertEquals(List.of(AuditChain.KEYED_USERNAME_ONLY, AuditChain.KEYED_SUBJECT_AND_USERNAME),
                        claim.stream().map(AuditEntry::version).toList());
                assertEquals(List.of(Actor.unrecordedSubject("alice"), new Actor("alice-subject", "alice")),
                        claim.stream().map(entry -> entry.record().actor()).toList());
                assertEquals(List.of(opened, submitted), claim.stream().map(AuditEntry::hash).toList());
                assertTrue(AuditChain.firstBreak(claim).isEmpty(), () -> AuditChain.firstBreak(claim).orElseThrow());
                List<AuditEntry> admission = chain(connection, admissionId.toString());
                assertEquals("LATE_ADMISSION", admission.getFirst().record().subjectType());
                assertTrue(AuditChain.firstBreak(admission).isEmpty(), () -> AuditChain.firstBreak(admission).orElseThrow());
                assertEquals(List.of("1 " + admissionId, "2 " + claimId, "3 " + claimId), texts(connection,
                        "select sequence || ' ' || chain_key from audit_entry order by sequence"), "the order of writing");

                AuditEntry approved = AuditChain.next(claimId.toString(), 2, submitted, at.plusSeconds(3),
                        new AuditRecord(new Actor("sam-subject", "sam"), "APPROVED", "CLAIM", claimId.toString(),
                                "{\"status\":\"SUBMITTED\"}", "{\"status\":\"APPROVED\"}", "approved")).placedAt(4);
                insertNew(connection, approved);
                List<AuditEntry> goneOn = chain(connection, claimId.toString());
                assertEquals(3, goneOn.size());
                assertTrue(AuditChain.firstBreak(goneOn).isEmpty(), () -> AuditChain.firstBreak(goneOn).orElseThrow());
                assertEquals(List.of("4"), texts(connection,
                        "select sequence from audit_entry where action = 'APPROVED'"), "new entries follow the moved ones");
            }
            assertEquals(0, flyway(schema).migrate().migrationsExecuted, "a second start changes nothing");
        } finally {
            try (Connection connection = connect("public"); Statement statement = connection.createStatement()) {
                statement.execute("drop schema if exists " + schema + " cascade");
            }
        }
    }

    private static void insertOld(Connection connection, UUID chain, int sequence, int version, String subjectId,
                                  String username, Instant at, String action, String before, String after,
                                  String previousHash, String hash) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into claim_audit (claim_id, sequence, version, actor_subject_id, actor, at, action, before_state,
                    after_state, previous_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            insert.setObject(1, chain);
            insert.setInt(2, sequence);
            insert.setInt(3, version);
            insert.setString(4, subjectId);
            insert.setString(5, username);
            insert.setObject(6, at.atOffset(ZoneOffset.UTC));
            insert.setString(7, action);
            insert.setString(8, before);
            insert.setString(9, after);
            insert.setString(10, previousHash);
            insert.setString(11, hash);
            insert.executeUpdate();
        }
    }

    /** As the kit's store writes an entry of a keyed chain, its sequence from the log's sequence. */
    private static void insertNew(Connection connection, AuditEntry entry) throws SQLException {
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into audit_entry (sequence, chain_key, chain_sequence, version, occurred_at, actor_subject_id,
                    actor_username, action, subject_type, subject_id, before_state, after_state, reason, previous_hash, hash)
                values (nextval('audit_entry_keyed_sequence'), ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            AuditRecord record = entry.record();
            insert.setString(1, entry.chainKey());
            insert.setLong(2, entry.chainSequence());
            insert.setInt(3, entry.version());
            insert.setObject(4, entry.occurredAt().atOffset(ZoneOffset.UTC));
            insert.setString(5, record.actor().subjectId());
            insert.setString(6, record.actor().username());
            insert.setString(7, record.action());
            insert.setString(8, record.subjectType());
            insert.setString(9, record.subjectId());
            insert.setString(10, record.before());
            insert.setString(11, record.after());
            insert.setString(12, record.reason());
            insert.setString(13, entry.previousHash());
            insert.setString(14, entry.hash());
            insert.executeUpdate();
        }
    }

    /** A chain read back as the kit's store reads it: the actor by version, forms 3 and 4 with their derived subject. */
    private static List<AuditEntry> chain(Connection connection, String chainKey) throws SQLException {
        List<AuditEntry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select sequence, chain_sequence, version, occurred_at, actor_subject_id, actor_username, action,
                    subject_type, subject_id, before_state, after_state, reason, previous_hash, hash
                from audit_entry where chain_key = ? order by chain_sequence""")) {
            select.setString(1, chainKey);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    int version = rows.getInt(3);
                    Actor actor = Actor.withSubjectIfRecorded(rows.getString(5), rows.getString(6));
                    AuditRecord record = version >= AuditChain.KEYED_USERNAME_ONLY
                            ? AuditChain.keyedLegacyRecord(chainKey, actor, rows.getString(7), rows.getString(10),
                                    rows.getString(11))
                            : new AuditRecord(actor, rows.getString(7), rows.getString(8), rows.getString(9),
                                    rows.getString(10), rows.getString(11), rows.getString(12));
                    if (version >= AuditChain.KEYED_USERNAME_ONLY) {
                        assertEquals(List.of(record.subjectType(), record.subjectId(), record.reason()),
                                List.of(rows.getString(8), rows.getString(9), rows.getString(12)),
                                "the unhashed columns hold what the kit derives");
                    }
                    entries.add(new AuditEntry(rows.getLong(1), chainKey, rows.getLong(2), version,
                            rows.getObject(4, OffsetDateTime.class).toInstant(), record, rows.getString(13),
                            rows.getString(14)));
                }
            }
        }
        return entries;
    }

    /**
     * The hash as the release before computed it (claims-service's ClaimAuditChain): the claim id, a 32-bit sequence,
     * then with a subject id the form's number 2, and time, actor, action, before, after and previous hash.
     */
    private static String claimsHash(UUID chain, int sequence, String subjectId, String username, Instant at,
                                     String action, String before, String after, String previousHash) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        field(sha256, chain.toString());
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(sequence).array());
        List<String> fields = new ArrayList<>();
        if (subjectId != null) {
            sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(2).array());
        }
        fields.add(at.toString());
        if (subjectId != null) {
            fields.add(subjectId);
        }
        fields.addAll(List.of(username, action, before, after, previousHash));
        for (String value : fields) {
            field(sha256, value);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void field(MessageDigest sha256, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha256.update(bytes);
    }

    private static List<String> texts(Connection connection, String sql) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            while (rows.next()) {
                values.add(rows.getString(1));
            }
        }
        return values;
    }

    private static Flyway flyway(String schema) {
        return Flyway.configure().dataSource(url(), user(), password()).schemas(schema).defaultSchema(schema)
                .placeholders(placeholders()).locations(PRESENT).load();
    }

    private static Map<String, String> placeholders() {
        return Map.of("service_role", ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class));
    }

    private static Connection connect(String schema) throws SQLException {
        Connection connection = DriverManager.getConnection(url(), user(), password());
        try (Statement statement = connection.createStatement()) {
            statement.execute("set search_path to " + schema);
        }
        return connection;
    }

    private static String url() {
        return ConfigProvider.getConfig().getValue("quarkus.datasource.jdbc.url", String.class);
    }

    private static String user() {
        // Migrations run as the database's owner, as the service's own start-up runs them.
        return ConfigProvider.getConfig().getValue("quarkus.flyway.username", String.class);
    }

    private static String password() {
        return ConfigProvider.getConfig().getValue("quarkus.flyway.password", String.class);
    }
}
