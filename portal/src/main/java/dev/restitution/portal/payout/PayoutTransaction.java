package dev.restitution.portal.payout;

import io.quarkus.qute.TemplateData;

/** One on-chain transaction that paid items of a batch: its hash, its block and how many items it paid. */
@TemplateData
public record PayoutTransaction(String txHash, Long blockNumber, int items) {
}
