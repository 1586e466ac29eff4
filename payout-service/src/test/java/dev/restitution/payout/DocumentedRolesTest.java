package dev.restitution.payout;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.devstack.openapi.ApiDocument;
import dev.restitution.devstack.openapi.DocumentedRoles;
import dev.restitution.payout.security.Roles;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentedRolesTest {

    @Test
    void everyOperationAllowsExactlyTheRolesItsDocumentNames() {
        // Why: integrators and the portal read who may call what in the document; a role the code adds or drops alone is drift.
        assertEquals(List.of(), DocumentedRoles.differences(ApiDocument.served().model(),
                DocumentedRoles.resourcesBeside(Roles.class)));
    }
}
