package dev.restitution.kit.events;

import java.util.List;

/**
 * Kafka topic names. One topic per producing aggregate, so that all events of one aggregate keep
 * their order in one partition (key: the aggregate id). Every constant here is a channel address in
 * {@code contracts/events/asyncapi.yaml}; a test keeps the two in step.
 */
public final class Topics {

    /** Incidents of ledger-service: declared, snapshot sealed, every state change, rounds approved. Key: the incident id. */
    public static final String LEDGER_INCIDENTS = "restitution.ledger.incidents";

    /** Entitlements ledger-service issues in approved distribution rounds. Key: the entitlement id. */
    public static final String LEDGER_ENTITLEMENTS = "restitution.ledger.entitlements";

    /** Decisions on claims of claims-service: approved, rejected, withdrawn. Key: the claim id. */
    public static final String CLAIMS_CLAIMS = "restitution.claims.claims";

    /** Payout batches of payout-service: each transaction settled or failed on-chain. Key: the batch id. */
    public static final String PAYOUT_PAYOUTS = "restitution.payout.payouts";

    /** Commitments payout-service published on-chain and saw confirmed. Key: the incident id. */
    public static final String PAYOUT_COMMITMENTS = "restitution.payout.commitments";

    /** Changes of payout-service's denylist. Key: the chain id and lowercase address ({@code 1:0xabc...}). */
    public static final String PAYOUT_DENYLIST = "restitution.payout.denylist";

    private static final List<String> ALL = List.of(LEDGER_INCIDENTS, LEDGER_ENTITLEMENTS, CLAIMS_CLAIMS, PAYOUT_PAYOUTS,
            PAYOUT_COMMITMENTS, PAYOUT_DENYLIST);

    private Topics() {
    }

    /** Every topic name above, in declaration order. */
    public static List<String> all() {
        return ALL;
    }
}
