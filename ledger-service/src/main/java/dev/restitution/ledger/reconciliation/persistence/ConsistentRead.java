package dev.restitution.ledger.reconciliation.persistence;

import io.quarkus.hibernate.orm.panache.Panache;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;

/** Makes the current transaction read one snapshot of the database for all its statements. */
@ApplicationScoped
public class ConsistentRead {

    /** Must be the transaction's first statement. */
    @Transactional(Transactional.TxType.MANDATORY)
    public void begin() {
        Panache.getEntityManager().createNativeQuery("set transaction isolation level repeatable read, read only")
                .executeUpdate();
    }
}
