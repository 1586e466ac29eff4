package dev.restitution.ledger.recovery.api;

import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static dev.restitution.ledger.LedgerTestInfrastructure.rows;
import static dev.restitution.ledger.LedgerTestInfrastructure.tokenFor;
import static dev.restitution.ledger.recovery.LedgerFixtures.accounts;
import static dev.restitution.ledger.recovery.LedgerFixtures.balance;
import static dev.restitution.ledger.recovery.LedgerFixtures.book;
import static dev.restitution.ledger.recovery.LedgerFixtures.booking;
import static dev.restitution.ledger.recovery.LedgerFixtures.declareIncident;
import static dev.restitution.ledger.recovery.LedgerFixtures.sql;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.money.Uint256;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.ledger.LedgerTestInfrastructure;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import java.math.BigInteger;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

@QuarkusTest
class RecoveryResourceTest {

    private static io.restassured.response.ValidatableResponse post(UUID incidentId, String key, String body) {
        return post(given(), incidentId, key, body);
    }

    /** A booking the API document forbids (a malformed field or key), sent on purpose to see it refused. */
    private static io.restassured.response.ValidatableResponse postBreakingTheDocument(UUID incidentId, String key,
            String body) {
        return post(given().filter(invalidRequestOnPurpose()), incidentId, key, body);
    }

    private static io.restassured.response.ValidatableResponse post(RequestSpecification request, UUID incidentId,
            String key, String body) {
        return request.auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .header("Idempotency-Key", key).body(body)
                .when().post("/incidents/" + incidentId + "/recoveries").then();
    }

    private static long transfers(UUID incidentId) {
        return rows("ledger_transfer where incident_id = '" + incidentId + "'");
    }

    @Test
    void counterpartyFreezeThenReleaseEndsAsAvailableFunds() {
        // Why: "an exchange froze X of asset Y, later released it" is the everyday recovery, booked double-entry.
        UUID incident = declareIncident("ETH");
        String key = UUID.randomUUID().toString();
        var created = post(incident, key, booking("ETH", "FROZEN_BY_COUNTERPARTY", "1000",
                "\"counterparty\": \"Binance\""))
                .statusCode(201)
                .body("debitAccount", equalTo("FROZEN"), "creditAccount", equalTo("RECOVERED"),
                        "amount", equalTo("1000"), "counterparty", equalTo("Binance"),
                        "bookedBy.username", equalTo("fiona"))
                .extract();
        String transferId = created.path("id");
        assertTrue(created.header("Location").endsWith("/incidents/" + incident + "/transfers/" + transferId));
        post(incident, UUID.randomUUID().toString(), booking("ETH", "RELEASED_BY_COUNTERPARTY", "600",
                "\"counterparty\": \"Binance\"")).statusCode(201);

        assertEquals("1000", balance(incident, "ETH", "FROZEN"));
        assertEquals("600", balance(incident, "ETH", "RELEASED"));
        assertEquals("600", balance(incident, "ETH", "AVAILABLE"));
        assertEquals("1000", balance(incident, "ETH", "RECOVERED"));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).when().get("/incidents/" + incident + "/transfers/" + transferId)
                .then().statusCode(200).body("reasonCode", equalTo("FROZEN_BY_COUNTERPARTY"));
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).queryParam("limit", 1)
                .when().get("/incidents/" + incident + "/transfers")
                .then().statusCode(200).body("total", equalTo(2), "items.size()", equalTo(1),
                        "items[0].id", equalTo(transferId));
    }

    @Test
    void theSameIdempotencyKeyBooksOnce() {
        // Why: a retried request (timeout, double click) must not book the money twice.
        UUID incident = declareIncident("ETH");
        String key = UUID.randomUUID().toString();
        String body = booking("ETH", "TREASURY_CONTRIBUTION", "500", "");
        String first = post(incident, key, body).statusCode(201).extract().path("id");
        String second = post(incident, key, body).statusCode(200).extract().path("id");
        assertEquals(first, second);
        assertEquals(1, transfers(incident));
        assertEquals("500", balance(incident, "ETH", "AVAILABLE"));
    }

    @Test
    void theSameKeyWithDifferentContentIsAConflictAndBooksNothing() {
        // Why: a key reused for another booking is a client bug; silently returning the first would hide it.
        UUID incident = declareIncident("ETH");
        String key = UUID.randomUUID().toString();
        post(incident, key, booking("ETH", "TREASURY_CONTRIBUTION", "500", "")).statusCode(201);
        post(incident, key, booking("ETH", "TREASURY_CONTRIBUTION", "501", ""))
                .statusCode(409).contentType("application/problem+json")
                .body("type", equalTo("/problems/idempotency-key-reused"));
        assertEquals(1, transfers(incident));
    }

    @Test
    void releasingMoreThanIsFrozenIsRefusedAndBooksNothing() {
        // Why: funds that were never frozen cannot be released into the pool.
        UUID incident = declareIncident("ETH");
        book(incident, "ETH", "FROZEN_BY_COUNTERPARTY", 100);
        long auditBefore = rows("audit_entry");
        post(incident, UUID.randomUUID().toString(), booking("ETH", "RELEASED_BY_COUNTERPARTY", "101",
                "\"counterparty\": \"Binance\""))
                .statusCode(409).body("type", equalTo("/problems/ledger-rule"),
                        "detail", containsString("released 101 exceeds frozen 100"));
        assertEquals(1, transfers(incident));
        assertEquals(auditBefore, rows("audit_entry"));
        assertEquals("0", balance(incident, "ETH", "AVAILABLE"));
    }

    @Test
    void anAmountAboveUint256IsRefusedNamingTheFieldAndBooksNothing() {
        // Why: the 78-digit pattern admits 10^78-1, but no chain holds more than 2^256-1 of anything.
        UUID incident = declareIncident("ETH");
        String aboveUint256 = Uint256.MAX.add(BigInteger.ONE).toString();
        post(incident, UUID.randomUUID().toString(), booking("ETH", "TREASURY_CONTRIBUTION", aboveUint256, ""))
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", contains("amount"), "errors[0].message", containsString("2^256-1"));
        post(incident, UUID.randomUUID().toString(), booking("ETH", "TREASURY_CONTRIBUTION", "9".repeat(78), ""))
                .statusCode(400).body("errors.field", contains("amount"));
        assertEquals(0, transfers(incident));
    }

    @Test
    void aRecoveryThatWouldOverflowABalanceIsRefusedAndEveryBalanceStaysAsBefore() {
        // Why: each amount may be a uint256 while their sum is not; the sum used to reach PostgreSQL as a 500.
        UUID incident = declareIncident("ETH");
        post(incident, UUID.randomUUID().toString(), booking("ETH", "TREASURY_CONTRIBUTION", Uint256.MAX.toString(), ""))
                .statusCode(201);
        List<Object> before = accounts(incident).getList("items");
        long auditBefore = rows("audit_entry");

        post(incident, UUID.randomUUID().toString(), booking("ETH", "INSURANCE_CONTRIBUTION", "1", ""))
                .statusCode(422).contentType("application/problem+json")
                .body("type", equalTo("/problems/amount-overflow"),
                        "detail", containsString("ETH AVAILABLE"),
                        "errors.field", contains("amount"),
                        "errors[0].message", containsString("AVAILABLE debits would reach"));

        assertEquals(before, accounts(incident).getList("items"));
        assertEquals(1, transfers(incident));
        assertEquals(auditBefore, rows("audit_entry"));
        assertEquals(Uint256.MAX.toString(), balance(incident, "ETH", "AVAILABLE"));
    }

    @Test
    void malformedBookingNamesEveryBadFieldAndBooksNothing() {
        // Why: an operator sees every mistake at once, and a refused booking leaves no trace in the ledger.
        UUID incident = declareIncident("ETH");
        postBreakingTheDocument(incident, UUID.randomUUID().toString(), """
                {"assetSymbol": "eth", "kind": "FROZEN_BY_COUNTERPARTY", "amount": "1.5", "reason": ""}""")
                .statusCode(400).contentType("application/problem+json")
                .body("errors.field", containsInAnyOrder("assetSymbol", "amount", "reason"));
        post(incident, UUID.randomUUID().toString(), booking("DOGE", "FROZEN_BY_COUNTERPARTY", "10", ""))
                .statusCode(400).body("errors.field", containsInAnyOrder("assetSymbol", "counterparty"));
        postBreakingTheDocument(incident, UUID.randomUUID().toString(), booking("ETH", "RECOVERED_ON_CHAIN", "0", ""))
                .statusCode(400).body("errors.field", hasItem("amount"));
        post(incident, UUID.randomUUID().toString(), booking("ETH", "CORRECTION", "10", ""))
                .statusCode(400).body("errors.field", hasItem("correctsTransferId"));
        postBreakingTheDocument(incident, "short", booking("ETH", "TREASURY_CONTRIBUTION", "10", ""))
                .statusCode(400).body("errors.field", hasItem("Idempotency-Key"));
        given().filter(invalidRequestOnPurpose()).auth().oauth2(tokenFor(DemoUsers.FIONA)).contentType(ContentType.JSON)
                .body(booking("ETH", "TREASURY_CONTRIBUTION", "10", ""))
                .when().post("/incidents/" + incident + "/recoveries")
                .then().statusCode(400).body("errors.field", hasItem("Idempotency-Key"));
        postBreakingTheDocument(incident, UUID.randomUUID().toString(),
                booking("ETH", "TREASURY_CONTRIBUTION", "10", "\"surprise\": 1"))
                .statusCode(400).body("errors.field", hasItem("surprise"));
        assertEquals(0, transfers(incident));
    }

    @Test
    void aCorrectionReversesAnEarlierBookingButNotMoreThanIt() {
        // Why: bookings are never edited; a mistake is undone by a new transfer that names it.
        UUID incident = declareIncident("ETH");
        String treasury = book(incident, "ETH", "TREASURY_CONTRIBUTION", 300);
        post(incident, UUID.randomUUID().toString(), booking("ETH", "CORRECTION", "200",
                "\"correctsTransferId\": \"" + treasury + "\""))
                .statusCode(201).body("debitAccount", equalTo("TREASURY"), "creditAccount", equalTo("AVAILABLE"),
                        "correctsTransferId", equalTo(treasury));
        post(incident, UUID.randomUUID().toString(), booking("ETH", "CORRECTION", "101",
                "\"correctsTransferId\": \"" + treasury + "\""))
                .statusCode(409).body("detail", containsString("100 left to correct"));
        assertEquals("100", balance(incident, "ETH", "TREASURY"));
        assertEquals("100", balance(incident, "ETH", "AVAILABLE"));
    }

    @Test
    void onlyFinanceOperatorsBookAndOnlyFinanceAndAuditorsRead() {
        // Why: authorization is the service's own: an auditor changes nothing, a claimant sees nothing.
        UUID incident = declareIncident("ETH");
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY)).contentType(ContentType.JSON)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .body(booking("ETH", "TREASURY_CONTRIBUTION", "10", ""))
                .when().post("/incidents/" + incident + "/recoveries")
                .then().statusCode(403).contentType("application/problem+json");
        given().auth().oauth2(tokenFor(DemoUsers.ALICE)).when().get("/incidents/" + incident + "/accounts")
                .then().statusCode(403);
        given().auth().oauth2(tokenFor(DemoUsers.FRANK)).when().get("/incidents/" + incident + "/accounts")
                .then().statusCode(200).body("items.size()", equalTo(11));
        given().when().get("/incidents/" + incident + "/transfers").then().statusCode(401);
        assertEquals(0, transfers(incident));
    }

    @Test
    void transfersCannotBeChangedOrDeletedEvenInTheDatabase() {
        // Why: immutability must not depend on the application behaving; the database refuses too: the service's own
        // role holds no right to change a transfer, and its owner, who holds every right, is stopped by the trigger.
        UUID incident = declareIncident("ETH");
        String transfer = book(incident, "ETH", "TREASURY_CONTRIBUTION", 10);
        RuntimeException update = assertThrows(RuntimeException.class,
                () -> sql("update ledger_transfer set amount = 11 where id = '" + transfer + "'"));
        assertTrue(rootMessage(update).contains("permission denied"), rootMessage(update));
        assertThrows(RuntimeException.class, () -> sql("delete from ledger_transfer where id = '" + transfer + "'"));
        SQLException ownerUpdate = assertThrows(SQLException.class,
                () -> asOwner("update ledger_transfer set amount = 11 where id = '" + transfer + "'"));
        assertTrue(ownerUpdate.getMessage().contains("append-only"), ownerUpdate.getMessage());
        assertThrows(SQLException.class, () -> asOwner("delete from ledger_transfer where id = '" + transfer + "'"));
        assertEquals("10", balance(incident, "ETH", "AVAILABLE"));
    }

    private static void asOwner(String statement) throws SQLException {
        try (Connection owner = LedgerTestInfrastructure.ownerConnection(); Statement sql = owner.createStatement()) {
            sql.execute(statement);
        }
    }

    @Test
    void bookingOnBooksThatNoLongerBalanceStopsLoudlyAndWritesNothing() {
        // Why: a broken invariant is not an operator's mistake to refuse politely; it stops the operation with a 500.
        UUID incident = declareIncident("ETH");
        book(incident, "ETH", "TREASURY_CONTRIBUTION", 10);
        sql("update ledger_account set debits = debits + 5 where incident_id = '" + incident
                + "' and asset = 'ETH' and account_type = 'PAID'");
        long auditBefore = rows("audit_entry");
        post(incident, UUID.randomUUID().toString(), booking("ETH", "TREASURY_CONTRIBUTION", "10", ""))
                .statusCode(500).contentType("application/problem+json")
                .body("type", equalTo("/problems/internal-error"));
        assertEquals(1, transfers(incident));
        assertEquals(auditBefore, rows("audit_entry"));
        assertEquals("10", balance(incident, "ETH", "AVAILABLE"));
    }

    @Test
    void unknownIncidentOrTransferIsNotFound() {
        // Why: a missing resource is a 404 problem, never an empty ledger.
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY))
                .when().get("/incidents/" + UUID.randomUUID() + "/accounts").then().statusCode(404);
        UUID incident = declareIncident("ETH");
        given().auth().oauth2(tokenFor(DemoUsers.AUDREY))
                .when().get("/incidents/" + incident + "/transfers/" + UUID.randomUUID()).then().statusCode(404);
    }

    private static String rootMessage(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null) {
            cause = cause.getCause();
        }
        return String.valueOf(cause.getMessage());
    }
}
