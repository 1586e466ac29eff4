package dev.restitution.ledger.security;

/** Realm roles of the restitution Keycloak realm that ledger endpoints name. */
public final class Roles {
    public static final String INCIDENT_ADMIN = "incident-admin";
    public static final String FINANCE_OPERATOR = "finance-operator";
    public static final String FINANCE_APPROVER = "finance-approver";
    public static final String AUDITOR = "auditor";
    public static final String SUPPORT_AGENT = "support-agent";
    public static final String SUPPORT_LEAD = "support-lead";
    /** An affected exchange user; the token's account_id claim names their account. */
    public static final String CLAIMANT = "claimant";
    /** Held by the service accounts of the other services (client-credentials tokens). */
    public static final String SERVICE = "service";
    /** Reads the public read models (no personal data): the portal's transparency service account only. */
    public static final String TRANSPARENCY_READER = "transparency-reader";

    /** Lists, inspects and replays the events this service parked on its dead-letter topics. */
    public static final String EVENT_OPERATOR = "event-operator";

    private Roles() {
    }
}
