package dev.restitution.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.audit.AuditEntry;
import dev.restitution.kit.audit.ConnectionAuditLog;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

/**
 * A database migrated by the release before service-kit moves to the kit's layout: its history stays valid (no
 * applied migration changed), the kit's migrations location adds only its repeatable, and the rows of the kit's
 * tables written before (an event not yet published, a processed event, audit entries) stay as they were, with the
 * kit's code working on them. That release's database is made by ledger-service's own migrations up to the last
 * version it shipped ({@value #LAST_VERSION_BEFORE_KIT}), without the kit's location, as it ran them.
 */
@QuarkusTest
class KitMigrationTest {

    /** The last versioned migration of the release before the kit's layout; later ones came with or after it. */
    private static final String LAST_VERSION_BEFORE_KIT = "14.1";
    private static final String[] PRESENT = {"classpath:db/migration", "classpath:db/kit"};
    private static final String KIT_MIGRATION = "kit tables";

    @Inject
    ConnectionAuditLog audit;

    @Test
    void aDatabaseOfTheReleaseBeforeTheKitMigratesWithItsOutboxInboxAndAuditRowsIntact() throws Exception {
        // Why: an upgrade must neither fail on an existing database nor lose an unpublished event, a processed
        // event id or an audit entry auditors already verified.
        String schema = schema("before_kit_");
        try {
            MigrateResult release = configuration(schema, "classpath:db/migration").target(LAST_VERSION_BEFORE_KIT).load()
                    .migrate();
            assertEquals(LAST_VERSION_BEFORE_KIT, release.targetSchemaVersion, "the release's schema, no later version");
            assertFalse(descriptions(release).contains(KIT_MIGRATION), "the release knew no kit location");
            UUID unpublished = UUID.randomUUID();
            UUID processed = UUID.randomUUID();
            OffsetDateTime at = OffsetDateTime.of(2026, 12, 1, 9, 30, 0, 0, ZoneOffset.UTC);
            AuditEntry before;
            try (Connection connection = connect(schema)) {
                connection.setAutoCommit(false);
                execute(connection, "insert into outbox_event (id, topic, message_key, event_type, payload, created_at)"
                        + " values (?, 'restitution.ledger.rounds', 'round-1', 'a.type.v1', '{\"a\":1}', ?)", unpublished, at);
                execute(connection, "insert into processed_event (event_id, event_type, processed_at) values (?, 'b.type.v1', ?)",
                        processed, at);
                before = audit.append(connection, new Actor("fiona-subject", "fiona"), "ROUND_PROPOSED", "ROUND", "round-1",
                        null, "{\"state\":\"PROPOSED\"}", "before the kit");
                connection.commit();
            }

            MigrateResult upgrade = flyway(schema, PRESENT).migrate();

            assertTrue(upgrade.success);
            assertTrue(descriptions(upgrade).contains(KIT_MIGRATION), "the kit's migration is applied: " + descriptions(upgrade));
            assertTrue(flyway(schema, PRESENT).validateWithResult().validationSuccessful,
                    "the history of the release before is the history of the kit's layout");
            try (Connection connection = connect(schema)) {
                assertEquals(List.of(unpublished + " {\"a\":1} unpublished"), rows(connection,
                        "select id || ' ' || payload || ' ' || coalesce(published_at::text, 'unpublished') from outbox_event"));
                assertEquals(List.of(processed + " b.type.v1"), rows(connection,
                        "select event_id || ' ' || event_type from processed_event"));
                assertEquals(List.of(before.sequence() + " " + before.hash()), rows(connection,
                        "select sequence || ' ' || hash from audit_entry"));

                connection.setAutoCommit(false);
                AuditEntry after = audit.append(connection, new Actor("frank-subject", "frank"), "ROUND_APPROVED", "ROUND",
                        "round-1", "{\"state\":\"PROPOSED\"}", "{\"state\":\"APPROVED\"}", "after the kit");
                connection.commit();
                assertEquals(before.sequence() + 1, after.sequence(), "the chain goes on where it stood");
                assertEquals(before.hash(), after.previousHash());

                SQLException refused = assertThrows(SQLException.class,
                        () -> execute(connection, "update audit_entry set reason = 'rewritten'"));
                connection.rollback();
                assertTrue(refused.getMessage().contains("the audit log is append-only"),
                        "the kit's trigger guards the audit log: " + refused.getMessage());
            }
            assertEquals(0, flyway(schema, PRESENT).migrate().migrationsExecuted, "a second start changes nothing");
        } finally {
            drop(schema);
        }
    }

    @Test
    void aNewDatabaseGetsTheKitTablesFromTheServiceAndKitLocations() throws Exception {
        // Why: a new installation must end with the same kit tables as an upgraded one, whichever migration made them.
        String schema = schema("new_");
        try {
            MigrateResult result = flyway(schema, PRESENT).migrate();

            assertTrue(descriptions(result).contains(KIT_MIGRATION), descriptions(result).toString());
            try (Connection connection = connect(schema)) {
                assertEquals(List.of("audit_chain_head", "audit_entry", "outbox_event", "processed_event"), rows(connection, """
                        select table_name from information_schema.tables where table_schema = current_schema()
                        and table_name in ('outbox_event', 'processed_event', 'audit_entry', 'audit_chain_head')
                        order by table_name"""));
                assertEquals(List.of("0"), rows(connection, "select sequence from audit_chain_head"));
            }
        } finally {
            drop(schema);
        }
    }

    private static String schema(String prefix) {
        return prefix + UUID.randomUUID().toString().replace("-", "");
    }

    private static Flyway flyway(String schema, String... locations) {
        return configuration(schema, locations).load();
    }

    private static FluentConfiguration configuration(String schema, String... locations) {
        return Flyway.configure().dataSource(url(), user(), password()).schemas(schema).defaultSchema(schema)
                .placeholders(Map.of("service_role", ConfigProvider.getConfig().getValue("quarkus.datasource.username", String.class)))
                .locations(locations);
    }

    private static List<String> descriptions(MigrateResult result) {
        return result.migrations.stream().map(migration -> migration.description).toList();
    }

    private static void execute(Connection connection, String sql, Object... values) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                statement.setObject(i + 1, values[i]);
            }
            statement.executeUpdate();
        }
    }

    private static List<String> rows(Connection connection, String sql) throws SQLException {
        List<String> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
            while (result.next()) {
                rows.add(result.getString(1));
            }
        }
        return rows;
    }

    private static Connection connect(String schema) throws SQLException {
        Connection connection = DriverManager.getConnection(url(), user(), password());
        try (Statement statement = connection.createStatement()) {
            statement.execute("set search_path to " + schema);
        }
        return connection;
    }

    private static void drop(String schema) throws SQLException {
        try (Connection connection = connect("public"); Statement statement = connection.createStatement()) {
            statement.execute("drop schema if exists " + schema + " cascade");
        }
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
