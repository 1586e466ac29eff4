package dev.restitution.portal;

import io.smallrye.config.ConfigMapping;
import java.time.Duration;

/** The portal's own settings (restitution.portal.*); Quarkus's are under quarkus.*. */
@ConfigMapping(prefix = "restitution.portal")
public interface PortalConfig {

    SignOut signOut();

    Transparency transparency();

    /** The public transparency pages (/transparency): served without login, so cached and rate-limited. */
    interface Transparency {
        /** How long a report read from the services is served before it is read again. */
        Duration cacheTtl();

        /** At most this many reports (incident and payout page) are kept at once. */
        int cacheMaxEntries();

        /** Settled payout transactions per page. */
        int payoutsPageSize();

        /** The highest payout page a request may ask for (the services' offset limit bounds it too). */
        int maxPayoutPage();

        /** Requests one client address may make per minute, on average, to /transparency. */
        int requestsPerMinute();

        /** Requests one client address may make at once before the per-minute rate applies. */
        int burst();

        /** At most this many client addresses are remembered (the least recently seen go first). */
        int maxClients();
    }

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
