package dev.restitution.devstack;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * Tries, on a connection of the role a service connects as, what that role must never be able to do to
 * the tables that keep its records immutable: switch their triggers off (per table, or for the session
 * with {@code session_replication_role}), alter, drop, truncate or take them over, create objects, and
 * update or delete rows of the append-only tables. Each attempt runs in its own transaction, which is
 * rolled back: a test can run it against its service's live database and nothing changes.
 */
public final class ServiceRoleProbe {

    /** PostgreSQL's insufficient_privilege: refused for lack of a privilege or of ownership. */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    private ServiceRoleProbe() {
    }

    /**
     * @param immutableTables tables whose triggers keep rows immutable (sealed, append-only, grow-only)
     * @param appendOnlyTables tables whose rows are never updated nor deleted
     * @return each statement the role was not refused for lack of privilege, with what happened; empty when all were
     */
    public static List<String> permittedTampering(Connection connection, List<String> immutableTables,
                                                  List<String> appendOnlyTables) throws SQLException {
        List<String> attempts = new ArrayList<>(List.of(
                "set session_replication_role = replica",
                "create table tampering (id integer)",
                "create function tampering() returns integer language sql as 'select 1'"));
        for (String table : immutableTables) {
            attempts.addAll(List.of(
                    "alter table " + table + " disable trigger all",
                    "alter table " + table + " disable trigger user",
                    "alter table " + table + " add column tampering integer",
                    "alter table " + table + " owner to current_user",
                    "truncate " + table,
                    "drop table " + table + " cascade"));
            for (String trigger : triggersOf(connection, table)) {
                attempts.add("alter table " + table + " disable trigger " + trigger);
                attempts.add("drop trigger " + trigger + " on " + table);
            }
        }
        for (String table : appendOnlyTables) {
            attempts.add("delete from " + table);
            String column = assignableColumnOf(connection, table);
            attempts.add("update " + table + " set " + column + " = " + column);
        }
        List<String> permitted = new ArrayList<>();
        boolean autoCommit = connection.getAutoCommit();
        connection.setAutoCommit(false);
        try {
            for (String attempt : attempts) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute(attempt);
                    permitted.add(attempt + " -> accepted");
                } catch (SQLException refused) {
                    if (!INSUFFICIENT_PRIVILEGE.equals(refused.getSQLState())) {
                        permitted.add(attempt + " -> not refused for lack of privilege but " + refused.getSQLState()
                                + ": " + refused.getMessage());
                    }
                } finally {
                    connection.rollback();
                }
            }
        } finally {
            connection.setAutoCommit(autoCommit);
        }
        return permitted;
    }

    /** The relations (tables, indexes, sequences, views) the connection's role owns. */
    public static List<String> ownedRelations(Connection connection) throws SQLException {
        List<String> owned = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet result = statement.executeQuery(
                     "select relname from pg_class where relowner = (select oid from pg_roles where rolname = current_user)")) {
            while (result.next()) {
                owned.add(result.getString(1));
            }
        }
        return owned;
    }

    private static List<String> triggersOf(Connection connection, String table) throws SQLException {
        List<String> triggers = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(
                "select tgname from pg_trigger where tgrelid = cast(? as regclass) and not tgisinternal order by tgname")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    triggers.add(result.getString(1));
                }
            }
        }
        if (triggers.isEmpty()) {
            throw new IllegalArgumentException(table + " has no trigger: it is not one the triggers keep immutable");
        }
        return triggers;
    }

    /** The table's first column an UPDATE may assign (not an identity or generated column, which PostgreSQL refuses first). */
    private static String assignableColumnOf(Connection connection, String table) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("""
                select attname from pg_attribute where attrelid = cast(? as regclass) and attnum > 0 and not attisdropped
                    and attidentity = '' and attgenerated = '' order by attnum limit 1""")) {
            statement.setString(1, table);
            try (ResultSet result = statement.executeQuery()) {
                if (!result.next()) {
                    throw new IllegalArgumentException("no table " + table);
                }
                return result.getString(1);
            }
        }
    }
}
