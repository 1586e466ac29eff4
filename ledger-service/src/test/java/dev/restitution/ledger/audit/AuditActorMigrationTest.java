package dev.restitution.ledger.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditChain;
import dev.restitution.kit.audit.AuditEntry;
import dev.restitution.kit.audit.AuditRecord;
import dev.restitution.kit.audit.ConnectionAuditLog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
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
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database migrated by the release before actors had two halves (up to V6) holds audit entries hashed over the
 * actor as one text and rounds proposed by a subject id alone; migrating it on must keep every entry verifying, mark
 * them version 1, and let new entries (version 2) chain onto them.
 */
@QuarkusTest
class AuditActorMigrationTest {

    private static final String LAST_MIGRATION_BEFORE = "6";

    @Inject
    ConnectionAuditLog connectionAudit;

    @Test
    void aDatabaseOfTheReleaseBeforeMigratesAndItsOldEntriesStillVerifyWithNewOnesChainedOn() throws Exception {
        // Why: an upgrade must neither fail on an existing database nor break the chain auditors already verified.
        String schema = "before_actors_" + UUID.randomUUID().toString().replace("-", "");
        flyway(schema, LAST_MIGRATION_BEFORE).migrate();
        Instant at = Instant.parse("2026-11-30T10:00:00.123456Z");
        try (Connection connection = connect(schema)) {
            String first = insertLegacy(connection, 1, at, "fiona-subject (fiona)", AuditChain.GENESIS_HASH);
            insertLegacy(connection, 2, at, "3f2a-subject", first);
        }

        flyway(schema, "latest").migrate();

        try (Connection connection = connect(schema)) {
            connection.setAutoCommit(false);
            connectionAudit.append(connection, new Actor("frank-subject", "frank"), "ROUND_APPROVED", "ROUND", "round-1",
                    null, "{\"state\":\"APPROVED\"}", "after the upgrade");
            connection.commit();
            List<AuditEntry> chain = read(connection);
            assertEquals(List.of(1, 1, 2), chain.stream().map(AuditEntry::version).toList());
            assertEquals(new Actor("fiona-subject", "fiona"), chain.get(0).record().actor());
            assertEquals(new Actor("3f2a-subject", "3f2a-subject"), chain.get(1).record().actor(),
                    "an old entry without a user name shows the subject id again");
            assertEquals(new Actor("frank-subject", "frank"), chain.get(2).record().actor());
            long previousSequence = 0;
            String previousHash = AuditChain.GENESIS_HASH;
            for (AuditEntry entry : chain) {
                assertEquals(Optional.empty(), AuditChain.breakAt(previousSequence, previousHash, entry));
                previousSequence = entry.sequence();
                previousHash = entry.hash();
            }
            try (Statement statement = connection.createStatement();
                 ResultSet round = statement.executeQuery("select count(*) from audit_entry where version = 2 and actor is null")) {
                round.next();
                assertEquals(1, round.getLong(1), "new entries keep the actor in its two columns only");
            }
        } finally {
            try (Connection connection = connect("public"); Statement statement = connection.createStatement()) {
                statement.execute("drop schema " + schema + " cascade");
            }
        }
    }

    private static Flyway flyway(String schema, String target) {
        return Flyway.configure().dataSource(url(), user(), password()).schemas(schema).defaultSchema(schema)
                .placeholders(Map.of("service_role", ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class)))
                .locations("classpath:db/migration").target(target).load();
    }

    private static Connection connect(String schema) throws SQLException {
        Connection connection = DriverManager.getConnection(url(), user(), password());
        try (Statement statement = connection.createStatement()) {
            statement.execute("set search_path to " + schema);
        }
        return connection;
    }

    /** An entry as the release before wrote it: the actor one text, hashed without a version. */
    private static String insertLegacy(Connection connection, long sequence, Instant at, String actor, String previousHash)
            throws Exception {
        String hash = legacyHash(sequence, at, actor, previousHash);
        try (PreparedStatement insert = connection.prepareStatement("""
                insert into audit_entry (sequence, occurred_at, actor, action, subject_type, subject_id, before_state,
                    after_state, reason, previous_hash, hash)
                values (?, ?, ?, 'ROUND_PROPOSED', 'ROUND', 'round-1', null, '{}', 'before the upgrade', ?, ?)""")) {
            insert.setLong(1, sequence);
            insert.setObject(2, at.atOffset(ZoneOffset.UTC));
            insert.setString(3, actor);
            insert.setString(4, previousHash);
            insert.setString(5, hash);
            insert.executeUpdate();
        }
        try (PreparedStatement head = connection.prepareStatement(
                "update audit_chain_head set sequence = ?, hash = ? where singleton")) {
            head.setLong(1, sequence);
            head.setString(2, hash);
            head.executeUpdate();
        }
        return hash;
    }

    private static String legacyHash(long sequence, Instant at, String actor, String previousHash) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        sha256.update(ByteBuffer.allocate(Long.BYTES).putLong(sequence).array());
        for (String value : new String[] {at.toString(), actor, "ROUND_PROPOSED", "ROUND", "round-1"}) {
            field(sha256, value);
        }
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(-1).array());
        for (String value : new String[] {"{}", "before the upgrade", previousHash}) {
            field(sha256, value);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void field(MessageDigest sha256, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha256.update(bytes);
    }

    private static List<AuditEntry> read(Connection connection) throws SQLException {
        List<AuditEntry> entries = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("""
                     select sequence, version, occurred_at, actor, actor_subject_id, actor_username, action, subject_type,
                         subject_id, before_state, after_state, reason, previous_hash, hash
                     from audit_entry order by sequence""")) {
            while (rows.next()) {
                int version = rows.getInt(2);
                if (version == AuditChain.ACTOR_AS_TEXT) {
                    assertNull(rows.getString(5));
                }
                Actor actor = version == AuditChain.ACTOR_AS_TEXT
                        ? Actor.fromText(rows.getString(4))
                        : new Actor(rows.getString(5), rows.getString(6));
                entries.add(new AuditEntry(rows.getLong(1), version,
                        rows.getObject(3, java.time.OffsetDateTime.class).toInstant(),
                        new AuditRecord(actor, rows.getString(7), rows.getString(8), rows.getString(9), rows.getString(10),
                                rows.getString(11), rows.getString(12)), rows.getString(13), rows.getString(14)));
            }
        }
        return entries;
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
