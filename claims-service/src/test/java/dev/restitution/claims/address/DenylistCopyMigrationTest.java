package dev.restitution.claims.address;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.claims.address.persistence.DenylistCopyStore;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.UUID;
import org.eclipse.microprofile.config.ConfigProvider;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

/**
 * A database of the release whose claims-service kept its own denylist per incident (up to V9) migrates on with
 * those entries in the copy of payout-service's denylist, as inherited entries that still refuse their addresses
 * on every chain of their incident.
 */
@QuarkusTest
class DenylistCopyMigrationTest {

    private static final String LAST_MIGRATION_BEFORE = "9";

    @Inject
    DenylistCopyStore copy;

    @Test
    void claimsOwnDenylistEntriesBecomeInheritedEntriesOfTheCopyThatStillRefuseTheirAddresses() throws Exception {
        // Why: an upgrade must not let an address an incident-admin listed in claims-service be named as a payout address.
        String schema = "before_denylist_copy_" + UUID.randomUUID().toString().replace("-", "");
        flyway(schema, LAST_MIGRATION_BEFORE).migrate();
        UUID incidentId = UUID.randomUUID();
        String address = "0x" + "5c".repeat(20);
        try (Connection connection = connect(schema); Statement statement = connection.createStatement()) {
            statement.execute("""
                    insert into incident (id, exchange, title, cutoff_at, learnt_at)
                    values ('%s', 'CoinEx', 'Hot wallet breach', now(), now())""".formatted(incidentId));
            statement.execute("""
                    insert into denylist_entry (incident_id, address, reason, added_by, added_by_subject_id, added_at)
                    values ('%s', '%s', 'attacker collection address', 'ian', 'ian-subject', now())"""
                    .formatted(incidentId, address));
        }

        flyway(schema, "latest").migrate();

        try (Connection connection = connect(schema); PreparedStatement select = connection.prepareStatement("""
                select chain_id, incident_id, origin, reason from denylist_copy where address = ?""")) {
            select.setString(1, address);
            try (ResultSet rows = select.executeQuery()) {
                assertTrue(rows.next());
                assertEquals(null, rows.getObject(1));
                assertEquals(incidentId, rows.getObject(2));
                assertEquals("INHERITED", rows.getString(3));
                assertEquals("attacker collection address", rows.getString(4));
                assertFalse(rows.next());
            }
            try (Statement statement = connection.createStatement();
                 ResultSet tables = statement.executeQuery("select count(*) from information_schema.tables "
                         + "where table_schema = '" + schema + "' and table_name = 'denylist_entry'")) {
                tables.next();
                assertEquals(0, tables.getLong(1));
            }
        } finally {
            try (Connection connection = connect("public"); Statement statement = connection.createStatement()) {
                statement.execute("drop schema " + schema + " cascade");
            }
        }
    }

    @Test
    void anInheritedEntryRefusesItsAddressOnEveryChainOfItsIncidentOnly() throws Exception {
        // Why: claims-service's entries named no chain; they must go on holding wherever the incident pays.
        UUID incidentId = UUID.randomUUID();
        String address = "0x" + "4b".repeat(20);
        try (Connection connection = connect("public"); Statement statement = connection.createStatement()) {
            statement.execute("""
                    insert into denylist_copy (chain_id, address, incident_id, origin, reason, listed_at)
                    values (null, '%s', '%s', 'INHERITED', 'attacker', now())""".formatted(address, incidentId));
        }
        String checksumVariant = "0x" + "4B".repeat(20);
        assertTrue(QuarkusTransaction.requiringNew().call(() -> copy.lists(incidentId, 1, checksumVariant)));
        assertTrue(QuarkusTransaction.requiringNew().call(() -> copy.lists(incidentId, 56, address)));
        assertFalse(QuarkusTransaction.requiringNew().call(() -> copy.lists(UUID.randomUUID(), 1, address)));
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
