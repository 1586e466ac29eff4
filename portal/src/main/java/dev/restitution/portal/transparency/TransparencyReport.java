package dev.restitution.portal.transparency;

import dev.restitution.contracts.ledger.model.PublicAsset;
import dev.restitution.contracts.ledger.model.PublicReconciliation;
import dev.restitution.contracts.ledger.model.PublicRecovery;
import dev.restitution.contracts.ledger.model.PublicRound;
import dev.restitution.contracts.ledger.model.PublicSnapshot;
import dev.restitution.contracts.payout.model.PublicPayout;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * What {@code /transparency/{incidentId}.json} serves and the HTML page shows: the ledger's and payout-service's public
 * read models of one incident, with one page of its settled payout transactions. Nothing here names an account, a
 * personal amount or a claimant's address; the payout transactions are on-chain facts.
 */
public record TransparencyReport(UUID incidentId, String title, OffsetDateTime cutoffAt, String state,
                                 List<PublicAsset> assets, PublicSnapshot snapshot, List<PublicRecovery> recoveries,
                                 List<PublicRound> rounds, long roundCount, List<PublicPayout> payouts,
                                 PayoutPage payoutPage, PublicReconciliation reconciliation,
                                 OffsetDateTime generatedAt) {

    public TransparencyReport {
        Objects.requireNonNull(incidentId, "incidentId");
        assets = List.copyOf(assets);
        recoveries = List.copyOf(recoveries);
        rounds = List.copyOf(rounds);
        payouts = List.copyOf(payouts);
    }

    /** Which page of the settled payout transactions this is (from 1), how many per page and how many in all. */
    public record PayoutPage(int page, int size, long total) {

        public PayoutPage {
            if (page < 1 || size < 1 || total < 0) {
                throw new IllegalArgumentException("page " + page + ", size " + size + ", total " + total);
            }
        }

        public long pages() {
            return Math.max(1, (total + size - 1) / size);
        }

        public boolean hasNext() {
            return page < pages();
        }

        public boolean hasPrevious() {
            return page > 1;
        }

        public int next() {
            return page + 1;
        }

        public int previous() {
            return page - 1;
        }
    }
}
