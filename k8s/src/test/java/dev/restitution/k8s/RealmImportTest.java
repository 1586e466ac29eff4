package dev.restitution.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.restitution.k8s.realm.RealmImports;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.keycloak.representations.idm.ClientRepresentation;
import org.keycloak.representations.idm.RealmRepresentation;
import org.keycloak.representations.idm.UserRepresentation;

class RealmImportTest {

    private static final JsonNode DEVSTACK_REALM = RealmImports.readDevstackRealm(Rendering.REPOSITORY_ROOT);

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void theCommittedRealmImportIsTheOneGeneratedFromTheDevstackRealm(RealmImports.Overlay overlay) throws IOException {
        // Why: the cluster's realm must not drift from the realm every test runs against.
        String committed = Files.readString(Rendering.K8S.resolve(overlay.directory()).resolve(RealmImports.IMPORT_FILE));
        assertEquals(RealmImports.yaml(overlay, DEVSTACK_REALM), committed,
                overlay.directory() + "/" + RealmImports.IMPORT_FILE + " is out of step with the devstack realm: run "
                        + "./mvnw -B -q -pl k8s compile exec:java and commit the result");
        List<ObjectNode> imports = Rendering.ofKind(overlay, "KeycloakRealmImport");
        assertEquals(1, imports.size());
        assertEquals(RealmImports.realm(overlay, DEVSTACK_REALM), imports.getFirst().path("spec").path("realm"));
        assertEquals(Rendering.name(Rendering.ofKind(overlay, "Keycloak").getFirst()),
                imports.getFirst().path("spec").path("keycloakCRName").asText());
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void thePortalClientRedirectsToThePortalIngress(RealmImports.Overlay overlay) {
        // Why: Keycloak refuses a login whose redirect URI is not the portal's real address.
        URI origin = URI.create(overlay.portalOrigin());
        ObjectNode ingress = Rendering.named(overlay, "Ingress", "portal");
        assertEquals(origin.getHost(), ingress.path("spec").path("rules").get(0).path("host").asText());
        boolean tls = Workloads.iterable(ingress.path("spec").path("tls")).stream()
                .anyMatch(entry -> Workloads.iterable(entry.path("hosts")).stream().anyMatch(host -> origin.getHost().equals(host.asText())));
        assertEquals(origin.getScheme().equals("https"), tls, "the portal is served over TLS exactly when its origin is https");
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void thePortalsSessionCookiesAreSecureExactlyWhenItIsServedOverTls(RealmImports.Overlay overlay) {
        // Why: TLS ends at the Ingress, so the portal sees plain http and marks its session cookies Secure only when told.
        String variable = "QUARKUS_OIDC_AUTHENTICATION_COOKIE_FORCE_SECURE";
        ObjectNode deployment = Workloads.deployment(overlay, "portal");
        boolean forced = Workloads.environment(overlay, Workloads.containers(deployment).getFirst()).containsKey(variable)
                && "true".equals(Workloads.literal(overlay, deployment, variable));
        assertEquals(URI.create(overlay.portalOrigin()).getScheme().equals("https"), forced,
                "the portal's cookies are forced Secure exactly when its origin is https");
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void everyRealmLocksAnAccountOutForAWhileAfterRepeatedWrongPasswords(RealmImports.Overlay overlay) {
        // Why: without brute-force detection anyone may guess a password as fast as Keycloak answers.
        JsonNode realm = Rendering.ofKind(overlay, "KeycloakRealmImport").getFirst().path("spec").path("realm");
        assertTrue(realm.path("bruteForceProtected").asBoolean(false), "brute-force detection is on");
        assertFalse(realm.path("permanentLockout").asBoolean(true), "a lockout is temporary: a guesser cannot lock a person out for good");
        assertTrue(realm.path("failureFactor").asInt(0) > 0, "a number of failures locks the account");
    }

    @Test
    void productionRealmHasNoDemoUsersNoPasswordGrantAndNoDevelopmentSecrets() throws IOException {
        // Why: the demo users' shared password and the dev client secrets are public; production must carry neither.
        ObjectNode realmImport = Rendering.ofKind(RealmImports.Overlay.PROD, "KeycloakRealmImport").getFirst();
        KeycloakResources.KeycloakRealmImport parsed = StrictSchemas.MAPPER.treeToValue(realmImport, KeycloakResources.KeycloakRealmImport.class);
        RealmRepresentation realm = parsed.spec().realm();
        assertNotNull(realm);
        for (UserRepresentation user : realm.getUsers()) {
            assertNotNull(user.getServiceAccountClientId(), user.getUsername() + " is a person, not a service account");
            assertTrue(user.getCredentials() == null || user.getCredentials().isEmpty(), user.getUsername() + " carries credentials");
        }
        Set<String> placeholders = new TreeSet<>();
        for (ClientRepresentation client : realm.getClients()) {
            assertFalse(Boolean.TRUE.equals(client.isDirectAccessGrantsEnabled()), client.getClientId() + " allows the password grant");
            if (client.getSecret() != null) {
                String expected = "${" + RealmImports.placeholderName(client.getClientId()) + "}";
                assertEquals(expected, client.getSecret(), client.getClientId() + "'s secret comes from a Secret");
                placeholders.add(RealmImports.placeholderName(client.getClientId()));
            }
            List<String> uris = client.getRedirectUris() == null ? List.of() : client.getRedirectUris();
            uris.forEach(uri -> assertTrue(uri.startsWith("https://"), client.getClientId() + " redirects to " + uri));
        }
        assertEquals(placeholders, parsed.spec().placeholders().keySet(), "every placeholder the realm uses is bound to a Secret");
        parsed.spec().placeholders().values()
                .forEach(placeholder -> assertEquals(RealmImports.CLIENT_SECRETS_SECRET, placeholder.secret().getName()));
        assertEquals("external", realm.getSslRequired());
        Set<String> devstackRoles = new TreeSet<>();
        DEVSTACK_REALM.path("roles").path("realm").forEach(role -> devstackRoles.add(role.path("name").asText()));
        Set<String> productionRoles = new TreeSet<>();
        realm.getRoles().getRealm().forEach(role -> productionRoles.add(role.getName()));
        assertEquals(devstackRoles, productionRoles, "production keeps every role the services check");
    }

    @Test
    void productionKeycloakServesTlsAtItsPublicHostname() {
        // Why: tokens and passwords cross the internet only over TLS, and every token's issuer is the public hostname.
        JsonNode spec = Rendering.named(RealmImports.Overlay.PROD, "Keycloak", "keycloak").path("spec");
        assertTrue(spec.path("hostname").path("hostname").asText().startsWith("https://"));
        assertFalse(spec.path("http").path("tlsSecret").asText("").isEmpty());
        assertFalse(spec.path("ingress").path("tlsSecret").asText("").isEmpty());
        assertTrue(spec.path("hostname").path("backchannelDynamic").asBoolean(false),
                "services inside the cluster reach Keycloak at its in-cluster address");
    }
}
