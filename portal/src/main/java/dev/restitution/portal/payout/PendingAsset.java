package dev.restitution.portal.payout;

import io.quarkus.qute.TemplateData;

/** An asset of the incident and how many of its payout instructions wait for a batch. */
@TemplateData
public record PendingAsset(String symbol, long chainId, long pendingInstructions) {

    /** The value of the propose form's asset choice: chain and symbol. */
    public String choice() {
        return chainId + ":" + symbol;
    }
}
