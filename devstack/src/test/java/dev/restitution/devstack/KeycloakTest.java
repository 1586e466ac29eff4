package dev.restitution.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KeycloakTest {

    private final DevStack stack = DevStack.shared();

    /** The claims service scopes a claimant to their exchange account through the account_id claim. */
    @Test
    void aliceTokenCarriesHerAccountId() {
        JsonNode claims = Tokens.claims(Tokens.forUser(stack.realmUrl(), DemoUsers.ALICE, DemoUsers.PASSWORD));
        assertEquals(DemoUsers.ALICE_ACCOUNT_ID, claims.path("account_id").asText());
    }

    /** Bob is another claimant with another account: tests of "only your own data" need two. */
    @Test
    void bobTokenCarriesHisOwnAccountId() {
        JsonNode claims = Tokens.claims(Tokens.forUser(stack.realmUrl(), DemoUsers.BOB, DemoUsers.PASSWORD));
        assertEquals(DemoUsers.BOB_ACCOUNT_ID, claims.path("account_id").asText());
    }

    /** Services authorize by realm role, read from realm_access.roles. */
    @Test
    void aliceTokenCarriesTheClaimantRole() {
        assertEquals(List.of(DemoUsers.Roles.CLAIMANT), realmRoles(Tokens.forUser(stack.realmUrl(), DemoUsers.ALICE, DemoUsers.PASSWORD)));
    }

    @Test
    void ianTokenCarriesTheIncidentAdminRole() {
        assertEquals(List.of(DemoUsers.Roles.INCIDENT_ADMIN), realmRoles(Tokens.forUser(stack.realmUrl(), DemoUsers.IAN, DemoUsers.PASSWORD)));
    }

    /** Every demo user can log in with the documented password and holds the documented role. */
    @Test
    void everyDemoUserLogsInWithTheirRole() {
        for (DemoUsers.DemoUser user : DemoUsers.ALL) {
            assertTrue(realmRoles(Tokens.forUser(stack.realmUrl(), user.username(), DemoUsers.PASSWORD)).contains(user.role()),
                    user.username() + " lacks " + user.role());
        }
    }

    /** Services call each other with client-credentials tokens of their service accounts, which hold the service role. */
    @Test
    void claimsServiceGetsAClientCredentialsTokenWithTheServiceRole() {
        String token = Tokens.forClient(stack.realmUrl(), DemoUsers.serviceClientId("claims"), DemoUsers.serviceClientSecret("claims"));
        JsonNode claims = Tokens.claims(token);
        assertEquals("claims-service", claims.path("azp").asText());
        assertTrue(realmRoles(token).contains(DemoUsers.Roles.SERVICE));
    }

    /** Tokens are only issued for the right password. */
    @Test
    void aWrongPasswordIsRefused() {
        Tokens.TokenRefusedException refused = assertThrows(Tokens.TokenRefusedException.class,
                () -> Tokens.forUser(stack.realmUrl(), DemoUsers.ALICE, "not-her-password"));
        assertEquals(400, refused.status());
        assertTrue(refused.getMessage().contains("invalid_grant"), refused.getMessage());
    }

    @Test
    void repeatedWrongPasswordsLockTheAccountForAWhile() {
        // Why: without brute-force detection anyone may guess a password as fast as Keycloak answers.
        String username = KeycloakAdmin.registerUser(stack.realmUrl(), "brute-force-target", "the-right-password",
                DemoUsers.Roles.CLAIMANT);
        Tokens.forUser(stack.realmUrl(), username, "the-right-password");
        for (int attempt = 0; attempt < 5; attempt++) {
            assertThrows(Tokens.TokenRefusedException.class, () -> Tokens.forUser(stack.realmUrl(), username, "a-guess"));
        }
        Tokens.TokenRefusedException locked = assertThrows(Tokens.TokenRefusedException.class,
                () -> Tokens.forUser(stack.realmUrl(), username, "the-right-password"));
        assertEquals(400, locked.status());
        assertTrue(locked.getMessage().contains("invalid_grant"), locked.getMessage());
    }

    @Test
    void staffCannotGetATokenWithThePasswordAlone() {
        // Why: staff must sign in with a second factor; a phished staff password alone must yield nothing,
        // in the password grant (the CLI's) as in the browser.
        for (DemoUsers.DemoUser user : DemoUsers.ALL) {
            if (user.role().equals(DemoUsers.Roles.CLAIMANT)) {
                continue;
            }
            Tokens.TokenRefusedException refused = assertThrows(Tokens.TokenRefusedException.class,
                    () -> Tokens.passwordGrant(stack.realmUrl(), DemoUsers.CLI_CLIENT_ID, user.username(),
                            DemoUsers.PASSWORD, Optional.empty()), user.username());
            assertEquals(400, refused.status());
        }
        Tokens.TokenRefusedException wrongCode = assertThrows(Tokens.TokenRefusedException.class,
                () -> Tokens.passwordGrant(stack.realmUrl(), DemoUsers.CLI_CLIENT_ID, DemoUsers.IAN,
                        DemoUsers.PASSWORD, Optional.of("000000")));
        assertEquals(400, wrongCode.status());
    }

    @Test
    void aPasswordGrantTokenIsOfThePasswordLevelAndAStepUpTokenOfTheMfaLevel() {
        // Why: the services read acr and auth_time to decide on step-up; the password grant cannot raise acr, so
        // step-up tokens come from the code flow with acr_values=mfa, and must carry a fresh auth_time.
        JsonNode password = Tokens.claims(Tokens.forUser(stack.realmUrl(), DemoUsers.BOB, DemoUsers.PASSWORD));
        assertEquals("pwd", password.path("acr").asText());
        JsonNode steppedUp = Tokens.claims(Tokens.steppedUp(stack.realmUrl(), DemoUsers.BOB, DemoUsers.PASSWORD));
        assertEquals("mfa", steppedUp.path("acr").asText());
        assertEquals(DemoUsers.BOB_ACCOUNT_ID, steppedUp.path("account_id").asText());
        long age = Instant.now().getEpochSecond() - steppedUp.path("auth_time").asLong();
        assertTrue(age >= -5 && age < 600, "auth_time is " + age + " s old");
    }

    @Test
    void aClaimantWithoutASecondFactorSignsInWithThePasswordAlone() {
        // Why: claimants are offered a second factor, not forced to enrol before they may look at their claim.
        String username = KeycloakAdmin.registerUser(stack.realmUrl(), "claimant-without-otp", "their-password",
                DemoUsers.Roles.CLAIMANT);
        JsonNode claims = Tokens.claims(Tokens.forUser(stack.realmUrl(), username, "their-password"));
        assertEquals("pwd", claims.path("acr").asText());
    }

    /** A wrong client secret gets no service token either. */
    @Test
    void aWrongClientSecretIsRefused() {
        assertThrows(Tokens.TokenRefusedException.class,
                () -> Tokens.forClient(stack.realmUrl(), DemoUsers.serviceClientId("ledger"), "not-the-secret"));
    }

    /** Services verify the issuer: it must be the 127.0.0.1 realm URL they are configured with. */
    @Test
    void tokensAreIssuedByTheLoopbackRealmUrl() {
        JsonNode claims = Tokens.claims(Tokens.forUser(stack.realmUrl(), DemoUsers.FIONA, DemoUsers.PASSWORD));
        assertEquals(stack.realmUrl(), claims.path("iss").asText());
        assertTrue(stack.realmUrl().startsWith("http://127.0.0.1:"));
    }

    /** Each service accepts only tokens naming it as an audience; the realm's clients name the services they call. */
    @Test
    void tokensNameTheServicesTheirClientCalls() {
        List<String> services = List.of("ledger-service", "claims-service", "payout-service");
        assertTrue(audiences(Tokens.forUser(stack.realmUrl(), DemoUsers.FIONA, DemoUsers.PASSWORD)).containsAll(services));
        assertEquals(List.of("claims-service"), audiences(Tokens.forClient(stack.realmUrl(), "kyc-provider", "kyc-provider-dev-secret")));
        assertEquals(List.of("ledger-service"), audiences(Tokens.forClient(stack.realmUrl(),
                DemoUsers.serviceClientId("payout"), DemoUsers.serviceClientSecret("payout"))));
        // claims-service also reads claimants' verified mail addresses through the admin API (realm-management view-users).
        assertEquals(List.of("ledger-service", "realm-management"), audiences(Tokens.forClient(stack.realmUrl(),
                DemoUsers.serviceClientId("claims"), DemoUsers.serviceClientSecret("claims"))).stream().sorted().toList());
    }

    /** Another application of the realm gets the user's roles but names no service: the services must refuse it. */
    @Test
    void anotherApplicationsTokenCarriesTheRolesButNoServiceAudience() {
        String token = KeycloakAdmin.tokenOfAnotherApplication(stack.realmUrl(), DemoUsers.IAN, DemoUsers.PASSWORD);
        assertEquals(List.of(DemoUsers.Roles.INCIDENT_ADMIN), realmRoles(token));
        assertTrue(audiences(token).stream().noneMatch(audience -> audience.endsWith("-service")), audiences(token).toString());
    }

    private static List<String> audiences(String token) {
        JsonNode audience = Tokens.claims(token).path("aud");
        List<String> audiences = new ArrayList<>();
        if (audience.isArray()) {
            audience.forEach(entry -> audiences.add(entry.asText()));
        } else if (!audience.isMissingNode()) {
            audiences.add(audience.asText());
        }
        return audiences;
    }

    private static List<String> realmRoles(String token) {
        List<String> roles = new ArrayList<>();
        Tokens.claims(token).path("realm_access").path("roles").forEach(role -> roles.add(role.asText()));
        return roles;
    }
}
