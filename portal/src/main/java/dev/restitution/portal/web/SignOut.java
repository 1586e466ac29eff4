package dev.restitution.portal.web;

import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Response;
import java.net.URI;

/**
 * Sign-out is a form (with the session's CSRF token, checked by {@link CsrfFilter}); it hands over to the OIDC
 * logout path, which clears the session cookie and ends the Keycloak session (RP-initiated logout).
 */
@Path("/sign-out")
public class SignOut {

    @POST
    public Response signOut() {
        return Response.seeOther(URI.create("/logout")).build();
    }
}
