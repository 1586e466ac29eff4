package dev.restitution.kit.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import java.util.UUID;

/**
 * The attributes of the spans that follow one claim from its submission to its payment (one trace per claim): an
 * operator finds a claim's trace by {@link #CLAIM_ID}, a payment's by {@link #TX_HASH}. Ids are strings as the APIs
 * show them (UUIDs in their canonical form, a CAIP-2 chain id, a 0x-prefixed lower-case transaction hash).
 */
public final class SpanAttributes {

    public static final AttributeKey<String> CLAIM_ID = AttributeKey.stringKey("restitution.claim_id");
    public static final AttributeKey<String> INCIDENT_ID = AttributeKey.stringKey("restitution.incident_id");
    public static final AttributeKey<String> TX_HASH = AttributeKey.stringKey("restitution.tx_hash");
    /** CAIP-2, e.g. {@code eip155:1}. */
    public static final AttributeKey<String> CHAIN_ID = AttributeKey.stringKey("restitution.chain_id");
    public static final AttributeKey<String> BATCH_ID = AttributeKey.stringKey("restitution.batch_id");
    public static final AttributeKey<String> INSTRUCTION_ID = AttributeKey.stringKey("restitution.instruction_id");

    private SpanAttributes() {
    }

    /** The claim's and its incident's ids. */
    public static Attributes claim(UUID claimId, UUID incidentId) {
        return Attributes.of(CLAIM_ID, claimId.toString(), INCIDENT_ID, incidentId.toString());
    }
}
