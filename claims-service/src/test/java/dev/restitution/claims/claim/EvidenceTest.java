package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.rows;
import static dev.restitution.claims.claim.ClaimSteps.as;
import static dev.restitution.claims.claim.ClaimSteps.open;
import static dev.restitution.claims.claim.ClaimSteps.underReview;
import static dev.restitution.devstack.openapi.ApiDocumentValidation.invalidRequestOnPurpose;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.containsStringIgnoringCase;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

@QuarkusTest
class EvidenceTest {

    private static final String ALICE_ACCOUNT = DemoUsers.ALICE_ACCOUNT_ID;
    private static final byte[] PDF = "%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n', 0, 0, 0, 13, 'I', 'H', 'D', 'R'};
    private static final String EICAR = "X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*";
    private final ClaimsFixture fixture = new ClaimsFixture();

    @AfterEach
    void close() {
        fixture.close();
    }

    private static io.restassured.response.ValidatableResponse upload(String user, String claimId, String contentType,
                                                                       byte[] content, String fileName) {
        return upload(as(user), claimId, contentType, content, fileName);
    }

    /** An upload the API document forbids (a type or file name it does not allow), sent on purpose to see it refused. */
    private static io.restassured.response.ValidatableResponse uploadBreakingTheDocument(String user, String claimId,
            String contentType, byte[] content, String fileName) {
        return upload(as(user).filter(invalidRequestOnPurpose()), claimId, contentType, content, fileName);
    }

    private static io.restassured.response.ValidatableResponse upload(RequestSpecification request, String claimId,
            String contentType, byte[] content, String fileName) {
        return request.contentType(contentType).body(content).queryParam("fileName", fileName)
                .when().post("/claims/" + claimId + "/evidence").then();
    }

    private static long evidence(String claimId) {
        return rows("claim_evidence where claim_id = '" + claimId + "'");
    }

    @Test
    void onlyTheClaimantAndSupportStaffDownloadEvidence() throws Exception {
        // Why: evidence holds bank statements and IDs: its claimant and the reviewers read it, nobody else.
        JsonPath claim = underReview(fixture, DemoUsers.ALICE, ALICE_ACCOUNT, "2100", "4200");
        String claimId = claim.getString("id");
        String sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(PDF));
        String evidenceId = upload(DemoUsers.ALICE, claimId, "application/pdf", PDF, "statement (March).pdf")
                .statusCode(201).body("sha256", equalTo(sha256)).body("sizeBytes", equalTo(PDF.length))
                .body("contentType", equalTo("application/pdf")).body("uploadedBy.username", equalTo(DemoUsers.ALICE))
                .extract().path("id");
        for (String reader : new String[] {DemoUsers.ALICE, DemoUsers.SAM, DemoUsers.LENA, DemoUsers.AUDREY}) {
            as(reader).when().get("/claims/" + claimId + "/evidence").then().statusCode(200)
                    .body("items", hasSize(1)).body("items[0].sha256", equalTo(sha256));
        }
        for (String downloader : new String[] {DemoUsers.ALICE, DemoUsers.SAM, DemoUsers.LENA}) {
            byte[] downloaded = as(downloader).when().get("/claims/" + claimId + "/evidence/" + evidenceId + "/content")
                    .then().statusCode(200).contentType("application/pdf")
                    .header("Content-Disposition", containsString("attachment"))
                    .header("X-Content-Type-Options", equalTo("nosniff")).extract().asByteArray();
            assertArrayEquals(PDF, downloaded);
        }
        String content = "/claims/" + claimId + "/evidence/" + evidenceId + "/content";
        as(DemoUsers.BOB).when().get(content).then().statusCode(404);
        as(DemoUsers.BOB).when().get("/claims/" + claimId + "/evidence").then().statusCode(404);
        as(DemoUsers.AUDREY).when().get(content).then().statusCode(403);
        as(DemoUsers.FIONA).when().get(content).then().statusCode(403);
        as(DemoUsers.IAN).when().get("/claims/" + claimId + "/evidence").then().statusCode(403);
        given().when().get(content).then().statusCode(401);
        as(DemoUsers.ALICE).when().get("/claims/" + claimId + "/evidence/" + UUID.randomUUID() + "/content")
                .then().statusCode(404);
        as(DemoUsers.AUDREY).when().get("/claims/" + claimId + "/audit").then().statusCode(200)
                .body("entries.find { it.action == 'EVIDENCE_UPLOADED' }.after", containsString(sha256));
    }

    @Test
    void oversizeMislabelledInfectedOrMisplacedEvidenceIsRefusedAndNothingIsStored() throws Exception {
        // Why: uploads are bounded, typed by their bytes and scanned; every refusal is a problem body and stores nothing.
        UUID incidentId = fixture.sealed(Map.of(ALICE_ACCOUNT, Map.of("ETH", "2200")));
        JsonPath claim = open(DemoUsers.ALICE, incidentId);
        String claimId = claim.getString("id");
        byte[] oversize = new byte[5 * 1024 * 1024 + 1];
        Arrays.fill(oversize, (byte) 'a');
        upload(DemoUsers.ALICE, claimId, "text/plain", oversize, "big.txt").statusCode(413)
                .contentType("application/problem+json");
        upload(DemoUsers.ALICE, claimId, "application/pdf", PNG, "renamed.pdf").statusCode(415)
                .contentType("application/problem+json");
        upload(DemoUsers.ALICE, claimId, "text/plain", PDF, "pdf-as-text.txt").statusCode(415);
        upload(DemoUsers.ALICE, claimId, "text/plain", new byte[] {'M', 'Z', 0, 0, 3}, "tool.txt").statusCode(415);
        uploadBreakingTheDocument(DemoUsers.ALICE, claimId, "application/zip", PDF, "archive.zip").statusCode(415);
        upload(DemoUsers.ALICE, claimId, "text/plain", EICAR.getBytes(StandardCharsets.US_ASCII), "eicar.txt")
                .statusCode(422).body("type", containsStringIgnoringCase("evidence-refused-by-scan"));
        byte[] activePdf = "%PDF-1.4\n<< /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >>\n%%EOF\n"
                .getBytes(StandardCharsets.US_ASCII);
        upload(DemoUsers.ALICE, claimId, "application/pdf", activePdf, "invoice.pdf").statusCode(422);
        uploadBreakingTheDocument(DemoUsers.ALICE, claimId, "image/png", PNG, "../../etc/passwd").statusCode(400);
        as(DemoUsers.ALICE).contentType("image/png").body(PNG).queryParam("fileName", "receipt.png")
                .queryParam("lineId", UUID.randomUUID().toString())
                .when().post("/claims/" + claimId + "/evidence").then().statusCode(404);
        as(DemoUsers.ALICE).filter(invalidRequestOnPurpose()).contentType("image/png").body(PNG).queryParam("fileName", "receipt.png")
                .queryParam("lineId", "line-1").when().post("/claims/" + claimId + "/evidence").then().statusCode(400)
                .contentType("application/problem+json").body("errors.field", equalTo(List.of("lineId")));
        upload(DemoUsers.BOB, claimId, "image/png", PNG, "receipt.png").statusCode(404);
        upload(DemoUsers.SAM, claimId, "image/png", PNG, "receipt.png").statusCode(403);
        assertEquals(0, evidence(claimId));
        // The same file, well-formed, is taken for a line of the claim.
        upload(DemoUsers.ALICE, claimId, "image/png", PNG, "receipt.png").statusCode(201);
        as(DemoUsers.ALICE).contentType("text/plain; charset=utf-8").body("Deposit 0xabc on 2023-09-01".getBytes(StandardCharsets.UTF_8))
                .queryParam("fileName", "note.txt").queryParam("lineId", claim.getString("lines[0].id"))
                .when().post("/claims/" + claimId + "/evidence").then().statusCode(201)
                .body("lineId", equalTo(claim.getString("lines[0].id")));
        assertEquals(2, evidence(claimId));
    }
}
