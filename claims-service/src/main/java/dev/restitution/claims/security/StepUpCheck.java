package dev.restitution.claims.security;

import dev.restitution.kit.security.StepUp;
import jakarta.enterprise.context.RequestScoped;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.jwt.Claims;
import org.eclipse.microprofile.jwt.JsonWebToken;

/** The step-up rule ({@link StepUp}) applied to the caller's token: acr and auth_time, against the service clock. */
@RequestScoped
public class StepUpCheck {

    private final StepUp stepUp;
    private final JsonWebToken token;
    private final Clock clock;

    public StepUpCheck(@ConfigProperty(name = "restitution.step-up.max-age", defaultValue = "PT10M") Duration maxAge,
                       JsonWebToken token, Clock clock) {
        this.stepUp = new StepUp(maxAge);
        this.token = token;
        this.clock = clock;
    }

    /** Refuses (401 step-up-required) unless the caller's sign-in used a second factor recently enough. */
    public void require(String action) {
        Optional<String> acr = Optional.ofNullable(token.getClaim(Claims.acr.name())).map(Object::toString);
        Optional<Long> authTime = Optional.ofNullable(token.getClaim(Claims.auth_time.name()))
                .map(value -> value instanceof Number number ? number.longValue() : Long.parseLong(value.toString()));
        stepUp.require(action, acr, authTime, clock.instant());
    }
}
