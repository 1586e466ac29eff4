package dev.restitution.payout.security;

/** Realm roles of the restitution Keycloak realm that payout endpoints name. */
public final class Roles {
    public static final String INCIDENT_ADMIN = "incident-admin";
    public static final String SUPPORT_AGENT = "support-agent";
    public static final String SUPPORT_LEAD = "support-lead";
    public static final String FINANCE_OPERATOR = "finance-operator";
    public static final String FINANCE_APPROVER = "finance-approver";
    public static final String AUDITOR = "auditor";
    /** The service accounts of the other Restitution services (client credentials). */
    public static final String SERVICE = "service";
    /** Reads the public read models (no personal data): the portal's transparency service account only. */
    public static final String TRANSPARENCY_READER = "transparency-reader";

    /** Lists, inspects and replays the events this service parked on its dead-letter topics. */
    public static final String EVENT_OPERATOR = "event-operator";

    private Roles() {
    }
}
