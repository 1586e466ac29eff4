package dev.restitution.ledger.recovery;

import dev.restitution.kit.problem.ProblemException;
import dev.restitution.ledger.recovery.domain.AssetBooks;
import dev.restitution.ledger.recovery.domain.Transfer;
import dev.restitution.ledger.recovery.persistence.LedgerStore;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.util.UUID;

/**
 * The one way anything is booked in the recovery ledger: lock an asset's accounts, then post
 * transfers on them. Every posting is checked against the ledger's invariants before it is written
 * ({@link AssetBooks#post}); a broken invariant throws and the whole transaction rolls back.
 */
@ApplicationScoped
public class RecoveryLedger {

    private final LedgerStore store;

    public RecoveryLedger(LedgerStore store) {
        this.store = store;
    }

    /** Locks the accounts of {@code asset} until the transaction ends. Lock several assets in symbol order. */
    @Transactional(Transactional.TxType.MANDATORY)
    public LockedAsset lock(UUID incidentId, String asset) {
        return new LockedAsset(incidentId, asset, store.lockBooks(incidentId, asset));
    }

    /** One asset's books under lock, kept current as transfers are posted. */
    public final class LockedAsset {
        private final UUID incidentId;
        private final String asset;
        private AssetBooks books;

        private LockedAsset(UUID incidentId, String asset, AssetBooks books) {
            this.incidentId = incidentId;
            this.asset = asset;
            this.books = books;
        }

        public AssetBooks books() {
            return books;
        }

        /**
         * Writes {@code transfer} and the accounts it moves.
         *
         * @throws IllegalStateException when the posting would break an invariant of the ledger
         * @throws ProblemException (409) when its idempotency key was taken meanwhile; nothing is written
         */
        public AssetBooks post(Transfer transfer) {
            if (!transfer.incidentId().equals(incidentId) || !transfer.asset().equals(asset)) {
                throw new IllegalArgumentException("transfer of " + transfer.incidentId() + "/" + transfer.asset()
                        + " posted on the books of " + incidentId + "/" + asset);
            }
            AssetBooks after = books.post(transfer.posting());
            if (!store.insert(transfer)) {
                throw ProblemException.conflict("idempotency-key-reused",
                        "Idempotency key " + transfer.idempotencyKey() + " was used for another booking.");
            }
            store.saveBooks(incidentId, asset, books, after);
            books = after;
            return after;
        }
    }
}
