package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.realmUrl;
import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.claim.ClaimSteps.as;
import static dev.restitution.claims.claim.ClaimSteps.outboxEvents;
import static dev.restitution.claims.claim.ClaimSteps.proveEthereumAddress;
import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.claims.keycloak.RealmUsers;
import dev.restitution.claims.secondfactor.keycloak.KeycloakSecondFactors;
import dev.restitution.contracts.events.PayoutAddressChanged;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.DevStack;
import dev.restitution.devstack.KeycloakAdmin;
import dev.restitution.devstack.Mailbox;
import dev.restitution.devstack.Tokens;
import dev.restitution.devstack.Totp;
import dev.restitution.kit.events.EventCodec;
import dev.restitution.kit.events.EventTypes;
import io.quarkus.oidc.client.OidcClient;
import io.quarkus.test.junit.QuarkusMock;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A lost second factor reset by two support-leads (four eyes), in the real Keycloak, followed by the payout-address
 * cool-down (6 seconds in the test profile). Each test registers its own claimant (with an enrolled TOTP factor) and
 * second support-lead, so no demo user loses their factor.
 */
@QuarkusTest
class SecondFactorResetTest {

    private static final Duration COOL_DOWN = Duration.ofSeconds(6);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final ClaimsFixture fixture = new ClaimsFixture();
    private final EventCodec codec = new EventCodec();

    @Inject
    OidcClient serviceAccount;

    @Inject
    ObjectMapper json;

    @Inject
    RealmUsers realmUsers;

    @AfterEach
    void close() {
        fixture.close();
    }

    /** A user registered for one test: name, Keycloak id, account (claimants) and TOTP of their enrolled factor. */
    private record User(String username, String id, String accountId, Totp totp) {
        String email() {
            return username + "@example.com";
        }

        RequestSpecification caller() {
            return given().auth().oauth2(Tokens.steppedUp(realmUrl(), username, DemoUsers.PASSWORD, totp));
        }
    }

    @Test
    void twoLeadsResetTheFactorInKeycloakEndTheSessionsAndTheClaimantIsMailedOnce() throws Exception {
        // Why: the reset is the way back in for a claimant who lost their phone, and a way in for a social engineer:
        // it needs two different support-leads, really removes the factor, and the claimant hears of it at once.
        User claimant = register("reset-claimant", "claimant", true);
        User secondLead = register("reset-lead", "support-lead", false);
        claimant.caller().when().get("/incidents").then().statusCode(200);
        assertTrue(admin("/users/" + claimant.id() + "/sessions").size() > 0, "the claimant has a session to end");
        String resetId = request(claimant.accountId()).getString("id");
        as(DemoUsers.SAM).when().get("/second-factor-resets").then().statusCode(200)
                .body("items.id", hasItem(resetId));
        as(DemoUsers.LENA).when().post("/second-factor-resets/" + resetId + "/approval").then().statusCode(403)
                .body("type", containsString("own-request"));
        as(DemoUsers.ALICE).when().post("/second-factor-resets/" + resetId + "/approval").then().statusCode(403);
        as(DemoUsers.SAM).when().post("/second-factor-resets/" + resetId + "/approval").then().statusCode(403);
        assertEquals(1, otpCredentials(claimant), "nothing reset before the second lead approves");
        Instant before = Instant.now();
        JsonPath approved = secondLead.caller().when().post("/second-factor-resets/" + resetId + "/approval")
                .then().statusCode(200).body("state", equalTo("APPROVED"))
                .body("decidedBy.username", equalTo(secondLead.username())).extract().jsonPath();
        Instant coolDownEndsAt = OffsetDateTime.parse(approved.getString("coolDownEndsAt")).toInstant();
        assertTrue(!coolDownEndsAt.isBefore(before.plus(COOL_DOWN).minusSeconds(1)), "the cool-down runs from approval");
        assertEquals(0, otpCredentials(claimant), "the OTP credential is gone in Keycloak");
        assertEquals(0, admin("/users/" + claimant.id() + "/sessions").size(), "every session of the claimant ended");
        secondLead.caller().when().post("/second-factor-resets/" + resetId + "/approval").then().statusCode(409)
                .body("type", containsString("second-factor-reset-decided"));
        assertTrue(approved.getString("factorRemovedAt") != null, "the removal is recorded");
        assertEquals(3, rows("audit_entry where chain_key = '" + resetId + "'"),
                "requested, approved and removed, audited");
        Mailbox mailbox = DevStack.shared().mailbox();
        // Other tests' "claims are open" campaigns may mail every verified user meanwhile: only reset mails count.
        mailbox.await(claimant.email(), messages -> messages.stream().anyMatch(SecondFactorResetTest::resetMail),
                Duration.ofSeconds(30));
        Thread.sleep(2000);
        List<Mailbox.Message> mails = mailbox.to(claimant.email()).stream().filter(SecondFactorResetTest::resetMail).toList();
        assertEquals(1, mails.size(), "one mail per reset");
        assertTrue(mails.getFirst().text().contains("contact support"), mails.getFirst().text());
    }

    private static boolean resetMail(Mailbox.Message mail) {
        return "Your second factor was reset".equals(mail.subject());
    }

    @Test
    void badRequestsAndOtherRolesAreRefusedAndWriteNothing() throws Exception {
        // Why: only a support-lead may start a reset, with a reason; anything else must leave no trace.
        long resets = rows("second_factor_reset");
        invalid(Map.of("accountId", "ACC-1")).body("errors.field", hasItem("reason"));
        request(Map.of("accountId", "ACC-1", "reason", " "), 400).body("errors.field", hasItem("reason"));
        invalid(Map.of("accountId", "ACC-1", "reason", "x".repeat(2001))).body("errors.field", hasItem("reason"));
        invalid(Map.of("accountId", "has space", "reason", "lost phone")).body("errors.field", hasItem("accountId"));
        for (String other : List.of(DemoUsers.ALICE, DemoUsers.SAM, DemoUsers.AUDREY, DemoUsers.FIONA)) {
            as(other).contentType(ContentType.JSON).body(Map.of("accountId", "ACC-1", "reason", "lost phone"))
                    .when().post("/second-factor-resets").then().statusCode(403);
        }
        as(DemoUsers.ALICE).when().get("/second-factor-resets").then().statusCode(403);
        assertEquals(resets, rows("second_factor_reset"));
        // A second request while one waits is refused; a rejection leaves the factor where it is.
        User claimant = register("reset-claimant", "claimant", true);
        User secondLead = register("reset-lead", "support-lead", false);
        String resetId = request(claimant.accountId()).getString("id");
        request(Map.of("accountId", claimant.accountId(), "reason", "again"), 409)
                .body("type", containsString("second-factor-reset-open"));
        secondLead.caller().when().post("/second-factor-resets/" + resetId + "/rejection").then().statusCode(200)
                .body("state", equalTo("REJECTED")).body("coolDownEndsAt", org.hamcrest.Matchers.nullValue());
        assertEquals(1, otpCredentials(claimant));
        as(DemoUsers.SAM).when().get("/second-factor-resets").then().body("items.id", not(hasItem(resetId)));
    }

    @Test
    void anUnreachableKeycloakFailsTheApprovalWith503AndRecordsNothingSoItCanBeRetried() throws Exception {
        // Why: an approval recorded while the factor was not removed would tell support and the claimant a lie.
        User claimant = register("reset-claimant", "claimant", true);
        User secondLead = register("reset-lead", "support-lead", false);
        String resetId = request(claimant.accountId()).getString("id");
        QuarkusMock.installMockForType(new KeycloakSecondFactors(unreachableRealm()), KeycloakSecondFactors.class);
        secondLead.caller().when().post("/second-factor-resets/" + resetId + "/approval").then().statusCode(503)
                .header("Retry-After", notNullValue()).body("type", containsString("keycloak-unavailable"));
        as(DemoUsers.SAM).when().get("/second-factor-resets").then().statusCode(200)
                .body("items.find { it.id == '" + resetId + "' }.state", equalTo("REQUESTED"));
        assertEquals(1, otpCredentials(claimant));
        assertEquals(1, rows("audit_entry where chain_key = '" + resetId + "'"), "only the request is audited");
        assertEquals(0, rows("notification where event_id = '" + resetId + "'"), "no mail for a reset not done");
        // Still REQUESTED: the approval may be tried again (here rejected, so nothing is left open).
        secondLead.caller().when().post("/second-factor-resets/" + resetId + "/rejection").then().statusCode(200);
    }

    @Test
    void aFailureAfterTheApprovalLeavesItsCoolDownRunningAndApprovingAgainFinishesTheRemovalOnce() throws Exception {
        // Why: a factor removed with no cool-down on record would let whoever took over the account name their own
        // payout address at once; so the approval and its cool-down are recorded first, and a failure after that
        // (Keycloak gone before the removal, or its answer lost after it) leaves the reset approved with its
        // removal pending, which approving again finishes: one removal recorded, one mail.
        User claimant = register("reset-claimant", "claimant", true);
        User secondLead = register("reset-lead", "support-lead", false);
        String resetId = request(claimant.accountId()).getString("id");
        QuarkusMock.installMockForType(new RemovalFails(realmUsers, unreachableRealm()), KeycloakSecondFactors.class);
        secondLead.caller().when().post("/second-factor-resets/" + resetId + "/approval").then().statusCode(503)
                .body("type", containsString("keycloak-unavailable")).body("detail", containsString("is approved"));
        JsonPath pending = JsonPath.from(as(DemoUsers.SAM).when().get("/second-factor-resets").then().statusCode(200)
                .extract().asString());
        String path = "items.find { it.id == '" + resetId + "' }";
        assertEquals("APPROVED", pending.getString(path + ".state"));
        assertTrue(pending.getString(path + ".coolDownEndsAt") != null, "the cool-down runs from the approval");
        assertEquals(null, pending.getString(path + ".factorRemovedAt"), "the removal is pending");
        assertEquals(1, otpCredentials(claimant), "Keycloak never got the removal");
        assertEquals(0, rows("notification where event_id = '" + resetId + "'"), "no mail before the removal");
        as(DemoUsers.LENA).when().post("/second-factor-resets/" + resetId + "/approval").then().statusCode(403)
                .body("type", containsString("own-request"));

        QuarkusMock.installMockForType(new AnswerLostAfterRemoval(realmUsers), KeycloakSecondFactors.class);
        secondLead.caller().when().post("/second-factor-resets/" + resetId + "/approval").then().statusCode(503)
                .body("detail", containsString("is approved"));
        assertEquals(0, otpCredentials(claimant), "the factor went in Keycloak");
        assertEquals(0, rows("notification where event_id = '" + resetId + "'"), "its record and mail did not");

        QuarkusMock.installMockForType(new KeycloakSecondFactors(realmUsers), KeycloakSecondFactors.class);
        secondLead.caller().when().post("/second-factor-resets/" + resetId + "/approval").then().statusCode(200)
                .body("state", equalTo("APPROVED")).body("factorRemovedAt", notNullValue())
                .body("coolDownEndsAt", equalTo(pending.getString(path + ".coolDownEndsAt")));
        assertEquals(1, rows("audit_entry where chain_key = '" + resetId + "' and action = 'SECOND_FACTOR_REMOVED'"
                + " and after_state like '%\"otpCredentialsRemoved\":0%'"), "the retry found nothing left to remove");
        assertEquals(1, rows("notification where event_id = '" + resetId + "'"), "one mail");
        secondLead.caller().when().post("/second-factor-resets/" + resetId + "/approval").then().statusCode(409)
                .body("type", containsString("second-factor-reset-decided"));
    }

    /** Finds the account's user in the real Keycloak, then loses Keycloak before removing anything. */
    private static final class RemovalFails extends KeycloakSecondFactors {
        private final KeycloakSecondFactors unreachable;

        RemovalFails(RealmUsers realm, RealmUsers unreachableRealm) {
            super(realm);
            this.unreachable = new KeycloakSecondFactors(unreachableRealm);
        }

        @Override
        public Removed removeSecondFactor(String accountId) {
            return unreachable.removeSecondFactor(accountId);
        }
    }

    /** Removes the factor in the real Keycloak, whose last answer is then lost on the way back. */
    private static final class AnswerLostAfterRemoval extends KeycloakSecondFactors {
        AnswerLostAfterRemoval(RealmUsers realm) {
            super(realm);
        }

        @Override
        public Removed removeSecondFactor(String accountId) {
            super.removeSecondFactor(accountId);
            throw new RealmUsers.Unreachable("Keycloak's answer to the removal timed out", null);
        }
    }

    /** claims-service's admin client pointed at a port nobody listens on. */
    private RealmUsers unreachableRealm() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        return new RealmUsers(serviceAccount, json, "http://127.0.0.1:" + closedPort + "/realms/restitution");
    }

    @Test
    void anAddressProvenDuringTheCoolDownIsNotPaidBeforeItEnds() throws Exception {
        // Why: whoever talked support into a reset could sign in next and name their own address; that address must
        // wait out the cool-down (payout-service holds the chain until effectiveAt) while the claimant can react.
        User claimant = register("reset-claimant", "claimant", true);
        User secondLead = register("reset-lead", "support-lead", false);
        UUID incidentId = fixture.sealed(Map.of(claimant.accountId(), Map.of("ETH", "5000")));
        String claimId = claimant.caller().header("Idempotency-Key", UUID.randomUUID().toString())
                .when().post("/incidents/" + incidentId + "/claims").then().statusCode(201).extract().path("id");
        String resetId = request(claimant.accountId()).getString("id");
        Instant coolDownEndsAt = OffsetDateTime.parse(secondLead.caller().when()
                .post("/second-factor-resets/" + resetId + "/approval").then().statusCode(200).extract().jsonPath()
                .getString("coolDownEndsAt")).toInstant();
        // Signed in again without a factor (it was reset): a password sign-in, as the claimant now has.
        String address = proveEthereumAddress(claimant.username(), claimant.accountId(), incidentId, claimId);
        assertTrue(Instant.now().isBefore(coolDownEndsAt), "proven within the cool-down");
        List<PayoutAddressChanged> held = outboxEvents(claimId).stream()
                .filter(event -> EventTypes.PAYOUT_ADDRESS_CHANGED.equals(event.type()))
                .map(event -> codec.payload(event, PayoutAddressChanged.class)).toList();
        assertEquals(1, held.size(), "the first address is published as held");
        assertEquals(address, held.getFirst().getAddress());
        assertEquals(address, held.getFirst().getPreviousAddress());
        assertEquals(coolDownEndsAt, held.getFirst().getEffectiveAt().toInstant());
        assertEquals(1, rows("audit_entry where chain_key = '" + claimId + "' and action = 'PAYOUT_ADDRESS_PROVEN'"
                + " and after_state like '%heldUntil%'"));
        JsonPath shown = claimant.caller().when().get("/claims/" + claimId).then().statusCode(200)
                .body("payoutAddresses[0].address", equalTo(address)).extract().jsonPath();
        assertEquals(coolDownEndsAt, OffsetDateTime.parse(shown.getString("payoutAddresses[0].heldUntil")).toInstant(),
                "the claim shows the address held until the cool-down ends");
        // The cool-down lapses: support no longer sees the reset, and a later proof is not held.
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500)).until(() ->
                Instant.now().isAfter(coolDownEndsAt.plusMillis(200)));
        as(DemoUsers.SAM).when().get("/second-factor-resets").then().body("items.id", not(hasItem(resetId)));
    }

    private static JsonPath request(String accountId) {
        return as(DemoUsers.LENA).contentType(ContentType.JSON)
                .body(Map.of("accountId", accountId, "reason", "Lost phone; identity checked on a video call"))
                .when().post("/second-factor-resets").then().statusCode(201).body("state", equalTo("REQUESTED"))
                .body("requestedBy.username", equalTo(DemoUsers.LENA)).extract().jsonPath();
    }

    private static io.restassured.response.ValidatableResponse request(Map<String, String> body, int status) {
        return as(DemoUsers.LENA).contentType(ContentType.JSON).body(body).when().post("/second-factor-resets")
                .then().statusCode(status);
    }

    /** A body the API document itself refuses, sent on purpose: a 400 naming the field. */
    private static io.restassured.response.ValidatableResponse invalid(Map<String, String> body) {
        return as(DemoUsers.LENA).filter(invalidRequestOnPurpose()).contentType(ContentType.JSON).body(body)
                .when().post("/second-factor-resets").then().statusCode(400);
    }

    /**
     * Registers a user with a password, an enrolled TOTP factor and one realm role; a claimant gets an account of
     * their own (attribute account_id) and a verified mail address.
     */
    private static User register(String prefix, String role, boolean claimant) throws Exception {
        Optional<String> accountId = claimant
                ? Optional.of("ACC-SFR-" + UUID.randomUUID().toString().substring(0, 8)) : Optional.empty();
        String username = KeycloakAdmin.registerWithAuthenticator(realmUrl(), prefix, DemoUsers.PASSWORD, accountId, role);
        String id = admin("/users?exact=true&username=" + username).get(0).path("id").asText();
        return new User(username, id, accountId.orElse(null), Totp.forSecret(DemoUsers.devTotpSecret(username)));
    }

    private static long otpCredentials(User user) throws Exception {
        long count = 0;
        for (JsonNode credential : admin("/users/" + user.id() + "/credentials")) {
            count += "otp".equals(credential.path("type").asText()) ? 1 : 0;
        }
        return count;
    }

    /** A GET of the realm's admin API as the server's administrator. */
    private static JsonNode admin(String path) throws IOException, InterruptedException {
        String realm = realmUrl();
        int realms = realm.indexOf("/realms/");
        URI uri = URI.create(realm.substring(0, realms) + "/admin" + realm.substring(realms) + path);
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(uri)
                .header("Authorization", "Bearer " + KeycloakAdmin.administratorToken(realm)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, answer.statusCode(), "GET " + path + ": " + answer.body());
        return JSON.readTree(answer.body());
    }
}
