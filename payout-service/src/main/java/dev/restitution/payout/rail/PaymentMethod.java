package dev.restitution.payout.rail;

/** How an order is paid: through the BatchPayout contract, or as one plain transfer (exactly one item). */
public enum PaymentMethod {
    BATCH_CONTRACT,
    PLAIN_TRANSFER
}
