package dev.restitution.claims.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.claims.claim.domain.ClaimAuditChain;
import dev.restitution.claims.claim.persistence.ClaimAuditLog;
import dev.restitution.kit.audit.Actor;
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
import org.junit.jupiter.api.Test;

/**
 * A database migrated by the release before subject ids were recorded (up to V8) holds claim audit entries hashed over
 * the user name alone and a proposal waiting under a user name; migrating it on keeps every chain verifying (version 1),
 * shows the missing subject as {@code unrecorded:<user name>}, and a new entry (version 2) chains onto the old ones.
 */
@QuarkusTest
class ClaimAuditActorMigrationTest {

    private static final String LAST_MIGRATION_BEFORE = "8";

    @Test
    void aDatabaseOfTheReleaseBeforeMigratesAndItsChainsStillVerifyWithNewEntriesChainedOn() throws Exception {
        // Why: an upgrade must neither fail on an existing database nor break the chains claimants and auditors verified.
        String schema = "before_actors_" + UUID.randomUUID().toString().replace("-", "");
        flyway(schema, LAST_MIGRATION_BEFORE).migrate();
        UUID claimId = UUID.randomUUID();
        Instant at = Instant.parse("2026-11-30T10:00:00.123456Z");
        String firstHash = legacyHash(claimId, 1, at, "alice", "OPENED", "{}", "{\"status\":\"DRAFT\"}",
                ClaimAuditChain.GENESIS_HASH);
        try (Connection connection = connect(schema); PreparedStatement insert = connection.prepareStatement("""
                insert into claim_audit (claim_id, sequence, actor, at, action, before_state, after_state, previous_hash, hash)
                values (?, 1, 'alice', ?, 'OPENED', '{}', '{"status":"DRAFT"}', ?, ?)""")) {
            insert.setObject(1, claimId);
            insert.setObject(2, at.atOffset(ZoneOffset.UTC));
            insert.setString(3, ClaimAuditChain.GENESIS_HASH);
            insert.setString(4, firstHash);
            insert.executeUpdate();
        }

        flyway(schema, "latest").migrate();

        try (Connection connection = connect(schema)) {
            ClaimAuditChain.Entry next = ClaimAuditChain.next(claimId, 1, firstHash, at.plusSeconds(5),
                    new Actor("sam-subject", "sam"), "COMMENTED", "{}", "{}");
            try (PreparedStatement insert = connection.prepareStatement("""
                    insert into claim_audit (claim_id, sequence, version, actor_subject_id, actor, at, action, before_state,
                        after_state, previous_hash, hash)
                    values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
                insert.setObject(1, claimId);
                insert.setInt(2, next.sequence());
                insert.setInt(3, next.version());
                insert.setString(4, next.actor().subjectId());
                insert.setString(5, next.actor().username());
                insert.setObject(6, next.at().atOffset(ZoneOffset.UTC));
                insert.setString(7, next.action());
                insert.setString(8, next.before());
                insert.setString(9, next.after());
                insert.setString(10, next.previousHash());
                insert.setString(11, next.hash());
                insert.executeUpdate();
            }
            List<ClaimAuditChain.Entry> chain = read(connection, claimId);
            assertEquals(List.of(1, 2), chain.stream().map(ClaimAuditChain.Entry::version).toList());
            assertEquals(new Actor("unrecorded:alice", "alice"), chain.getFirst().actor());
            assertEquals(new Actor("sam-subject", "sam"), chain.getLast().actor());
            assertTrue(ClaimAuditChain.firstBreak(chain).isEmpty(), () -> ClaimAuditChain.firstBreak(chain).orElseThrow());
        } finally {
            try (Connection connection = connect("public"); Statement statement = connection.createStatement()) {
                statement.execute("drop schema " + schema + " cascade");
            }
        }
    }

    private static List<ClaimAuditChain.Entry> read(Connection connection, UUID claimId) throws SQLException {
        List<ClaimAuditChain.Entry> entries = new ArrayList<>();
        try (PreparedStatement select = connection.prepareStatement("""
                select sequence, version, at, actor_subject_id, actor, action, before_state, after_state, previous_hash, hash
                from claim_audit where claim_id = ? order by sequence""")) {
            select.setObject(1, claimId);
            try (ResultSet rows = select.executeQuery()) {
                while (rows.next()) {
                    entries.add(new ClaimAuditChain.Entry(claimId, rows.getInt(1), rows.getInt(2),
                            rows.getObject(3, OffsetDateTime.class).toInstant(),
                            ClaimAuditLog.actor(rows.getString(4), rows.getString(5)), rows.getString(6), rows.getString(7),
                            rows.getString(8), rows.getString(9), rows.getString(10)));
                }
            }
        }
        return entries;
    }

    /** The hash as the release before computed it: the actor's user name alone, no version field. */
    private static String legacyHash(UUID claimId, int sequence, Instant at, String actor, String action, String before,
                                     String after, String previousHash) throws Exception {
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        field(sha256, claimId.toString());
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(sequence).array());
        for (String value : new String[] {at.toString(), actor, action, before, after, previousHash}) {
            field(sha256, value);
        }
        return HexFormat.of().formatHex(sha256.digest());
    }

    private static void field(MessageDigest sha256, String value) {
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        sha256.update(ByteBuffer.allocate(Integer.BYTES).putInt(bytes.length).array());
        sha256.update(bytes);
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
