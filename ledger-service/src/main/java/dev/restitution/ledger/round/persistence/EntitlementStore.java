package dev.restitution.ledger.round.persistence;

import static dev.restitution.kit.persistence.SqlValues.amount;
import static dev.restitution.kit.persistence.SqlValues.numeric;

import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.EntitlementId;
import dev.restitution.kit.id.IncidentId;
import dev.restitution.kit.id.LineId;
import dev.restitution.kit.id.RoundId;
import dev.restitution.kit.persistence.SqlValues;
import dev.restitution.ledger.round.domain.Entitlement;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import org.hibernate.Session;
import org.postgresql.PGConnection;

/** Entitlement rows: written in batches when a round is approved, paid by settlements; rows never leave this package. */
@ApplicationScoped
public class EntitlementStore {

    private static final String ENTITLEMENT_COLUMNS = """
            entitlement.id, entitlement.round_id, entitlement.incident_id, line.claim_id, entitlement.line_id,
            line.account_id, entitlement.asset, entitlement.amount, entitlement.paid, line.payout_address
            """;

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    /** A new entitlement as the round's approval writes it. */
    public record NewEntitlement(UUID id, UUID roundId, UUID lineId, UUID incidentId, String asset, BigInteger amount) {
    }

    /**
     * An EntitlementsIssued event as the outbox table holds it, encoded by the contract's codec, with the trace it was
     * written in (a W3C traceparent; empty outside any span), which the relay publishes it in.
     */
    public record OutboxRow(UUID id, String topic, String messageKey, String eventType, String payload,
                            Instant createdAt, Optional<String> traceParent) {
    }

    /**
     * Writes EntitlementsIssued {@code events} to the transactional outbox table with PostgreSQL's COPY, in the
     * caller's transaction (so they commit with the round's approval or not at all), row for row as the outbox
     * writes them one at a time.
     */
    public void insertEvents(List<OutboxRow> events) {
        StringBuilder csv = new StringBuilder(events.stream().mapToInt(event -> event.payload().length() + 256).sum());
        for (OutboxRow event : events) {
            csv.append(event.id()).append(',').append(event.topic()).append(',').append(event.messageKey()).append(',')
                    .append(event.eventType()).append(',');
            // An absent trace parent is an empty unquoted field: NULL in CSV format.
            quoted(csv, event.payload()).append(',').append(event.createdAt()).append(',')
                    .append(event.traceParent().orElse("")).append('\n');
        }
        copy("""
                copy outbox_event (id, topic, message_key, event_type, payload, created_at, trace_parent)
                from stdin with (format csv)""", csv, events.size());
    }

    /** A CSV field in double quotes, its own double quotes doubled: JSON text goes through unchanged. */
    private static StringBuilder quoted(StringBuilder csv, String text) {
        csv.append('"');
        for (int index = 0; index < text.length(); index++) {
            char character = text.charAt(index);
            if (character == '"') {
                csv.append('"');
            }
            csv.append(character);
        }
        return csv.append('"');
    }

    private void copy(String statement, StringBuilder csv, int expectedRows) {
        em().unwrap(Session.class).doWork(connection -> {
            try {
                long copied = connection.unwrap(PGConnection.class).getCopyAPI().copyIn(statement,
                        new StringReader(csv.toString()));
                if (copied != expectedRows) {
                    throw new IllegalStateException("copied " + copied + " of " + expectedRows + " rows: " + statement);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("COPY failed: " + statement, e);
            }
        });
    }

    /** Writes {@code rows} with PostgreSQL's COPY, in the caller's transaction: the fastest way in for millions. */
    public void insertAll(List<NewEntitlement> rows) {
        StringBuilder csv = new StringBuilder(rows.size() * 160);
        for (NewEntitlement row : rows) {
            // Every field is a UUID, a symbol of [A-Z0-9] or digits: nothing needs quoting.
            csv.append(row.id()).append(',').append(row.roundId()).append(',').append(row.lineId()).append(',')
                    .append(row.incidentId()).append(',').append(row.asset()).append(',').append(row.amount())
                    .append('\n');
        }
        copy("copy entitlement (id, round_id, line_id, incident_id, asset, amount) from stdin with (format csv)",
                csv, rows.size());
    }

    /** Count and sum of a round's entitlements of one asset, as written. */
    public Totals totals(UUID roundId, String asset) {
        Object[] row = (Object[]) em().createNativeQuery("""
                        select count(*), coalesce(sum(amount), 0) from entitlement
                        where round_id = :round and asset = :asset""")
                .setParameter("round", roundId)
                .setParameter("asset", asset)
                .getSingleResult();
        return new Totals(SqlValues.count(row[0]), amount(row[1]));
    }

    public record Totals(long count, BigInteger amount) {
    }

    /** A round's entitlements after {@code afterId} in id order, at most {@code limit}. */
    public List<Entitlement> page(UUID roundId, UUID afterId, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("select " + ENTITLEMENT_COLUMNS + """
                         from entitlement join claim_line line on line.line_id = entitlement.line_id
                         where entitlement.round_id = :round and entitlement.id > :after
                         order by entitlement.id limit :limit""")
                .setParameter("round", roundId)
                .setParameter("after", afterId)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(EntitlementStore::toEntitlement).toList();
    }

    /** The entitlements with these ids that exist, locked until the transaction ends, by id. */
    public Map<UUID, Entitlement> lock(List<UUID> ids) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("select " + ENTITLEMENT_COLUMNS + """
                         from entitlement join claim_line line on line.line_id = entitlement.line_id
                         where entitlement.id in (:ids) order by entitlement.id for update of entitlement""")
                .setParameter("ids", ids)
                .getResultList();
        Map<UUID, Entitlement> found = new TreeMap<>();
        rows.stream().map(EntitlementStore::toEntitlement).forEach(entitlement -> found.put(entitlement.id().value(), entitlement));
        return found;
    }

    public void addPaid(UUID entitlementId, BigInteger amount) {
        int updated = em().createNativeQuery("update entitlement set paid = paid + :amount where id = :id")
                .setParameter("amount", numeric(amount))
                .setParameter("id", entitlementId)
                .executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("entitlement " + entitlementId + " is missing");
        }
    }

    /** Per asset of the incident: how many entitlements, their amounts and payments, and how many are overpaid. */
    public Map<String, IncidentSums> sums(UUID incidentId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select asset, count(*), sum(amount), sum(paid), count(*) filter (where paid > amount)
                        from entitlement where incident_id = :incident group by asset""")
                .setParameter("incident", incidentId)
                .getResultList();
        Map<String, IncidentSums> sums = new TreeMap<>();
        rows.forEach(row -> sums.put((String) row[0], new IncidentSums(SqlValues.count(row[1]), amount(row[2]),
                amount(row[3]), SqlValues.count(row[4]))));
        return sums;
    }

    public record IncidentSums(long count, BigInteger amount, BigInteger paid, long overpaid) {
    }

    private static Entitlement toEntitlement(Object[] row) {
        return new Entitlement(new EntitlementId(SqlValues.uuid(row[0])), new RoundId(SqlValues.uuid(row[1])),
                new IncidentId(SqlValues.uuid(row[2])), new ClaimId(SqlValues.uuid(row[3])),
                new LineId(SqlValues.uuid(row[4])), (String) row[5], (String) row[6], amount(row[7]),
                amount(row[8]), (String) row[9]);
    }
}
