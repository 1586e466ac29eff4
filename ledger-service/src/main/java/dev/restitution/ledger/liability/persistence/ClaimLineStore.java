package dev.restitution.ledger.liability.persistence;

import static dev.restitution.kit.persistence.SqlValues.amount;
import static dev.restitution.kit.persistence.SqlValues.numeric;

import dev.restitution.kit.id.ClaimId;
import dev.restitution.kit.id.LineId;
import dev.restitution.kit.persistence.SqlValues;
import dev.restitution.ledger.liability.domain.ClaimLine;
import dev.restitution.ledger.liability.domain.OpenLine;
import dev.restitution.ledger.liability.domain.OpenLines;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import org.hibernate.Session;

/** Claim lines as approved by claims-service, with what rounds entitled and payouts paid on each. */
@ApplicationScoped
public class ClaimLineStore {

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    /**
     * Inserts {@code line}, booked in the span {@code traceParent} names (the claim's trace, when tracing is on);
     * false when a line with its id exists already (nothing written).
     */
    public boolean insert(ClaimLine line, Instant approvedAt, UUID eventId, Optional<String> traceParent) {
        return em().createNativeQuery("""
                        insert into claim_line (line_id, claim_id, incident_id, account_id, asset, approved,
                            payout_address, approved_at, event_id, trace_parent)
                        values (:lineId, :claimId, :incident, :account, :asset, :approved, :address, :at, :event,
                            cast(:traceParent as text))
                        on conflict (line_id) do nothing""")
                .setParameter("lineId", line.lineId().value())
                .setParameter("claimId", line.claimId().value())
                .setParameter("incident", line.incidentId().value())
                .setParameter("account", line.accountId())
                .setParameter("asset", line.asset())
                .setParameter("approved", numeric(line.approved()))
                .setParameter("address", line.payoutAddress())
                .setParameter("at", approvedAt)
                .setParameter("event", eventId)
                .setParameter("traceParent", traceParent.orElse(null))
                .executeUpdate() == 1;
    }

    /** The totals of the open lines of one asset; small lines are those outstanding at most {@code threshold}. */
    public OpenLines openTotals(UUID incidentId, String asset, Optional<BigInteger> threshold) {
        Object[] row = (Object[]) em().createNativeQuery("""
                        select count(*), coalesce(sum(approved - entitled), 0),
                            count(*) filter (where approved - entitled <= :threshold),
                            coalesce(sum(approved - entitled) filter (where approved - entitled <= :threshold), 0)
                        from claim_line where incident_id = :incident and asset = :asset and entitled < approved""")
                .setParameter("incident", incidentId)
                .setParameter("asset", asset)
                // Without a threshold no line is small: compare with -1, which no outstanding amount reaches.
                .setParameter("threshold", numeric(threshold.orElse(BigInteger.ONE.negate())))
                .getSingleResult();
        return new OpenLines(SqlValues.count(row[0]), amount(row[1]), SqlValues.count(row[2]), amount(row[3]));
    }

    /**
     * Streams the open lines of one asset in line-id order, a page of {@code fetchSize} rows at a
     * time from a server-side cursor, so millions of lines never sit in memory at once.
     */
    public void streamOpen(UUID incidentId, String asset, int fetchSize, Consumer<OpenLine> visitor) {
        em().unwrap(Session.class).doWork(connection -> {
            try (PreparedStatement statement = connection.prepareStatement("""
                    select line_id, claim_id, approved - entitled, payout_address from claim_line
                    where incident_id = ? and asset = ? and entitled < approved order by line_id""")) {
                statement.setFetchSize(fetchSize);
                statement.setObject(1, incidentId);
                statement.setString(2, asset);
                try (ResultSet rows = statement.executeQuery()) {
                    while (rows.next()) {
                        visitor.accept(new OpenLine(new LineId(rows.getObject(1, UUID.class)),
                                new ClaimId(rows.getObject(2, UUID.class)),
                                rows.getBigDecimal(3).toBigIntegerExact(), rows.getString(4)));
                    }
                }
            }
        });
    }

    /** Adds a round's entitlements of one asset to their lines' entitled totals; returns the lines updated. */
    public int addEntitled(UUID roundId, String asset) {
        return em().createNativeQuery("""
                        update claim_line line set entitled = line.entitled + entitlement.amount
                        from entitlement where entitlement.round_id = :round and entitlement.asset = :asset
                        and entitlement.line_id = line.line_id""")
                .setParameter("round", roundId)
                .setParameter("asset", asset)
                .executeUpdate();
    }

    /** Adds {@code amount} to what was paid on {@code lineId}. */
    public void addPaid(UUID lineId, BigInteger amount) {
        int updated = em().createNativeQuery("update claim_line set paid = paid + :amount where line_id = :line")
                .setParameter("amount", numeric(amount))
                .setParameter("line", lineId)
                .executeUpdate();
        if (updated != 1) {
            throw new IllegalStateException("claim line " + lineId + " is missing");
        }
    }

    /** Per asset of the incident: sums of approved, entitled and paid over its lines. */
    public List<LineSums> sums(UUID incidentId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select asset, count(*), sum(approved), sum(entitled), sum(paid),
                            count(*) filter (where paid > entitled or entitled > approved)
                        from claim_line where incident_id = :incident group by asset order by asset""")
                .setParameter("incident", incidentId)
                .getResultList();
        return rows.stream().map(row -> new LineSums((String) row[0], SqlValues.count(row[1]), amount(row[2]),
                amount(row[3]), amount(row[4]), SqlValues.count(row[5]))).toList();
    }

    /** What an incident's lines of one asset add up to; {@code inconsistentLines} break paid <= entitled <= approved. */
    public record LineSums(String asset, long lines, BigInteger approved, BigInteger entitled, BigInteger paid,
                           long inconsistentLines) {
    }
}
