package dev.restitution.kit.audit;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;

/**
 * Appends to the same hash-chained audit log as {@link AuditLog}, on a JDBC connection whose
 * transaction the caller runs itself outside JTA (a long import streaming rows with COPY on a
 * connection of its own): the entry commits or rolls back with the change it records.
 *
 * <p>The chain head stays locked from the append until that transaction ends, so append last,
 * just before committing, to keep other appends waiting for milliseconds only.
 */
@ApplicationScoped
public class ConnectionAuditLog {

    private final Clock clock;

    public ConnectionAuditLog(Clock clock) {
        this.clock = clock;
    }

    /** Appends in the connection's open transaction; returns the entry with its place in the chain. */
    public AuditEntry append(Connection connection, Actor actor, String action, String subjectType, String subjectId,
                             String before, String after, String reason) throws SQLException {
        if (connection.getAutoCommit()) {
            throw new IllegalStateException("an audit entry is appended inside the transaction of the change it records");
        }
        AuditRecord record = new AuditRecord(actor, action, subjectType, subjectId, before, after, reason);
        AuditEntry entry;
        try (PreparedStatement statement = connection.prepareStatement(
                "select sequence, hash from audit_chain_head where singleton for update");
             ResultSet head = statement.executeQuery()) {
            if (!head.next()) {
                throw new IllegalStateException("the audit chain has no head row");
            }
            entry = AuditChain.next(head.getLong(1), head.getString(2), clock.instant(), record);
        }
        try (PreparedStatement statement = connection.prepareStatement("""
                insert into audit_entry (sequence, version, occurred_at, actor_subject_id, actor_username, action,
                    subject_type, subject_id, before_state, after_state, reason, previous_hash, hash)
                values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")) {
            statement.setLong(1, entry.sequence());
            statement.setInt(2, entry.version());
            statement.setObject(3, entry.occurredAt().atOffset(ZoneOffset.UTC));
            statement.setString(4, record.actor().subjectId());
            statement.setString(5, record.actor().username());
            statement.setString(6, record.action());
            statement.setString(7, record.subjectType());
            statement.setString(8, record.subjectId());
            statement.setString(9, record.before());
            statement.setString(10, record.after());
            statement.setString(11, record.reason());
            statement.setString(12, entry.previousHash());
            statement.setString(13, entry.hash());
            statement.executeUpdate();
        }
        try (PreparedStatement statement = connection.prepareStatement(
                "update audit_chain_head set sequence = ?, hash = ? where singleton and sequence = ?")) {
            statement.setLong(1, entry.sequence());
            statement.setString(2, entry.hash());
            statement.setLong(3, entry.sequence() - 1);
            if (statement.executeUpdate() != 1) {
                throw new IllegalStateException("audit chain head moved under a locked append at " + entry.sequence());
            }
        }
        return entry;
    }
}
