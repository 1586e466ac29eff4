package dev.restitution.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PostgresTest {

    private final DevStack stack = DevStack.shared();

    /** Each service's database has its owner, who migrates it and can create tables there. */
    @ParameterizedTest
    @ValueSource(strings = {"ledger", "claims", "payout"})
    void eachDatabaseIsMigratedByItsOwnOwnerRole(String service) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                stack.postgresJdbcUrl(service), stack.databaseOwner(service), stack.databaseOwnerPassword(service));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS probe_" + service + " (id bigint PRIMARY KEY)");
            try (ResultSet result = statement.executeQuery("SELECT current_database(), current_user")) {
                result.next();
                assertEquals(service, result.getString(1));
                assertEquals(service, result.getString(2));
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ledger", "claims", "payout"})
    void theRoleAServiceConnectsAsCreatesNothingAndOwnsNothing(String service) throws SQLException {
        // Why: a service role that may create or own tables could drop them or switch their immutability triggers off.
        try (Connection connection = DriverManager.getConnection(
                stack.postgresJdbcUrl(service), stack.databaseUser(service), stack.databasePassword(service));
             Statement statement = connection.createStatement()) {
            try (ResultSet result = statement.executeQuery("SELECT current_user, rolsuper, rolcreaterole, rolcreatedb, "
                    + "(SELECT count(*) FROM pg_class WHERE relowner = pg_roles.oid) FROM pg_roles WHERE rolname = current_user")) {
                result.next();
                assertEquals(service + "_app", result.getString(1));
                assertEquals(List.of(false, false, false, 0L),
                        List.of(result.getBoolean(2), result.getBoolean(3), result.getBoolean(4), result.getLong(5)));
            }
            SQLException refused = assertThrows(SQLException.class,
                    () -> statement.execute("CREATE TABLE probe_app_" + service + " (id bigint PRIMARY KEY)"));
            assertEquals("42501", refused.getSQLState(), refused.getMessage());
        }
    }

    /** No service reads another's tables: neither of its roles can even connect to another service's database. */
    @Test
    void aServiceRoleCannotConnectToAnotherServicesDatabase() {
        assertThrows(SQLException.class, () -> DriverManager.getConnection(
                stack.postgresJdbcUrl("ledger"), stack.databaseUser("claims"), stack.databasePassword("claims")).close());
        assertThrows(SQLException.class, () -> DriverManager.getConnection(
                stack.postgresJdbcUrl("ledger"), stack.databaseOwner("claims"), stack.databaseOwnerPassword("claims")).close());
    }

    /** Passwords are checked, so a misconfigured service fails in tests as it would in production. */
    @Test
    void aWrongDatabasePasswordIsRefused() {
        assertThrows(SQLException.class, () -> DriverManager.getConnection(
                stack.postgresJdbcUrl("ledger"), "ledger", "not-the-password").close());
    }
}
