package dev.restitution.kit.audit;

import org.eclipse.microprofile.jwt.JsonWebToken;

/** The actor behind a request's bearer token: its subject and the user name Keycloak gives it. */
public final class Callers {

    private Callers() {
    }

    public static Actor of(JsonWebToken token) {
        String subject = token.getSubject();
        if (subject == null || subject.isBlank()) {
            throw new IllegalStateException("an authenticated caller's token carries a subject");
        }
        String username = token.getClaim("preferred_username");
        return new Actor(subject, username == null || username.isBlank() ? subject : username);
    }
}
