package dev.restitution.portal.web;

import io.quarkus.oidc.IdToken;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * The signed-in person as pages see them: name, realm roles, exchange account and the form token of their
 * session. Templates reach it as {@code inject:user}. Roles only choose what the portal shows; every
 * service checks them again for each call.
 */
@RequestScoped
@Named("user")
public class PortalUser {

    /** How the services' APIs show a subject never recorded (common.yaml's Actor): this prefix and the user name. */
    static final String UNRECORDED_SUBJECT_PREFIX = "unrecorded:";

    public static final String CLAIMANT = "claimant";
    public static final String SUPPORT_AGENT = "support-agent";
    public static final String SUPPORT_LEAD = "support-lead";
    public static final String INCIDENT_ADMIN = "incident-admin";
    public static final String FINANCE_OPERATOR = "finance-operator";
    public static final String FINANCE_APPROVER = "finance-approver";
    public static final String AUDITOR = "auditor";
    public static final String EVENT_OPERATOR = "event-operator";

    @Inject
    SecurityIdentity identity;

    @Inject
    @IdToken
    JsonWebToken idToken;

    @Inject
    CsrfTokens csrfTokens;

    public boolean isSignedIn() {
        return !identity.isAnonymous();
    }

    /** The login name (Keycloak's preferred_username). */
    public String getName() {
        if (!isSignedIn()) {
            return "";
        }
        String preferred = idToken.getClaim("preferred_username");
        return preferred != null ? preferred : identity.getPrincipal().getName();
    }

    /** The subject the services record as actor (proposer, approver), beside the user name. */
    public String getSubject() {
        return isSignedIn() ? idToken.getSubject() : "";
    }

    /**
     * Whether an actor the services recorded (subject id and user name) is the signed-in person: the same subject,
     * as the services compare it; by user name only where the subject was never recorded (`unrecorded:` rows).
     */
    public boolean is(String subjectId, String username) {
        if (!isSignedIn() || subjectId == null) {
            return false;
        }
        return subjectId.startsWith(UNRECORDED_SUBJECT_PREFIX) ? getName().equals(username) : getSubject().equals(subjectId);
    }

    public Optional<String> accountId() {
        return isSignedIn() ? Optional.ofNullable(idToken.<String>getClaim("account_id")) : Optional.empty();
    }

    public String getAccountId() {
        return accountId().orElse("");
    }

    public Set<String> getRoles() {
        return identity.getRoles();
    }

    public boolean has(String role) {
        return identity.hasRole(role);
    }

    public boolean isClaimant() {
        return has(CLAIMANT);
    }

    public boolean isFinance() {
        return has(FINANCE_OPERATOR) || has(FINANCE_APPROVER);
    }

    public boolean isFinanceOperator() {
        return has(FINANCE_OPERATOR);
    }

    public boolean isFinanceApprover() {
        return has(FINANCE_APPROVER);
    }

    public boolean isAuditor() {
        return has(AUDITOR);
    }

    /** Whether the services' parked events (dead letters) are readable and replayable for this person. */
    public boolean isEventOperator() {
        return has(EVENT_OPERATOR);
    }

    public boolean isSupport() {
        return has(SUPPORT_AGENT) || has(SUPPORT_LEAD);
    }

    /** Whether the ledger's reports (recoveries, reconciliation, rounds) are readable for this person. */
    public boolean isLedgerReader() {
        return isFinance() || isAuditor();
    }

    /** The token every form of this session carries (hidden field {@value CsrfTokens#FORM_FIELD}). */
    public String getCsrfToken() {
        return csrfTokens.tokenFor(idToken);
    }
}
