package dev.restitution.kit.security;

import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Step-up: an action that changes where money goes (submitting a claim, replacing a proven payout address) needs a
 * token whose sign-in used a second factor ({@code acr} = {@value #ACR_MFA}) no longer ago than the configured maximum
 * age ({@code auth_time}, config {@code restitution.step-up.max-age}). Otherwise the caller gets a 401 problem
 * {@code step-up-required} with the RFC 9470 challenge telling the client what to ask the realm for. Pure: the
 * caller hands over the token's claims and the time.
 */
public final class StepUp {

    /** The acr of a sign-in with a second factor (realm attribute acr.loa.map {"pwd":1,"mfa":2}). */
    public static final String ACR_MFA = "mfa";
    /** The problem type name of a refusal, under {@link ProblemDetails#TYPE_PREFIX}. */
    public static final String PROBLEM_TYPE = "step-up-required";
    /** RFC 9470's error code in the challenge. */
    public static final String ERROR = "insufficient_user_authentication";

    private final Duration maxAge;

    public StepUp(Duration maxAge) {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxAge.isNegative() || maxAge.isZero() || maxAge.toSeconds() < 1) {
            throw new IllegalArgumentException("restitution.step-up.max-age must be at least one second, not " + maxAge);
        }
        this.maxAge = maxAge;
    }

    public Duration maxAge() {
        return maxAge;
    }

    /**
     * Why a token with these claims is not stepped up at {@code now}, or empty when it is.
     *
     * @param acr      the token's {@code acr} claim, if any
     * @param authTime the token's {@code auth_time} claim (epoch seconds), if any
     */
    public Optional<String> shortfall(Optional<String> acr, Optional<Long> authTime, Instant now) {
        if (acr.isEmpty() || !ACR_MFA.equals(acr.get())) {
            return Optional.of("The sign-in of this token used no second factor (acr " + acr.orElse("absent")
                    + "; " + ACR_MFA + " is needed).");
        }
        if (authTime.isEmpty()) {
            return Optional.of("The token carries no auth_time, so the age of its second factor is unknown.");
        }
        Instant signedIn = Instant.ofEpochSecond(authTime.get());
        if (signedIn.plus(maxAge).isBefore(now)) {
            return Optional.of("The second factor of this token was used at " + signedIn + ", more than "
                    + maxAge.toSeconds() + " seconds ago.");
        }
        return Optional.empty();
    }

    /**
     * Throws the {@code step-up-required} problem (401 with the challenge) unless the token is stepped up; the
     * action is named in the problem, and nothing was written.
     */
    public void require(String action, Optional<String> acr, Optional<Long> authTime, Instant now) {
        Optional<String> shortfall = shortfall(acr, authTime, now);
        if (shortfall.isPresent()) {
            throw new ProblemException(ProblemDetails.of(PROBLEM_TYPE, "Second factor required", 401,
                    action + " needs a sign-in with a second factor within the last " + maxAge.toSeconds()
                            + " seconds. " + shortfall.get() + " Sign in again with acr_values=" + ACR_MFA
                            + " and max_age=" + maxAge.toSeconds() + "; nothing was written."),
                    Map.of("WWW-Authenticate", challenge()));
        }
    }

    /** The RFC 9470 challenge: {@code Bearer error="insufficient_user_authentication", acr_values="mfa", max_age=600}. */
    public String challenge() {
        return "Bearer error=\"" + ERROR + "\", acr_values=\"" + ACR_MFA + "\", max_age=" + maxAge.toSeconds();
    }
}
