package dev.restitution.claims.security;

/** Realm roles of the restitution Keycloak realm that claims endpoints name. */
public final class Roles {
    public static final String CLAIMANT = "claimant";
    public static final String SUPPORT_AGENT = "support-agent";
    public static final String SUPPORT_LEAD = "support-lead";
    public static final String AUDITOR = "auditor";
    public static final String INCIDENT_ADMIN = "incident-admin";
    public static final String KYC_PROVIDER = "kyc-provider";

    /** Lists, inspects and replays the events this service parked on its dead-letter topics. */
    public static final String EVENT_OPERATOR = "event-operator";

    private Roles() {
    }
}
