package dev.restitution.portal.verify;

import dev.restitution.portal.web.SecurityHeaders;
import io.quarkus.qute.Location;
import io.quarkus.qute.Template;
import io.smallrye.common.annotation.Blocking;
import io.vertx.ext.web.RoutingContext;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Optional;
import org.jboss.resteasy.reactive.RestQuery;

/**
 * The independent verifier, open to anyone without signing in: a page whose script (bundled at build time from
 * verifier/verify.mjs, the same checks as the command-line verifier) reads a proof file from the person's own disk
 * and checks it against the chain through the RPC they name. The portal only serves the page: the browser's content
 * security policy lets it connect to that RPC's origin and to nothing else, not even the portal (without an RPC, to
 * nothing at all), so neither the file nor what the chain answers ever reaches us.
 */
@Path("/verify")
@Blocking
@Produces(MediaType.TEXT_HTML)
public class VerifyPage {

    private final Template page;

    public VerifyPage(@Location("verify/verify.html") Template page) {
        this.page = page;
    }

    @GET
    public Response verify(@RestQuery String rpc, RoutingContext routing) {
        String named = rpc == null ? "" : rpc.strip();
        if (named.isEmpty()) {
            SecurityHeaders.allowConnectionsOnlyTo(routing, "'none'");
            return Response.ok(page.data("rpc", "").data("origin", null).data("rpcError", null)).build();
        }
        Optional<String> refusal = RpcUrl.refusal(named);
        if (refusal.isPresent()) {
            SecurityHeaders.allowConnectionsOnlyTo(routing, "'none'");
            return Response.status(Response.Status.BAD_REQUEST)
                    .entity(page.data("rpc", named).data("origin", null).data("rpcError", refusal.get())).build();
        }
        String origin = RpcUrl.origin(named);
        SecurityHeaders.allowConnectionsOnlyTo(routing, origin);
        return Response.ok(page.data("rpc", named).data("origin", origin).data("rpcError", null)).build();
    }
}
