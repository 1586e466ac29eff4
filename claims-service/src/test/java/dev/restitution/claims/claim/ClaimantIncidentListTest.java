package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.ClaimsTestInfrastructure.tokenFor;
import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.contracts.events.IncidentStateChanged.IncidentLifecycleState;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class ClaimantIncidentListTest {

    private static final String ALICE_ACCOUNT = DemoUsers.ALICE_ACCOUNT_ID;
    private static final String BOB_ACCOUNT = DemoUsers.BOB_ACCOUNT_ID;
    private final ClaimsFixture fixture = new ClaimsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static JsonPath listedFor(String user) {
        return given().auth().oauth2(tokenFor(user)).queryParam("limit", 200)
                .when().get("/incidents").then().statusCode(200).extract().jsonPath();
    }

    private static List<String> ids(JsonPath page) {
        return page.getList("items.id", String.class);
    }

    @Test
    void aClaimantSeesOnlyIncidentsOpenForClaimsOrLaterThatHoldTheirAccount() {
        // Why: the incident list is the claimant's way in; an incident they cannot act on (not open yet, or one whose
        // snapshot holds nothing of theirs) tells them about breaches and balances that are none of their business.
        UUID declaredOnly = fixture.declared();
        UUID sealedNotOpen = fixture.sealedNotOpen(Map.of(ALICE_ACCOUNT, Map.of("ETH", "3")));
        UUID openWithoutAlice = fixture.sealed(Map.of(BOB_ACCOUNT, Map.of("ETH", "5")));
        UUID openWithAlice = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "7"), BOB_ACCOUNT, Map.of("ETH", "9")));
        UUID closedWithAlice = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "11")));
        fixture.stateChanged(closedWithAlice, IncidentLifecycleState.CLAIMS_OPEN, IncidentLifecycleState.CLAIMS_CLOSED, null);

        List<String> alices = ids(listedFor(DemoUsers.ALICE));
        assertTrue(alices.containsAll(List.of(openWithAlice.toString(), closedWithAlice.toString())), alices.toString());
        for (UUID hidden : List.of(declaredOnly, sealedNotOpen, openWithoutAlice)) {
            assertFalse(alices.contains(hidden.toString()), hidden + " is not alice's to act on");
        }
        List<String> bobs = ids(listedFor(DemoUsers.BOB));
        assertTrue(bobs.containsAll(List.of(openWithoutAlice.toString(), openWithAlice.toString())), bobs.toString());
        assertFalse(bobs.contains(closedWithAlice.toString()), "the snapshot holds nothing of bob's");
        List<String> support = ids(listedFor(DemoUsers.SAM));
        assertTrue(support.containsAll(List.of(declaredOnly.toString(), sealedNotOpen.toString(), openWithoutAlice.toString(),
                openWithAlice.toString(), closedWithAlice.toString())), "support reads every incident: " + support);
    }

    @Test
    void aClaimantsPagesAndTotalCountOnlyWhatTheyMaySee() {
        // Why: a total or a page boundary computed over every incident would tell the claimant how many others exist.
        UUID first = fixture.sealed(Map.of(BOB_ACCOUNT, Map.of("ETH", "13")));
        UUID second = fixture.sealed(Map.of(BOB_ACCOUNT, Map.of("ETH", "17")));
        fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "19")));
        JsonPath all = listedFor(DemoUsers.BOB);
        int total = all.getInt("total");
        assertEquals(ids(all).size(), total, "the total is the number of incidents bob may see");
        assertTrue(ids(all).containsAll(List.of(first.toString(), second.toString())));
        JsonPath lastPage = given().auth().oauth2(tokenFor(DemoUsers.BOB)).queryParam("limit", 1).queryParam("offset", total - 1)
                .when().get("/incidents").then().statusCode(200).extract().jsonPath();
        assertEquals(1, ids(lastPage).size());
        assertEquals(total, lastPage.getInt("total"));
        assertEquals(ids(all).get(total - 1), ids(lastPage).getFirst());
        assertEquals(0, given().auth().oauth2(tokenFor(DemoUsers.BOB)).queryParam("offset", total)
                .when().get("/incidents").then().statusCode(200).extract().jsonPath().getList("items").size());
        assertEquals(0, rows("claim where incident_id = '" + first + "'"), "listing opens nothing");
    }

    @Test
    void withoutTheLedgersAnswerAClaimantSeesOnlyTheIncidentsTheyHaveAClaimIn() {
        // Why: whether the snapshot holds the claimant is the ledger's to say; without its answer an incident is not
        // shown (failing closed), except where the claimant's own claim already proves their rows are there.
        UUID claimed = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "23")));
        ClaimSteps.open(DemoUsers.ALICE, claimed);
        UUID unanswered = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "29")));
        fixture.standIn(unanswered, UUID.randomUUID(), Map.of(ALICE_ACCOUNT, Map.of("ETH", "29")), true);
        List<String> alices = ids(listedFor(DemoUsers.ALICE));
        assertTrue(alices.contains(claimed.toString()), alices.toString());
        assertFalse(alices.contains(unanswered.toString()));
        assertTrue(ids(listedFor(DemoUsers.AUDREY)).contains(unanswered.toString()), "staff lists do not ask the ledger");
    }

    @Test
    void aClaimantsListAsksTheLedgerOnceAndNeverAboutIncidentsTheyHaveAClaimIn() {
        // Why: one ledger call per incident made the list slower with every incident; a claim already proves the rows.
        UUID claimed = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "31")));
        ClaimSteps.open(DemoUsers.ALICE, claimed);
        UUID holding = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "37")));
        UUID notHers = fixture.sealed(Map.of(BOB_ACCOUNT, Map.of("ETH", "41")));
        int snapshotCallsBefore = fixture.ledgerCalls(holding) + fixture.ledgerCalls(notHers);

        List<String> alices = ids(listedFor(DemoUsers.ALICE));
        assertTrue(alices.containsAll(List.of(claimed.toString(), holding.toString())), alices.toString());
        assertFalse(alices.contains(notHers.toString()));
        assertEquals(1, fixture.askedInLists(holding), "one question for the list");
        assertEquals(1, fixture.askedInLists(notHers), "the same one question named every unclaimed incident");
        assertEquals(0, fixture.askedInLists(claimed), "an incident with the claimant's claim is not asked about");
        assertEquals(snapshotCallsBefore, fixture.ledgerCalls(holding) + fixture.ledgerCalls(notHers),
                "no per-incident snapshot call");
    }
}
