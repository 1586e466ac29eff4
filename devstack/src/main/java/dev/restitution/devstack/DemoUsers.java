package dev.restitution.devstack;

import java.util.List;
import java.util.Optional;

/** The demo users of the restitution realm (restitution-realm.json): one place for tests and the run banner. */
public final class DemoUsers {

    /** Every demo user's password. Dev only. */
    public static final String PASSWORD = "restitution";

    public static final String IAN = "ian";
    public static final String FIONA = "fiona";
    public static final String FRANK = "frank";
    public static final String FAY = "fay";
    public static final String SAM = "sam";
    public static final String LENA = "lena";
    public static final String AUDREY = "audrey";
    public static final String OTTO = "otto";
    public static final String ALICE = "alice";
    public static final String BOB = "bob";

    public static final String ALICE_ACCOUNT_ID = "ACC-000001";
    public static final String BOB_ACCOUNT_ID = "ACC-000002";

    /** Realm roles, as Keycloak puts them into realm_access.roles. */
    public static final class Roles {
        public static final String CLAIMANT = "claimant";
        public static final String SUPPORT_AGENT = "support-agent";
        public static final String SUPPORT_LEAD = "support-lead";
        public static final String INCIDENT_ADMIN = "incident-admin";
        public static final String FINANCE_OPERATOR = "finance-operator";
        public static final String FINANCE_APPROVER = "finance-approver";
        public static final String AUDITOR = "auditor";
        /** Lists, inspects and replays the events the services parked on their dead-letter topics. */
        public static final String EVENT_OPERATOR = "event-operator";
        public static final String KYC_PROVIDER = "kyc-provider";
        /** Held by the services' service accounts (client credentials). */
        public static final String SERVICE = "service";
        /** Reads the public read models (no personal data); held only by the portal's transparency service account. */
        public static final String TRANSPARENCY_READER = "transparency-reader";

        private Roles() {
        }
    }

    /** A demo login: its realm role and, for claimants, the exchange account id in the token's account_id claim. */
    public record DemoUser(String username, String role, Optional<String> accountId) {
    }

    public static final List<DemoUser> ALL = List.of(
            new DemoUser(IAN, Roles.INCIDENT_ADMIN, Optional.empty()),
            new DemoUser(FIONA, Roles.FINANCE_OPERATOR, Optional.empty()),
            new DemoUser(FRANK, Roles.FINANCE_APPROVER, Optional.empty()),
            new DemoUser(FAY, Roles.FINANCE_APPROVER, Optional.empty()),
            new DemoUser(SAM, Roles.SUPPORT_AGENT, Optional.empty()),
            new DemoUser(LENA, Roles.SUPPORT_LEAD, Optional.empty()),
            new DemoUser(AUDREY, Roles.AUDITOR, Optional.empty()),
            new DemoUser(OTTO, Roles.EVENT_OPERATOR, Optional.empty()),
            new DemoUser(ALICE, Roles.CLAIMANT, Optional.of(ALICE_ACCOUNT_ID)),
            new DemoUser(BOB, Roles.CLAIMANT, Optional.of(BOB_ACCOUNT_ID)));

    /**
     * The dev-only TOTP secret of a demo user's enrolled second factor, as the realm file stores it (its UTF-8 bytes
     * are the key; {@link Totp#base32Secret()} is what an authenticator app takes). Every demo user has one.
     */
    public static Optional<String> totpSecret(String username) {
        return ALL.stream().anyMatch(user -> user.username().equals(username))
                ? Optional.of(devTotpSecret(username)) : Optional.empty();
    }

    /** The dev-only TOTP secret the demo gives a user it registers (the realm file's demo users have theirs too). */
    public static String devTotpSecret(String username) {
        return username + TOTP_SECRET_SUFFIX;
    }

    /** The issuer an authenticator app shows for the demo users' codes. */
    public static final String TOTP_ISSUER = "Restitution";
    private static final String TOTP_SECRET_SUFFIX = "-totp-dev-secret";

    /**
     * The public client with the password grant, for the operator CLI and tests; it also has the code flow (PKCE)
     * with {@link #CLI_REDIRECT_URI}, through which tests and the demo get step-up tokens (acr mfa).
     */
    public static final String CLI_CLIENT_ID = "restitution-cli";
    /** The redirect URI of {@link #CLI_CLIENT_ID}'s code flow: never served; the code is read from the redirect. */
    public static final String CLI_REDIRECT_URI = "http://127.0.0.1/restitution-cli/callback";
    /** The public client of the portal (authorization code + PKCE). */
    public static final String PORTAL_CLIENT_ID = "portal";
    /** The portal's confidential client for the public transparency pages (client credentials, role transparency-reader). */
    public static final String PORTAL_TRANSPARENCY_CLIENT_ID = "portal-transparency";
    /** Dev-only secret of {@link #PORTAL_TRANSPARENCY_CLIENT_ID}, as in the realm file. */
    public static final String PORTAL_TRANSPARENCY_CLIENT_SECRET = "portal-transparency-dev-secret";

    /** The confidential client of a service: "ledger" gives "ledger-service". */
    public static String serviceClientId(String service) {
        return service + "-service";
    }

    /** Dev-only secret of a service's confidential client, as in the realm file. */
    public static String serviceClientSecret(String service) {
        return serviceClientId(service) + "-dev-secret";
    }

    private DemoUsers() {
    }
}
