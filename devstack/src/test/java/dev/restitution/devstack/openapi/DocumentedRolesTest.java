package dev.restitution.devstack.openapi;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentedRolesTest {

    @Path("")
    interface ThingsApi {
        @GET
        @Path("/things")
        String listThings();

        @POST
        @Path("/things/{id}/cancellation")
        String cancelThing(String id);
    }

    @Path("")
    interface PublicApi {
        @GET
        @Path("/public")
        String readPublic();
    }

    static class ThingsResource implements ThingsApi {
        @Override
        @RolesAllowed({"finance-operator", "auditor"})
        public String listThings() {
            return "";
        }

        @Override
        @RolesAllowed({"finance-operator", "finance-approver"})
        public String cancelThing(String id) {
            return id;
        }
    }

    @PermitAll
    static class PublicResource implements PublicApi {
        @Override
        public String readPublic() {
            return "";
        }
    }

    private static List<String> differences(String paths, Class<?>... resources) {
        String document = "openapi: 3.0.3\ninfo: {title: things, version: '1'}\npaths:\n" + paths;
        return DocumentedRoles.differences(ApiDocument.parse(document).model(), List.of(resources));
    }

    private static final String THINGS = """
              /things:
                get:
                  x-roles: [auditor, finance-operator]
                  responses: {'200': {description: ok}}
              /things/{id}/cancellation:
                post:
                  x-roles: [finance-operator]
                  parameters: [{name: id, in: path, required: true, schema: {type: string}}]
                  responses: {'200': {description: ok}}
            """;

    @Test
    void rolesTheCodeAllowsBeyondTheDocumentAreReported() {
        // Why: the batch cancellation drift (an approver allowed by code, not by the document) must fail a test.
        assertEquals(List.of("POST /things/{id}/cancellation: the document allows [finance-operator], the code "
                + "[finance-approver, finance-operator]"), differences(THINGS, ThingsResource.class));
    }

    @Test
    void anOperationWithoutRolesOrWithoutCodeIsReported() {
        // Why: an operation nobody enforces or documents roles for is drift in either direction.
        assertEquals(List.of("GET /things: documented, but no resource method implements it",
                "GET /things: the document names no x-roles"), differences("""
                  /things:
                    get:
                      responses: {'200': {description: ok}}
                """));
    }

    @Test
    void anEndpointTheDocumentDoesNotListIsReported() {
        // Why: the code serving more than the document says is drift too.
        assertEquals(List.of("GET /public: served, but the document does not list it"),
                differences(THINGS, ThingsResource.class, PublicResource.class).stream()
                        .filter(line -> line.startsWith("GET /public")).toList());
    }

    @Test
    void aPublicOperationMustAlsoWaiveSecurityInTheDocument() {
        // Why: x-roles [anonymous] with a bearer requirement would tell clients two different things.
        assertEquals(List.of("GET /public: the document allows [anonymous, anonymous without security: []], the code [anonymous]"),
                differences("""
                  /public:
                    get:
                      x-roles: [anonymous]
                      responses: {'200': {description: ok}}
                """, PublicResource.class));
        assertEquals(List.of(), differences("""
                  /public:
                    get:
                      x-roles: [anonymous]
                      security: []
                      responses: {'200': {description: ok}}
                """, PublicResource.class));
    }
}
