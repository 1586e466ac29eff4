package dev.restitution.demo;

import com.fasterxml.jackson.databind.JsonNode;
import dev.restitution.devstack.DemoUsers;
import dev.restitution.devstack.Tokens;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.web3j.crypto.Credentials;
import org.web3j.crypto.Hash;
import org.web3j.crypto.Sign;
import org.web3j.crypto.StructuredDataEncoder;
import org.web3j.utils.Numeric;

/**
 * A hot-wallet breach worked through the platform the way its people would, through the services'
 * public APIs only (the data reaches every table through the same endpoints and events as real data):
 * the incident-admin declares it (the chain's coin and two ERC-20 tokens) and seals a snapshot of
 * thousands of accounts; alice accepts her balances, bob disputes one; recoveries leave a shortfall in
 * USDT; the incident moves to distribution and finance approves a round.
 */
public final class DemoCase {

    /** The services' base URLs and the realm that issues everyone's tokens. */
    public record Endpoints(String realmUrl, String ledger, String claims, String payout) {
        public Endpoints {
            Objects.requireNonNull(realmUrl, "realmUrl");
            Objects.requireNonNull(ledger, "ledger");
            Objects.requireNonNull(claims, "claims");
            Objects.requireNonNull(payout, "payout");
        }
    }

    /** The snapshot: every account's balance per asset, in smallest units. */
    public record Snapshot(Map<String, Map<String, BigInteger>> balances) {
        public BigInteger of(String accountId, String asset) {
            return balances.getOrDefault(accountId, Map.of()).getOrDefault(asset, BigInteger.ZERO);
        }
    }

    public static final String ETH = "ETH";
    public static final String USDC = "USDC";
    public static final String USDT = "USDT";
    private static final BigInteger ETHER = BigInteger.TEN.pow(18);
    private static final BigInteger DOLLAR = BigInteger.TEN.pow(DemoChain.TOKEN_DECIMALS);
    /** How long service-to-service events may take to arrive before a step gives up. */
    private static final Duration EVENT_WAIT = Duration.ofSeconds(60);

    private final Endpoints endpoints;
    private final DemoChain.Deployment chain;
    private final Api api = new Api();

    public DemoCase(Endpoints endpoints, DemoChain.Deployment chain) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.chain = Objects.requireNonNull(chain, "chain");
    }

    /**
     * The payout key of a demo claimant in an incident: derived from both, so a test can recompute its
     * address, and each incident pays fresh addresses.
     */
    public static Credentials payoutKey(String incidentId, String accountId) {
        byte[] seed = ("restitution demo payout key " + incidentId + " " + accountId).getBytes(StandardCharsets.UTF_8);
        return Credentials.create(Numeric.toHexStringNoPrefixZeroPadded(Numeric.toBigInt(Hash.sha3(seed)), 64));
    }

    /** ian declares the breach; answers the incident id. */
    public String declareIncident(String title) {
        Map<String, Object> declaration = Map.of(
                "exchange", "Demo Exchange",
                "title", title,
                "cutoffAt", Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "description", "Hot-wallet keys were stolen; withdrawals are suspended. Part of the stolen "
                        + "stablecoins was frozen by their issuers.",
                "assets", List.of(
                        Map.of("symbol", ETH, "chainId", DemoChain.CHAIN_ID, "decimals", 18),
                        Map.of("symbol", USDC, "chainId", DemoChain.CHAIN_ID, "decimals", DemoChain.TOKEN_DECIMALS,
                                "tokenContract", chain.usdc()),
                        Map.of("symbol", USDT, "chainId", DemoChain.CHAIN_ID, "decimals", DemoChain.TOKEN_DECIMALS,
                                "tokenContract", chain.usdt())));
        return api.post(endpoints.ledger() + "/incidents", token(DemoUsers.IAN), declaration, 201).get("id").asText();
    }

    /**
     * The breach snapshot of {@code accounts} accounts (ACC-000001 is alice, ACC-000002 bob), generated
     * from a fixed seed, uploaded and sealed by ian.
     */
    public Snapshot sealSnapshot(String incidentId, int accounts) {
        if (accounts < 2 || accounts > 999_999) {
            throw new IllegalArgumentException("between 2 and 999,999 accounts, not " + accounts);
        }
        Map<String, Map<String, BigInteger>> balances = new LinkedHashMap<>();
        balances.put(DemoUsers.ALICE_ACCOUNT_ID, Map.of(ETH, ETHER.multiply(BigInteger.valueOf(25)).divide(BigInteger.TEN),
                USDC, DOLLAR.multiply(BigInteger.valueOf(12_500)), USDT, DOLLAR.multiply(BigInteger.valueOf(3_000))));
        balances.put(DemoUsers.BOB_ACCOUNT_ID, Map.of(ETH, ETHER.multiply(BigInteger.valueOf(8)).divide(BigInteger.TEN),
                USDC, DOLLAR.multiply(BigInteger.valueOf(40_000)), USDT, DOLLAR.multiply(BigInteger.valueOf(750))));
        Random random = new Random(20230912L);
        for (int i = 3; i <= accounts; i++) {
            Map<String, BigInteger> holdings = new LinkedHashMap<>();
            holdings.put(ETH, BigInteger.valueOf(1 + random.nextInt(5_000_000)).multiply(BigInteger.TEN.pow(12)));
            if (random.nextInt(3) > 0) {
                holdings.put(USDC, BigInteger.valueOf(1 + random.nextInt(2_000_000_000)));
            }
            if (random.nextBoolean()) {
                holdings.put(USDT, BigInteger.valueOf(1 + random.nextInt(500_000_000)));
            }
            balances.put("ACC-%06d".formatted(i), holdings);
        }
        StringBuilder csv = new StringBuilder("account_id,asset,amount\n");
        balances.forEach((account, holdings) -> holdings.forEach((asset, amount) ->
                csv.append(account).append(',').append(asset).append(',').append(amount).append('\n')));
        String importId = UUID.randomUUID().toString();
        String ian = token(DemoUsers.IAN);
        api.upload("PUT", endpoints.ledger() + "/incidents/" + incidentId + "/snapshot/imports/" + importId, ian,
                "text/csv", csv.toString().getBytes(StandardCharsets.UTF_8), 201);
        api.post(endpoints.ledger() + "/incidents/" + incidentId + "/snapshot/seal", ian, Map.of("importId", importId), 200);
        return new Snapshot(balances);
    }

    /** ian opens claims until the bar date; claims-service learns it through the ledger's event. */
    public void openClaims(String incidentId, Instant deadline) {
        transition(incidentId, DemoUsers.IAN, "CLAIMS_OPEN", "Snapshot sealed; affected users may claim.", deadline);
        awaitEvent("claims-service to learn that claims are open", () -> {
            try {
                return api.post(endpoints.claims() + "/incidents/" + incidentId + "/claims", token(DemoUsers.ALICE), null, 201,
                        Map.of("Idempotency-Key", "demo-open-" + incidentId + "-" + DemoUsers.ALICE_ACCOUNT_ID));
            } catch (Api.ApiException refused) {
                return null;
            }
        });
    }

    /** alice accepts every line, proves her payout address, passes KYC and submits: approved automatically. */
    public String claimAccepted(String incidentId, String username, String accountId) {
        String claimant = token(username);
        JsonNode claim = open(incidentId, claimant, accountId);
        String claimId = claim.get("id").asText();
        for (JsonNode line : claim.get("lines")) {
            api.post(endpoints.claims() + "/claims/" + claimId + "/lines/" + line.get("id").asText() + "/accept",
                    claimant, null, 200);
        }
        proveAddressAndKyc(incidentId, claimId, claimant, accountId);
        api.post(endpoints.claims() + "/claims/" + claimId + "/submit", claimant, null, 200,
                Map.of("Idempotency-Key", "demo-submit-" + claimId));
        return claimId;
    }

    /**
     * bob accepts his ETH and USDT lines and disputes USDC, believing he held {@code believedUsdc}, with a
     * written explanation and a statement as evidence; the claim waits in the review queue.
     */
    public String claimDisputed(String incidentId, String username, String accountId, BigInteger believedUsdc) {
        String claimant = token(username);
        JsonNode claim = open(incidentId, claimant, accountId);
        String claimId = claim.get("id").asText();
        String disputedLine = null;
        for (JsonNode line : claim.get("lines")) {
            String lineId = line.get("id").asText();
            if (USDC.equals(line.get("asset").asText())) {
                disputedLine = lineId;
                api.post(endpoints.claims() + "/claims/" + claimId + "/lines/" + lineId + "/dispute", claimant,
                        Map.of("claimedAmount", believedUsdc.toString(), "explanation",
                                "A deposit of USDC I made an hour before the breach is missing from the snapshot."), 200);
            } else {
                api.post(endpoints.claims() + "/claims/" + claimId + "/lines/" + lineId + "/accept", claimant, null, 200);
            }
        }
        if (disputedLine == null) {
            throw new IllegalStateException(accountId + " has no USDC line to dispute");
        }
        api.upload("POST", endpoints.claims() + "/claims/" + claimId + "/evidence?fileName=deposit-receipt.txt&lineId="
                        + disputedLine, claimant, "text/plain",
                "Deposit receipt: USDC credited to my exchange account one hour before the breach.\n"
                        .getBytes(StandardCharsets.UTF_8), 201);
        proveAddressAndKyc(incidentId, claimId, claimant, accountId);
        api.post(endpoints.claims() + "/claims/" + claimId + "/submit", claimant, null, 200,
                Map.of("Idempotency-Key", "demo-submit-" + claimId));
        return claimId;
    }

    /**
     * sam takes the disputed claim and proposes to approve {@code approvedUsdc} for its USDC line; when
     * the claim then needs a second approval, lena gives it. Answers the claim's final status.
     */
    public String decideDispute(String claimId, BigInteger approvedUsdc) {
        String sam = token(DemoUsers.SAM);
        api.post(endpoints.claims() + "/claims/" + claimId + "/assignment", sam, null, 200);
        JsonNode claim = api.get(endpoints.claims() + "/claims/" + claimId, sam);
        List<Map<String, String>> lines = new ArrayList<>();
        for (JsonNode line : claim.get("lines")) {
            if (USDC.equals(line.get("asset").asText())) {
                lines.add(Map.of("lineId", line.get("id").asText(), "approvedAmount", approvedUsdc.toString()));
            }
        }
        JsonNode proposed = api.post(endpoints.claims() + "/claims/" + claimId + "/proposal", sam,
                Map.of("decision", "APPROVE", "lines", lines), 200);
        if ("PENDING_SECOND_APPROVAL".equals(proposed.get("status").asText())) {
            proposed = api.post(endpoints.claims() + "/claims/" + claimId + "/proposal/approval", token(DemoUsers.LENA), null, 200);
        }
        return proposed.get("status").asText();
    }

    /**
     * fiona books what came back: the exchange's treasury tops up ETH to cover every approved ETH claim, and 1 ETH
     * recovered on chain that the chain has not confirmed (the demo incident declares no recovery address, so it
     * stays UNVERIFIED and rounds withhold it); USDC frozen by its issuer and released in full, USDT frozen but only
     * {@code usdtCoveragePercent}% released, so USDT is short. Amounts follow what the ledger reports as approved.
     */
    public void recordRecoveries(String incidentId, int usdtCoveragePercent) {
        String fiona = token(DemoUsers.FIONA);
        Map<String, BigInteger> approved = approvedPerAsset(incidentId);
        String recoveries = endpoints.ledger() + "/incidents/" + incidentId + "/recoveries";
        BigInteger ethApproved = approved.getOrDefault(ETH, BigInteger.ZERO);
        if (ethApproved.signum() > 0) {
            api.post(recoveries, fiona, Map.of("assetSymbol", ETH, "kind", "TREASURY_CONTRIBUTION", "amount",
                    ethApproved.toString(), "reason", "Treasury top-up for the ETH claims."), 201,
                    idempotencyKey(incidentId, ETH, "TREASURY_CONTRIBUTION"));
        }
        api.post(recoveries, fiona, Map.of("assetSymbol", ETH, "kind", "RECOVERED_ON_CHAIN", "amount", ETHER.toString(),
                "txHash", chain.walletFundingTxHash(), "reason", "Recovered from the attacker's bridge deposit."), 201,
                idempotencyKey(incidentId, ETH, "RECOVERED_ON_CHAIN"));
        BigInteger usdc = approved.getOrDefault(USDC, BigInteger.ZERO).add(DOLLAR.multiply(BigInteger.valueOf(1_000)));
        freezeAndRelease(incidentId, recoveries, fiona, USDC, "Circle", usdc, usdc);
        BigInteger usdtApproved = approved.getOrDefault(USDT, BigInteger.ZERO);
        BigInteger usdtReleased = usdtApproved.multiply(BigInteger.valueOf(usdtCoveragePercent)).divide(BigInteger.valueOf(100));
        freezeAndRelease(incidentId, recoveries, fiona, USDT, "Tether", usdtApproved, usdtReleased);
    }

    /**
     * Waits until the ledger has booked the approved claims (ClaimApproved events) up to {@code expected}
     * per asset, so recoveries and rounds are planned against every approval.
     */
    public void awaitApproved(String incidentId, Map<String, BigInteger> expected) {
        awaitEvent("the ledger to book approvals of " + expected, () -> {
            Map<String, BigInteger> approved = approvedPerAsset(incidentId);
            for (Map.Entry<String, BigInteger> asset : expected.entrySet()) {
                if (approved.getOrDefault(asset.getKey(), BigInteger.ZERO).compareTo(asset.getValue()) != 0) {
                    return null;
                }
            }
            return approved;
        });
    }

    /** Claims close at ian's word and the incident moves to distribution. */
    public void startDistribution(String incidentId) {
        transition(incidentId, DemoUsers.IAN, "CLAIMS_CLOSED", "Bar date reached for the demo.", null);
        transition(incidentId, DemoUsers.FIONA, "DISTRIBUTING", "Recovered funds are ready to pay.", null);
    }

    /** fiona proposes a round and frank approves it; answers the round id. */
    public String approveRound(String incidentId) {
        String roundId = api.post(endpoints.ledger() + "/incidents/" + incidentId + "/rounds", token(DemoUsers.FIONA),
                Map.of("note", "First distribution of recovered funds."), 201,
                Map.of("Idempotency-Key", "demo-round-" + incidentId)).get("id").asText();
        api.post(endpoints.ledger() + "/rounds/" + roundId + "/approval", token(DemoUsers.FRANK),
                Map.of("reason", "Coverage and totals checked against the reconciliation."), 200);
        return roundId;
    }

    /** The entitlements of an approved round: entitlement id -> its JSON (asset, amount, payout address...). */
    public List<JsonNode> entitlements(String roundId) {
        List<JsonNode> all = new ArrayList<>();
        String auditor = token(DemoUsers.AUDREY);
        String after = "";
        JsonNode page;
        do {
            page = api.get(endpoints.ledger() + "/rounds/" + roundId + "/entitlements?limit=200" + after, auditor);
            page.get("items").forEach(all::add);
            if (!all.isEmpty()) {
                after = "&after=" + all.getLast().get("id").asText();
            }
        } while (page.get("items").size() == 200);
        return all;
    }

    /** Waits until payout-service holds {@code count} payout instructions of the incident (from EntitlementIssued). */
    public void awaitInstructions(String incidentId, int count) {
        String fiona = token(DemoUsers.FIONA);
        awaitEvent(count + " payout instructions", () -> {
            int total = api.get(endpoints.payout() + "/instructions?incidentId=" + incidentId + "&limit=1", fiona)
                    .get("total").asInt();
            return total >= count ? total : null;
        });
    }

    /**
     * fiona proposes a batch of the incident's pending instructions for asset; frank approves exactly its
     * hash, and fay too when its total needs two approvers. Answers the batch as approved.
     */
    public JsonNode approveBatch(String incidentId, String asset) {
        JsonNode batch = api.post(endpoints.payout() + "/batches", token(DemoUsers.FIONA),
                Map.of("incidentId", incidentId, "chainId", DemoChain.CHAIN_ID, "assetSymbol", asset), Set.of(200, 201),
                Map.of("Idempotency-Key", "demo-batch-" + incidentId + "-" + asset)).get("batch");
        String batchId = batch.get("id").asText();
        Map<String, String> approval = Map.of("itemsHash", batch.get("itemsHash").asText());
        JsonNode approved = api.post(endpoints.payout() + "/batches/" + batchId + "/approvals", token(DemoUsers.FRANK),
                approval, 200).get("batch");
        if (!"APPROVED".equals(approved.get("state").asText())) {
            approved = api.post(endpoints.payout() + "/batches/" + batchId + "/approvals", token(DemoUsers.FAY),
                    approval, 200).get("batch");
        }
        return approved;
    }

    /** Waits until the batch is paid on chain and confirmed; a failed batch stops the caller with its state. */
    public JsonNode awaitBatchPaid(String batchId) {
        String auditor = token(DemoUsers.AUDREY);
        return awaitEvent("batch " + batchId + " to be paid", () -> {
            JsonNode batch = api.get(endpoints.payout() + "/batches/" + batchId + "?limit=1", auditor).get("batch");
            String state = batch.get("state").asText();
            if ("FAILED".equals(state) || "CANCELLED".equals(state)) {
                throw new IllegalStateException("batch " + batchId + " ended " + state + ": " + batch);
            }
            return "PAID".equals(state) ? batch : null;
        });
    }

    /** The ledger's reconciliation of the incident, as the auditor reads it. */
    public JsonNode reconciliation(String incidentId) {
        return api.get(endpoints.ledger() + "/incidents/" + incidentId + "/reconciliation", token(DemoUsers.AUDREY));
    }

    /** The claim as its claimant sees it. */
    public JsonNode claimAsClaimant(String claimId, String username) {
        return api.get(endpoints.claims() + "/claims/" + claimId, token(username));
    }

    /**
     * Waits until claims-service, which learns payments from payout-service's events on its own time, shows a
     * payment on every line of the claim; answers the claim as its claimant sees it then.
     */
    public JsonNode awaitClaimPaid(String claimId, String username) {
        return awaitEvent("claims-service to show every line of claim " + claimId + " paid", () -> {
            JsonNode claim = claimAsClaimant(claimId, username);
            for (JsonNode line : claim.get("lines")) {
                if (line.get("payments").isEmpty()) {
                    return null;
                }
            }
            return claim;
        });
    }

    private Map<String, BigInteger> approvedPerAsset(String incidentId) {
        Map<String, BigInteger> approved = new LinkedHashMap<>();
        for (JsonNode asset : reconciliation(incidentId).get("assets")) {
            approved.put(asset.get("assetSymbol").asText(), new BigInteger(asset.get("approved").asText()));
        }
        return approved;
    }

    private void freezeAndRelease(String incidentId, String recoveries, String token, String asset, String issuer,
                                  BigInteger frozen, BigInteger released) {
        if (frozen.signum() > 0) {
            api.post(recoveries, token, Map.of("assetSymbol", asset, "kind", "FROZEN_BY_COUNTERPARTY", "amount",
                    frozen.toString(), "counterparty", issuer, "reason", issuer + " froze the attacker's " + asset + "."), 201,
                    idempotencyKey(incidentId, asset, "FROZEN_BY_COUNTERPARTY"));
        }
        if (released.signum() > 0) {
            api.post(recoveries, token, Map.of("assetSymbol", asset, "kind", "RELEASED_BY_COUNTERPARTY", "amount",
                    released.toString(), "counterparty", issuer, "reason", issuer + " released frozen " + asset + " to us."), 201,
                    idempotencyKey(incidentId, asset, "RELEASED_BY_COUNTERPARTY"));
        }
    }

    /** One booking per incident, asset and kind: a repeated seeding step books nothing twice. */
    private static Map<String, String> idempotencyKey(String incidentId, String asset, String kind) {
        return Map.of("Idempotency-Key", "demo-" + incidentId + "-" + asset + "-" + kind);
    }

    private JsonNode open(String incidentId, String claimant, String accountId) {
        // 201 opens it; 200 answers the claim this key opened before (openClaims' probe may have).
        return api.post(endpoints.claims() + "/incidents/" + incidentId + "/claims", claimant, null, Set.of(200, 201),
                Map.of("Idempotency-Key", "demo-open-" + incidentId + "-" + accountId));
    }

    private void proveAddressAndKyc(String incidentId, String claimId, String claimant, String accountId) {
        api.put(endpoints.claims() + "/claims/" + claimId + "/payout-addresses", claimant,
                signedProof(incidentId, accountId, payoutKey(incidentId, accountId)), 200);
        api.put(endpoints.claims() + "/accounts/" + accountId + "/kyc",
                Tokens.forClient(endpoints.realmUrl(), "kyc-provider", "kyc-provider-dev-secret"),
                Map.of("status", "VERIFIED", "reference", "demo-kyc-" + accountId), 200);
    }

    /** The EIP-712 payout address proof a wallet makes with eth_signTypedData_v4, on the local chain. */
    public static Map<String, Object> signedProof(String incidentId, String accountId, Credentials key) {
        String address = key.getAddress();
        String checksummed = org.web3j.crypto.Keys.toChecksumAddress(address);
        String nonce = Long.toString(System.nanoTime());
        long expiry = Instant.now().plus(10, ChronoUnit.MINUTES).getEpochSecond();
        String typedData = """
                {"types":{"EIP712Domain":[{"name":"name","type":"string"},{"name":"version","type":"string"},
                {"name":"chainId","type":"uint256"}],"PayoutAddressProof":[{"name":"incidentId","type":"string"},
                {"name":"accountId","type":"string"},{"name":"payoutAddress","type":"address"},
                {"name":"nonce","type":"uint256"},{"name":"expiry","type":"uint256"}]},
                "primaryType":"PayoutAddressProof","domain":{"name":"Restitution","version":"1","chainId":%d},
                "message":{"incidentId":"%s","accountId":"%s","payoutAddress":"%s","nonce":"%s","expiry":%d}}"""
                .formatted(DemoChain.CHAIN_ID, incidentId, accountId, checksummed, nonce, expiry);
        try {
            Sign.SignatureData signature = Sign.signMessage(
                    new StructuredDataEncoder(typedData).hashStructuredData(), key.getEcKeyPair(), false);
            byte[] bytes = new byte[65];
            System.arraycopy(signature.getR(), 0, bytes, 0, 32);
            System.arraycopy(signature.getS(), 0, bytes, 32, 32);
            bytes[64] = signature.getV()[0];
            return Map.of("chainId", DemoChain.CHAIN_ID, "address", checksummed, "nonce", nonce, "expiry", expiry,
                    "signature", Numeric.toHexString(bytes));
        } catch (java.io.IOException e) {
            throw new IllegalStateException("cannot sign the payout address proof", e);
        }
    }

    private void transition(String incidentId, String username, String to, String reason, Instant claimsDeadline) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("to", to);
        body.put("reason", reason);
        if (claimsDeadline != null) {
            body.put("claimsDeadline", claimsDeadline.toString());
        }
        api.post(endpoints.ledger() + "/incidents/" + incidentId + "/transitions", token(username), body, 200);
    }

    private static <T> T awaitEvent(String what, Supplier<T> attempt) {
        Instant giveUp = Instant.now().plus(EVENT_WAIT);
        while (Instant.now().isBefore(giveUp)) {
            T result = attempt.get();
            if (result != null) {
                return result;
            }
            try {
                Thread.sleep(250);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted waiting for " + what, e);
            }
        }
        throw new IllegalStateException("gave up after " + EVENT_WAIT.toSeconds() + " s waiting for " + what);
    }

    private String token(String username) {
        return Tokens.forUser(endpoints.realmUrl(), username, DemoUsers.PASSWORD);
    }
}
