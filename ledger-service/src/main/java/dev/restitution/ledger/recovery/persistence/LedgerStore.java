package dev.restitution.ledger.recovery.persistence;

import dev.restitution.kit.persistence.SqlValues;
import static dev.restitution.kit.persistence.SqlValues.amount;
import static dev.restitution.kit.persistence.SqlValues.instant;
import static dev.restitution.kit.persistence.SqlValues.numeric;
import static dev.restitution.kit.persistence.SqlValues.uuid;

import dev.restitution.ledger.recovery.domain.AccountTotals;
import dev.restitution.ledger.recovery.domain.AccountType;
import dev.restitution.ledger.recovery.domain.AssetBooks;
import dev.restitution.ledger.recovery.domain.Posting;
import dev.restitution.ledger.recovery.domain.Transfer;
import dev.restitution.ledger.recovery.domain.TransferReason;
import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.math.BigInteger;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;

/** Accounts and transfers of the recovery ledger, in plain SQL; rows never leave this package. */
@ApplicationScoped
public class LedgerStore {

    private static final String TRANSFER_COLUMNS = """
            id, incident_id, asset, debit_account, credit_account, amount, reason_code, reason, tx_hash, counterparty,
            reference_id, corrects_transfer_id, idempotency_key, booked_by, booked_at
            """;

    private static EntityManager em() {
        return Panache.getEntityManager();
    }

    /**
     * The books of one incident and asset, their account rows locked until the transaction ends
     * (created first when missing), so postings on one asset are serialised.
     */
    public AssetBooks lockBooks(UUID incidentId, String asset) {
        StringBuilder values = new StringBuilder();
        for (AccountType type : AccountType.values()) {
            values.append(values.isEmpty() ? "" : ", ").append("(:incident, :asset, '").append(type.name()).append("')");
        }
        em().createNativeQuery("insert into ledger_account (incident_id, asset, account_type) values " + values
                        + " on conflict do nothing")
                .setParameter("incident", incidentId)
                .setParameter("asset", asset)
                .executeUpdate();
        return readBooks(incidentId, asset, " order by account_type for update");
    }

    /** The books as committed now, without locking. */
    public AssetBooks books(UUID incidentId, String asset) {
        return readBooks(incidentId, asset, "");
    }

    /** Every asset's books of the incident that has any account. */
    public Map<String, AssetBooks> allBooks(UUID incidentId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select asset, account_type, debits, credits from ledger_account where incident_id = :incident""")
                .setParameter("incident", incidentId)
                .getResultList();
        Map<String, Map<AccountType, AccountTotals>> byAsset = new TreeMap<>();
        for (Object[] row : rows) {
            byAsset.computeIfAbsent((String) row[0], asset -> new EnumMap<>(AccountType.class))
                    .put(AccountType.valueOf((String) row[1]), new AccountTotals(amount(row[2]), amount(row[3])));
        }
        Map<String, AssetBooks> books = new TreeMap<>();
        byAsset.forEach((asset, totals) -> books.put(asset, AssetBooks.of(totals)));
        return books;
    }

    private AssetBooks readBooks(UUID incidentId, String asset, String suffix) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select account_type, debits, credits from ledger_account
                        where incident_id = :incident and asset = :asset""" + suffix)
                .setParameter("incident", incidentId)
                .setParameter("asset", asset)
                .getResultList();
        Map<AccountType, AccountTotals> totals = new EnumMap<>(AccountType.class);
        for (Object[] row : rows) {
            totals.put(AccountType.valueOf((String) row[0]), new AccountTotals(amount(row[1]), amount(row[2])));
        }
        return AssetBooks.of(totals);
    }

    /** Writes the accounts whose totals differ between {@code before} and {@code after}. */
    public void saveBooks(UUID incidentId, String asset, AssetBooks before, AssetBooks after) {
        for (AccountType type : AccountType.values()) {
            AccountTotals totals = after.totals(type);
            if (totals.equals(before.totals(type))) {
                continue;
            }
            int updated = em().createNativeQuery("""
                            update ledger_account set debits = :debits, credits = :credits
                            where incident_id = :incident and asset = :asset and account_type = :type""")
                    .setParameter("debits", numeric(totals.debits()))
                    .setParameter("credits", numeric(totals.credits()))
                    .setParameter("incident", incidentId)
                    .setParameter("asset", asset)
                    .setParameter("type", type.name())
                    .executeUpdate();
            if (updated != 1) {
                throw new IllegalStateException("account " + type + " of " + incidentId + "/" + asset + " is missing");
            }
        }
    }

    /** Inserts {@code transfer}; false when its idempotency key is already taken (nothing written). */
    public boolean insert(Transfer transfer) {
        int inserted = em().createNativeQuery("insert into ledger_transfer (" + TRANSFER_COLUMNS + """
                        ) values (:id, :incident, :asset, :debit, :credit, :amount, :reasonCode, :reason, :txHash,
                        :counterparty, :referenceId, :correctsId, :key, :bookedBy, :bookedAt)
                        on conflict (idempotency_key) do nothing""")
                .setParameter("id", transfer.id())
                .setParameter("incident", transfer.incidentId())
                .setParameter("asset", transfer.asset())
                .setParameter("debit", transfer.posting().debit().name())
                .setParameter("credit", transfer.posting().credit().name())
                .setParameter("amount", numeric(transfer.posting().amount()))
                .setParameter("reasonCode", transfer.reasonCode().name())
                .setParameter("reason", transfer.reason())
                .setParameter("txHash", transfer.txHash().orElse(null))
                .setParameter("counterparty", transfer.counterparty().orElse(null))
                .setParameter("referenceId", transfer.referenceId().orElse(null))
                .setParameter("correctsId", transfer.correctsTransferId().orElse(null))
                .setParameter("key", transfer.idempotencyKey())
                .setParameter("bookedBy", transfer.bookedBy())
                .setParameter("bookedAt", transfer.bookedAt())
                .executeUpdate();
        return inserted == 1;
    }

    public Optional<Transfer> byIdempotencyKey(String key) {
        return single("select " + TRANSFER_COLUMNS + " from ledger_transfer where idempotency_key = :value", key);
    }

    public Optional<Transfer> byId(UUID incidentId, UUID transferId) {
        return single("select " + TRANSFER_COLUMNS + " from ledger_transfer where id = :value", transferId)
                .filter(transfer -> transfer.incidentId().equals(incidentId));
    }

    /** What corrections have reversed of {@code transferId} so far. */
    public BigInteger correctedAmount(UUID transferId) {
        Object sum = em().createNativeQuery(
                        "select coalesce(sum(amount), 0) from ledger_transfer where corrects_transfer_id = :id")
                .setParameter("id", transferId)
                .getSingleResult();
        return amount(sum);
    }

    /** Transfers of the incident (of one asset when given) in booking order. */
    public List<Transfer> page(UUID incidentId, Optional<String> asset, int offset, int limit) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("select " + TRANSFER_COLUMNS + """
                         from ledger_transfer where incident_id = :incident
                         and (cast(:asset as varchar) is null or asset = cast(:asset as varchar))
                         order by position offset :offset limit :limit""")
                .setParameter("incident", incidentId)
                .setParameter("asset", asset.orElse(null))
                .setParameter("offset", offset)
                .setParameter("limit", limit)
                .getResultList();
        return rows.stream().map(LedgerStore::toTransfer).toList();
    }

    public long count(UUID incidentId, Optional<String> asset) {
        return SqlValues.count(em().createNativeQuery("""
                        select count(*) from ledger_transfer where incident_id = :incident
                        and (cast(:asset as varchar) is null or asset = cast(:asset as varchar))""")
                .setParameter("incident", incidentId)
                .setParameter("asset", asset.orElse(null))
                .getSingleResult());
    }

    /** The journal's own totals per asset and account: what the account rows must agree with. */
    public Map<String, Map<AccountType, AccountTotals>> journalTotals(UUID incidentId) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery("""
                        select asset, account, sum(debited), sum(credited) from (
                            select asset, debit_account as account, amount as debited, 0 as credited
                            from ledger_transfer where incident_id = :incident
                            union all
                            select asset, credit_account, 0, amount from ledger_transfer where incident_id = :incident
                        ) as entries group by asset, account""")
                .setParameter("incident", incidentId)
                .getResultList();
        Map<String, Map<AccountType, AccountTotals>> totals = new TreeMap<>();
        for (Object[] row : rows) {
            totals.computeIfAbsent((String) row[0], asset -> new EnumMap<>(AccountType.class))
                    .put(AccountType.valueOf((String) row[1]), new AccountTotals(amount(row[2]), amount(row[3])));
        }
        return totals;
    }

    private Optional<Transfer> single(String sql, Object value) {
        @SuppressWarnings("unchecked")
        List<Object[]> rows = em().createNativeQuery(sql).setParameter("value", value).getResultList();
        return rows.stream().findFirst().map(LedgerStore::toTransfer);
    }

    private static Transfer toTransfer(Object[] row) {
        return new Transfer(uuid(row[0]), uuid(row[1]), (String) row[2],
                new Posting(AccountType.valueOf((String) row[3]), AccountType.valueOf((String) row[4]), amount(row[5])),
                TransferReason.valueOf((String) row[6]), (String) row[7],
                Optional.ofNullable((String) row[8]), Optional.ofNullable((String) row[9]),
                Optional.ofNullable(row[10]).map(SqlValues::uuid), Optional.ofNullable(row[11]).map(SqlValues::uuid),
                (String) row[12], (String) row[13], instant(row[14]));
    }
}
