package dev.restitution.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.KeycloakAdmin;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The realm's users as the exchange's identity team registers affected users through Keycloak's admin API: each
 * claimant is a user with a password and their exchange account in the {@code account_id} attribute (which the
 * realm's mappers put into every token), and a member of the group that grants the claimant role.
 */
final class DemoRealm {

    /** The group whose members hold the claimant realm role. */
    static final String CLAIMANTS_GROUP = "demo-claimants";
    /** The administrator's token lives a minute; a fresh one is fetched well before. */
    private static final Duration ADMIN_TOKEN_REUSE = Duration.ofSeconds(30);

    private final String realmUrl;
    private final String adminApi;
    private final Api api = new Api();
    private String adminToken;
    private Instant adminTokenIssued = Instant.MIN;

    DemoRealm(String realmUrl) {
        this.realmUrl = Objects.requireNonNull(realmUrl, "realmUrl");
        int realms = realmUrl.lastIndexOf("/realms/");
        if (realms < 0) {
            throw new IllegalArgumentException("not a realm URL (.../realms/<realm>): " + realmUrl);
        }
        this.adminApi = realmUrl.substring(0, realms) + "/admin" + realmUrl.substring(realms);
    }

    /** Creates the claimants' group with the claimant realm role, unless an earlier seeding of this realm did. */
    void ensureClaimantsGroup() {
        api.post(adminApi + "/groups", adminToken(), Map.of("name", CLAIMANTS_GROUP), Set.of(201, 409), Map.of());
        JsonNode role = api.get(adminApi + "/roles/" + DemoUsers.Roles.CLAIMANT, adminToken());
        api.post(adminApi + "/groups/" + groupId() + "/role-mappings/realm", adminToken(),
                List.of(Map.of("id", role.get("id").asText(), "name", role.get("name").asText())), Set.of(204), Map.of());
    }

    /**
     * The demo password hashed as the realm stores alice's (the same password), to register the crowd with; empty when
     * the realm does not hash with Argon2 (then it hashes each claimant's plain password itself).
     */
    Optional<DemoPassword> hashedDemoPassword() {
        JsonNode users = api.get(adminApi + "/users?exact=true&username=" + DemoUsers.ALICE, adminToken());
        if (users.size() != 1) {
            throw new IllegalStateException("the realm lists " + users.size() + " users named " + DemoUsers.ALICE + ", not one");
        }
        for (JsonNode credential : api.get(adminApi + "/users/" + users.get(0).get("id").asText() + "/credentials", adminToken())) {
            if ("password".equals(credential.path("type").asText())) {
                return DemoPassword.hashedLike(credential.get("credentialData").asText(), DemoUsers.PASSWORD);
            }
        }
        throw new IllegalStateException(DemoUsers.ALICE + " has no password credential in the realm");
    }

    /**
     * Registers the claimant as an enabled user with the demo password (as {@code hashed}, when there is one), their
     * account id and the claimants' group; a user already registered under that name (an earlier seeding of this
     * realm) is left as it is.
     */
    void register(DemoClaimant claimant, Optional<DemoPassword> hashed) {
        Map<String, Object> user = Map.of(
                "username", claimant.username(),
                "enabled", true,
                "emailVerified", true,
                "firstName", "Demo",
                "lastName", "Claimant",
                "email", claimant.username() + "@example.com",
                "attributes", Map.of("account_id", List.of(claimant.accountId())),
                "groups", List.of("/" + CLAIMANTS_GROUP),
                "credentials", List.of(hashed.map(DemoPassword::credential)
                        .orElseGet(() -> Map.of("type", "password", "value", DemoUsers.PASSWORD, "temporary", false))));
        api.post(adminApi + "/users", adminToken(), user, Set.of(201, 409), Map.of());
    }

    /** The claimant's access token, as the realm issues it on a password sign-in (the CLI client's password grant). */
    String signIn(DemoClaimant claimant) {
        return api.form(realmUrl + "/protocol/openid-connect/token", Map.of("grant_type", "password",
                "client_id", DemoUsers.CLI_CLIENT_ID, "username", claimant.username(), "password", DemoUsers.PASSWORD))
                .get("access_token").asText();
    }

    private String groupId() {
        for (JsonNode group : api.get(adminApi + "/groups?exact=true&search=" + CLAIMANTS_GROUP, adminToken())) {
            if (CLAIMANTS_GROUP.equals(group.path("name").asText())) {
                return group.get("id").asText();
            }
        }
        throw new IllegalStateException("Keycloak lists no group " + CLAIMANTS_GROUP + " after creating it");
    }

    private synchronized String adminToken() {
        if (Instant.now().isAfter(adminTokenIssued.plus(ADMIN_TOKEN_REUSE))) {
            adminTokenIssued = Instant.now();
            adminToken = KeycloakAdmin.administratorToken(realmUrl);
        }
        return adminToken;
    }
}
