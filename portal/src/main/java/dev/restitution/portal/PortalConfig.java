package dev.restitution.portal;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** The portal's own settings (restitution.portal.*); Quarkus's are under quarkus.*. */
@ConfigMapping(prefix = "restitution.portal")
public interface PortalConfig {

    SignOut signOut();

    interface SignOut {
        /**
         * How long the instance a person signed out on refuses copies of their session cookie. It must cover the
         * portal client's token lifespan in the realm: once that has run out, the portal must refresh the tokens,
         * which Keycloak refuses for an ended session, on every instance alike.
         */
        Duration refuseCookiesFor();

        /** At most this many signed-out sessions are remembered at once (the least recently signed out go first). */
        int maxRemembered();
    }
}
