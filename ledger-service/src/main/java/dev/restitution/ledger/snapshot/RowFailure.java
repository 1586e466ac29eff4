package dev.restitution.ledger.snapshot;

import java.sql.SQLException;

/** Carries a checked failure out of the row callback. */
final class RowFailure extends RuntimeException {
    RowFailure(SQLException cause) {
        super(cause);
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
