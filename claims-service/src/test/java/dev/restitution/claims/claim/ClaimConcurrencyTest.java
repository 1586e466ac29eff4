package dev.restitution.claims.claim;

import static dev.restitution.claims.ClaimsTestInfrastructure.tokenFor;
import static dev.restitution.claims.claim.ClaimsFixture.BSC;
import static dev.restitution.claims.claim.ClaimsFixture.ETHEREUM;
import static dev.restitution.claims.claim.ClaimsFixture.checksummed;
import static dev.restitution.claims.claim.ClaimsFixture.proof;
import static dev.restitution.devstack.openapi.ApiDocumentValidation.assertDocumented;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.restitution.devstack.DemoUsers;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.web3j.crypto.ECKeyPair;
import org.web3j.crypto.Keys;

/**
 * Many commands at once, on one claim and on many claims: each command locks its claim (and reads its lines
 * in the same statement), so they run one after the other per claim, none deadlocks and none overwrites another.
 */
@QuarkusTest
class ClaimConcurrencyTest {

    private static final int INCIDENTS = 6;
    private static final int THREADS = 16;
    private static final ObjectMapper JSON = new ObjectMapper();
    private final ClaimsFixture fixture = new ClaimsFixture();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @TestHTTPResource("/")
    URI base;

    @AfterEach
    void close() {
        fixture.close();
    }

    private record Claim(String token, String accountId, UUID incidentId, String id, Map<String, String> lineByAsset) {
    }

    private record Answer(String what, int status, String body) {
    }

    @Test
    void concurrentCommandsOnOneClaimAndOnManyClaimsNeitherDeadlockNorLoseAnUpdate() throws Exception {
        // Why: a claimant's portal and retries send several commands on one claim at once, and thousands of claimants act together.
        ClaimSteps.attestKyc(DemoUsers.ALICE_ACCOUNT_ID, "VERIFIED");
        ClaimSteps.attestKyc(DemoUsers.BOB_ACCOUNT_ID, "VERIFIED");
        List<UUID> incidents = fixture.sealedMany(INCIDENTS, Map.of(
                DemoUsers.ALICE_ACCOUNT_ID, Map.of("ETH", "1000", "BNB", "7"),
                DemoUsers.BOB_ACCOUNT_ID, Map.of("ETH", "2000", "BNB", "9")));
        Map<String, String> tokens = Map.of(DemoUsers.ALICE_ACCOUNT_ID, tokenFor(DemoUsers.ALICE),
                DemoUsers.BOB_ACCOUNT_ID, tokenFor(DemoUsers.BOB));
        List<Claim> claims = new ArrayList<>();
        for (UUID incidentId : incidents) {
            for (String account : tokens.keySet()) {
                claims.add(open(tokens.get(account), account, incidentId));
            }
        }
        // Per claim: each line accepted twice (the second is a no-op) and an address proven on each of its two
        // chains; every command locks the same claim row, and all claims' commands run together, shuffled.
        List<Callable<Answer>> commands = new ArrayList<>();
        Map<String, Map<Long, String>> provenAddresses = new HashMap<>();
        for (Claim claim : claims) {
            for (String lineId : claim.lineByAsset().values()) {
                commands.add(() -> send(claim, "accept " + lineId,
                        post(claim, "/claims/" + claim.id() + "/lines/" + lineId + "/accept", false), Optional.empty()));
                commands.add(() -> send(claim, "accept again " + lineId,
                        post(claim, "/claims/" + claim.id() + "/lines/" + lineId + "/accept", false), Optional.empty()));
            }
            for (long chainId : List.of(ETHEREUM, BSC)) {
                ECKeyPair key = Keys.createEcKeyPair();
                provenAddresses.computeIfAbsent(claim.id(), id -> new HashMap<>()).put(chainId, checksummed(key));
                String body = JSON.writeValueAsString(proof(claim.incidentId(), claim.accountId(), chainId,
                        checksummed(key), ClaimSteps.nonce(), Instant.now().getEpochSecond() + 600, key));
                commands.add(() -> send(claim, "prove chain " + chainId, HttpRequest.newBuilder(
                                base.resolve("/claims/" + claim.id() + "/payout-addresses"))
                        .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + claim.token())
                        .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body))
                        .build(), Optional.of(body)));
            }
        }
        Collections.shuffle(commands);
        assertEveryAnswerIsOk(runTogether(commands));

        for (Claim claim : claims) {
            JsonNode state = read(claim, "/claims/" + claim.id());
            for (JsonNode line : state.path("lines")) {
                assertEquals("ACCEPTED", line.path("status").asText(), () -> "claim " + claim.id() + ": " + state);
            }
            Map<Long, String> addresses = new HashMap<>();
            state.path("payoutAddresses").forEach(address ->
                    addresses.put(address.path("chainId").asLong(), address.path("address").asText()));
            assertEquals(provenAddresses.get(claim.id()), addresses, () -> "claim " + claim.id() + ": " + state);
            JsonNode trail = read(claim, "/claims/" + claim.id() + "/audit");
            assertTrue(trail.path("intact").asBoolean(), () -> "claim " + claim.id() + ": " + trail);
            Map<String, Long> actions = new HashMap<>();
            trail.path("entries").forEach(entry -> actions.merge(entry.path("action").asText(), 1L, Long::sum));
            assertEquals(Map.of("OPENED", 1L, "LINE_ACCEPTED", 2L, "PAYOUT_ADDRESS_PROVEN", 2L), actions,
                    () -> "claim " + claim.id() + ": " + trail);
        }

        // All claims submitted at once, each twice with its own key: each is approved once.
        List<Callable<Answer>> submissions = new ArrayList<>();
        for (Claim claim : claims) {
            for (int time = 0; time < 2; time++) {
                submissions.add(() -> send(claim, "submit", post(claim, "/claims/" + claim.id() + "/submit", true),
                        Optional.empty()));
            }
        }
        Collections.shuffle(submissions);
        List<Answer> submitted = runTogether(submissions);
        Map<Integer, Long> statuses = submitted.stream().collect(Collectors.groupingBy(Answer::status, Collectors.counting()));
        // The first of a claim's two submissions approves it; the second finds it no longer a draft.
        assertEquals(Map.of(200, (long) claims.size(), 409, (long) claims.size()), statuses, submitted::toString);
        for (Claim claim : claims) {
            assertEquals("APPROVED", read(claim, "/claims/" + claim.id()).path("status").asText());
            Map<String, Long> actions = new HashMap<>();
            read(claim, "/claims/" + claim.id() + "/audit").path("entries")
                    .forEach(entry -> actions.merge(entry.path("action").asText(), 1L, Long::sum));
            assertEquals(1L, actions.get("SUBMITTED"), () -> "claim " + claim.id() + ": " + actions);
            assertEquals(1L, actions.get("APPROVED"), () -> "claim " + claim.id() + ": " + actions);
        }
    }

    private Claim open(String token, String accountId, UUID incidentId) throws Exception {
        Claim opener = new Claim(token, accountId, incidentId, null, Map.of());
        HttpRequest request = post(opener, "/incidents/" + incidentId + "/claims", true);
        HttpResponse<String> opened = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertDocumented(request, Optional.empty(), opened);
        assertEquals(201, opened.statusCode(), opened::body);
        JsonNode claim = JSON.readTree(opened.body());
        Map<String, String> lines = new HashMap<>();
        claim.path("lines").forEach(line -> lines.put(line.path("asset").asText(), line.path("id").asText()));
        assertEquals(2, lines.size(), opened::body);
        return new Claim(token, accountId, incidentId, claim.path("id").asText(), lines);
    }

    private List<Answer> runTogether(List<Callable<Answer>> commands) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> answer : pool.invokeAll(commands, 5, TimeUnit.MINUTES)) {
                answers.add(answer.get());
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }

    private static void assertEveryAnswerIsOk(List<Answer> answers) {
        List<Answer> failed = answers.stream().filter(answer -> answer.status() != 200).toList();
        assertEquals(List.of(), failed);
    }

    /** Sends one command and checks the exchange against the API document, as REST Assured's exchanges are. */
    private Answer send(Claim claim, String what, HttpRequest request, Optional<String> body) throws Exception {
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertDocumented(request, body, response);
        return new Answer(what + " on " + claim.id(), response.statusCode(),
                response.statusCode() == 200 ? "" : response.body());
    }

    private JsonNode read(Claim claim, String path) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(base.resolve(path))
                .header("Authorization", "Bearer " + claim.token()).GET().build();
        HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
        assertDocumented(request, Optional.empty(), response);
        assertEquals(200, response.statusCode(), response::body);
        return JSON.readTree(response.body());
    }

    private HttpRequest post(Claim claim, String path, boolean idempotent) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", "Bearer " + claim.token());
        if (idempotent) {
            request.header("Idempotency-Key", UUID.randomUUID().toString());
        }
        return request.POST(HttpRequest.BodyPublishers.noBody()).build();
    }
}
