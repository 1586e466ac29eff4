package dev.restitution.kit.events;

import dev.restitution.contracts.events.ClaimApproved;
import dev.restitution.contracts.events.ClaimRejected;
import dev.restitution.contracts.events.ClaimWithdrawn;
import dev.restitution.contracts.events.CommitmentPublished;
import dev.restitution.contracts.events.DenylistChanged;
import dev.restitution.contracts.events.EntitlementIssued;
import dev.restitution.contracts.events.EntitlementsIssued;
import dev.restitution.contracts.events.IncidentDeclared;
import dev.restitution.contracts.events.IncidentStateChanged;
import dev.restitution.contracts.events.PayoutAddressChangeCancelled;
import dev.restitution.contracts.events.PayoutAddressChanged;
import dev.restitution.contracts.events.PayoutFailed;
import dev.restitution.contracts.events.PayoutSettled;
import dev.restitution.contracts.events.RoundApproved;
import dev.restitution.contracts.events.SnapshotSealed;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * CloudEvents {@code type} values, and for each the payload class (generated from
 * {@code events/schemas/}) and the topic it is published on. A type names one payload version:
 * an incompatible change of a payload gets a new type ({@code ...v2}) and a new schema, never an
 * edit of the old one. Every type here is a message in {@code contracts/events/asyncapi.yaml}; a
 * test keeps the two in step.
 */
public final class EventTypes {

    /** ledger-service stored a declared incident. Payload {@link IncidentDeclared}. */
    public static final String INCIDENT_DECLARED = "dev.restitution.ledger.incident.declared.v1";
    /** ledger-service sealed an incident's snapshot of balances. Payload {@link SnapshotSealed}. */
    public static final String SNAPSHOT_SEALED = "dev.restitution.ledger.snapshot.sealed.v1";
    /** ledger-service moved an incident to its next state. Payload {@link IncidentStateChanged}. */
    public static final String INCIDENT_STATE_CHANGED = "dev.restitution.ledger.incident.state-changed.v1";
    /** ledger-service approved a round with at least one entitlement. Payload {@link RoundApproved}. */
    public static final String ROUND_APPROVED = "dev.restitution.ledger.round.approved.v1";

    /**
     * Version 1: ledger-service entitled a claim line in an approved round, one event per entitlement.
     * Payload {@link EntitlementIssued}. No longer published (see {@link #ENTITLEMENTS_ISSUED}); consumers
     * still read events of it published before.
     */
    public static final String ENTITLEMENT_ISSUED = "dev.restitution.ledger.entitlement.issued.v1";
    /**
     * Version 2: a page of at most {@link #ENTITLEMENTS_PER_PAGE} entitlements of one approved
     * round, with the round's entitlement root. Payload {@link EntitlementsIssued}.
     */
    public static final String ENTITLEMENTS_ISSUED = "dev.restitution.ledger.entitlement.issued.v2";

    /** claims-service approved a claim. Payload {@link ClaimApproved}. */
    public static final String CLAIM_APPROVED = "dev.restitution.claims.claim.approved.v1";
    /** claims-service rejected a claim after review. Payload {@link ClaimRejected}. */
    public static final String CLAIM_REJECTED = "dev.restitution.claims.claim.rejected.v1";
    /** A claimant withdrew their claim before a decision. Payload {@link ClaimWithdrawn}. */
    public static final String CLAIM_WITHDRAWN = "dev.restitution.claims.claim.withdrawn.v1";
    /**
     * A claimant replaced a payout address; it takes effect after the cool-down and nothing is paid on the claim's
     * chain before. Payload {@link PayoutAddressChanged}.
     */
    public static final String PAYOUT_ADDRESS_CHANGED = "dev.restitution.claims.payout-address.changed.v1";
    /** The claimant cancelled a pending payout address change. Payload {@link PayoutAddressChangeCancelled}. */
    public static final String PAYOUT_ADDRESS_CHANGE_CANCELLED = "dev.restitution.claims.payout-address.change-cancelled.v1";

    /** payout-service's batch transaction is final on-chain. Payload {@link PayoutSettled}. */
    public static final String PAYOUT_SETTLED = "dev.restitution.payout.batch.settled.v1";
    /** A payment order (one transaction) of payout-service's batch finally failed. Payload {@link PayoutFailed}. */
    public static final String PAYOUT_FAILED = "dev.restitution.payout.batch.failed.v1";
    /** payout-service's commitment transaction is confirmed on-chain. Payload {@link CommitmentPublished}. */
    public static final String COMMITMENT_PUBLISHED = "dev.restitution.payout.commitment.published.v1";
    /** payout-service added an address to its denylist or removed one. Payload {@link DenylistChanged}. */
    public static final String DENYLIST_CHANGED = "dev.restitution.payout.denylist.changed.v1";

    /** Most entitlements one {@link #ENTITLEMENTS_ISSUED} event carries (the schema's maxItems). */
    public static final int ENTITLEMENTS_PER_PAGE = 500;

    private record Registration(Class<?> payloadClass, String topic) {
    }

    private static final Map<String, Registration> REGISTRATIONS = registrations();

    private EventTypes() {
    }

    private static Map<String, Registration> registrations() {
        var registrations = new LinkedHashMap<String, Registration>();
        registrations.put(INCIDENT_DECLARED, new Registration(IncidentDeclared.class, Topics.LEDGER_INCIDENTS));
        registrations.put(SNAPSHOT_SEALED, new Registration(SnapshotSealed.class, Topics.LEDGER_INCIDENTS));
        registrations.put(INCIDENT_STATE_CHANGED, new Registration(IncidentStateChanged.class, Topics.LEDGER_INCIDENTS));
        registrations.put(ROUND_APPROVED, new Registration(RoundApproved.class, Topics.LEDGER_INCIDENTS));
        registrations.put(ENTITLEMENT_ISSUED, new Registration(EntitlementIssued.class, Topics.LEDGER_ENTITLEMENTS));
        registrations.put(ENTITLEMENTS_ISSUED, new Registration(EntitlementsIssued.class, Topics.LEDGER_ENTITLEMENTS));
        registrations.put(CLAIM_APPROVED, new Registration(ClaimApproved.class, Topics.CLAIMS_CLAIMS));
        registrations.put(CLAIM_REJECTED, new Registration(ClaimRejected.class, Topics.CLAIMS_CLAIMS));
        registrations.put(CLAIM_WITHDRAWN, new Registration(ClaimWithdrawn.class, Topics.CLAIMS_CLAIMS));
        registrations.put(PAYOUT_ADDRESS_CHANGED, new Registration(PayoutAddressChanged.class, Topics.CLAIMS_CLAIMS));
        registrations.put(PAYOUT_ADDRESS_CHANGE_CANCELLED,
                new Registration(PayoutAddressChangeCancelled.class, Topics.CLAIMS_CLAIMS));
        registrations.put(PAYOUT_SETTLED, new Registration(PayoutSettled.class, Topics.PAYOUT_PAYOUTS));
        registrations.put(PAYOUT_FAILED, new Registration(PayoutFailed.class, Topics.PAYOUT_PAYOUTS));
        registrations.put(COMMITMENT_PUBLISHED, new Registration(CommitmentPublished.class, Topics.PAYOUT_COMMITMENTS));
        registrations.put(DENYLIST_CHANGED, new Registration(DenylistChanged.class, Topics.PAYOUT_DENYLIST));
        // typeOf(Class) needs the mapping to be one to one.
        long distinctClasses = registrations.values().stream().map(Registration::payloadClass).distinct().count();
        if (distinctClasses != registrations.size()) {
            throw new IllegalStateException("two event types share a payload class: " + registrations);
        }
        return Collections.unmodifiableMap(registrations);
    }

    /** Every known event type, in declaration order. */
    public static Set<String> all() {
        return REGISTRATIONS.keySet();
    }

    /** The payload class of {@code type}, or empty when the type is unknown. */
    public static Optional<Class<?>> payloadClass(String type) {
        Objects.requireNonNull(type, "type");
        return Optional.ofNullable(REGISTRATIONS.get(type)).map(Registration::payloadClass);
    }

    /** The topic events of {@code type} are published on. */
    public static String topicOf(String type) {
        return registration(type).topic();
    }

    /** The event type whose payload is {@code payloadClass}. */
    public static String typeOf(Class<?> payloadClass) {
        Objects.requireNonNull(payloadClass, "payloadClass");
        return REGISTRATIONS.entrySet().stream()
                .filter(entry -> entry.getValue().payloadClass().equals(payloadClass))
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException(
                        "no event type has payload class " + payloadClass.getName()));
    }

    private static Registration registration(String type) {
        Objects.requireNonNull(type, "type");
        Registration registration = REGISTRATIONS.get(type);
        if (registration == null) {
            throw new IllegalArgumentException("unknown event type '" + type + "'");
        }
        return registration;
    }
}
