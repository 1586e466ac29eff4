package dev.restitution.claims.security;

import dev.restitution.kit.audit.Actor;
import dev.restitution.claims.claim.ClaimService;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.enterprise.context.RequestScoped;
import java.util.Optional;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** Who calls, from the bearer token: a claimant's exchange account, and who they are (subject id and user name). */
@RequestScoped
public class Callers {

    static final String ACCOUNT_CLAIM = "account_id";

    private final JsonWebToken token;
    private final SecurityIdentity identity;

    public Callers(JsonWebToken token, SecurityIdentity identity) {
        this.token = token;
        this.identity = identity;
    }

    /** The calling claimant: their exchange account (token claim account_id) and name. */
    public ClaimService.Caller claimant() {
        Object accountId = token.getClaim(ACCOUNT_CLAIM);
        if (accountId == null || accountId.toString().isBlank()) {
            throw new ProblemException(ProblemDetails.of("no-account", "No exchange account", 403,
                    "The token carries no account_id claim, so no claim belongs to it."));
        }
        return new ClaimService.Caller(accountId.toString(), actor());
    }

    public Actor actor() {
        return dev.restitution.kit.audit.Callers.of(token);
    }

    public boolean staff() {
        return identity.hasRole(Roles.SUPPORT_AGENT) || identity.hasRole(Roles.SUPPORT_LEAD)
                || identity.hasRole(Roles.AUDITOR);
    }

    /** Staff reach every claim; a claimant only their own account's. */
    public Optional<String> onlyAccountOfClaimant() {
        return staff() ? Optional.empty() : Optional.of(claimant().accountId());
    }
}
