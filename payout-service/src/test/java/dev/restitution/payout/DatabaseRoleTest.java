package dev.restitution.payout;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.devstack.ServiceRoleProbe;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

@QuarkusTest
class DatabaseRoleTest {

    /** The append-only tables, kept so by their triggers. */
    private static final List<String> IMMUTABLE_TABLES = List.of("audit_entry", "dead_letter_replay");

    @Inject
    DataSource dataSource;

    @Test
    void theServicesOwnRoleCannotSwitchOffOrBypassWhatKeepsRecordsImmutable() throws SQLException {
        // Why: a service role that owns its tables could disable the triggers and rewrite the audit log;
        // the service connects as a role that owns nothing (every other test of this module runs as it).
        try (Connection connection = dataSource.getConnection()) {
            try (Statement statement = connection.createStatement();
                 ResultSet result = statement.executeQuery("select current_user")) {
                result.next();
                assertEquals("payout_app", result.getString(1));
            }
            assertEquals(List.of(), ServiceRoleProbe.ownedRelations(connection), "the service's role owns nothing");
            List<String> permitted = ServiceRoleProbe.permittedTampering(connection, IMMUTABLE_TABLES, IMMUTABLE_TABLES);
            assertTrue(permitted.isEmpty(), String.join("\n", permitted));
        }
    }
}
