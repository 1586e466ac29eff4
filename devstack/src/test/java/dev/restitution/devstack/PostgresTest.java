package dev.restitution.devstack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PostgresTest {

    private final DevStack stack = DevStack.shared();

    /** Each service owns its database: its own role logs in with its password and can create tables there. */
    @ParameterizedTest
    @ValueSource(strings = {"ledger", "claims", "payout"})
    void eachServiceConnectsToItsOwnDatabaseWithItsOwnRole(String service) throws SQLException {
        try (Connection connection = DriverManager.getConnection(
                stack.postgresJdbcUrl(service), stack.databaseUser(service), stack.databasePassword(service));
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS probe_" + service + " (id bigint PRIMARY KEY)");
            try (ResultSet result = statement.executeQuery("SELECT current_database(), current_user")) {
                result.next();
                assertEquals(service, result.getString(1));
                assertEquals(service, result.getString(2));
            }
        }
    }

    /** No service reads another's tables: a role cannot even connect to another service's database. */
    @Test
    void aServiceRoleCannotConnectToAnotherServicesDatabase() {
        assertThrows(SQLException.class, () -> DriverManager.getConnection(
                stack.postgresJdbcUrl("ledger"), stack.databaseUser("claims"), stack.databasePassword("claims")).close());
    }

    /** Passwords are checked, so a misconfigured service fails in tests as it would in production. */
    @Test
    void aWrongDatabasePasswordIsRefused() {
        assertThrows(SQLException.class, () -> DriverManager.getConnection(
                stack.postgresJdbcUrl("ledger"), "ledger", "not-the-password").close());
    }
}
