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
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

/**
 * A hot-wallet breach worked through the platform the way its people would, through the services'
 * public APIs only (the data reaches every table through the same endpoints and events as real data):
 * the incident-admin declares it (the first chain's coin and an ERC-20 token there, and an ERC-20 token on the
 * second chain: see {@link DemoChains}) and seals a snapshot of
 * thousands of accounts; alice accepts her balances, bob disputes one; recoveries leave a shortfall in
 * USDT; the incident moves to distribution and finance approves a round.
 */
public final class DemoCase {

    public static final String ETH = "ETH";
    public static final String USDC = "USDC";
    public static final String USDT = "USDT";
    private static final BigInteger ETHER = BigInteger.TEN.pow(18);
    private static final BigInteger DOLLAR = BigInteger.TEN.pow(DemoChain.TOKEN_DECIMALS);
    /** How long service-to-service events may take to arrive before a step gives up. */
    private static final Duration EVENT_WAIT = Duration.ofSeconds(60);

    private final ServiceEndpoints endpoints;
    private final DemoChains chains;
    private final Api api = new Api();

    public DemoCase(ServiceEndpoints endpoints, DemoChains chains) {
        this.endpoints = Objects.requireNonNull(endpoints, "endpoints");
        this.chains = Objects.requireNonNull(chains, "chains");
    }

    /** ian declares the breach; answers the incident id. */
    public String declareIncident(String title) {
        Map<String, Object> declaration = Map.of(
                "exchange", "Demo Exchange",
                "title", title,
                "cutoffAt", Instant.now().minus(3, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "description", "Hot-wallet keys were stolen; withdrawals are suspended. Part of the stolen "
                        + "stablecoins was frozen by their issuers.",
                "assets", chains.assetDeclarations());
        return api.post(endpoints.ledger() + "/incidents", token(DemoUsers.IAN), declaration, 201).get("id").asText();
    }

    /**
     * The breach snapshot of {@code accounts} accounts (ACC-000001 is alice, ACC-000002 bob), generated
     * from a fixed seed, uploaded and sealed by ian.
     */
    public DemoSnapshot sealSnapshot(String incidentId, int accounts) {
        if (accounts < 2 || accounts > 999_999) {
            throw new IllegalArgumentException("between 2 and 999,999 accounts, not " + accounts);
        }
        Map<String, Map<String, BigInteger>> balances = DemoBalances.generate(accounts);
        String importId = UUID.randomUUID().toString();
        String ian = token(DemoUsers.IAN);
        api.upload("PUT", endpoints.ledger() + "/incidents/" + incidentId + "/snapshot/imports/" + importId, ian,
                "text/csv", DemoBalances.csv(balances).getBytes(StandardCharsets.UTF_8), 201);
        api.post(endpoints.ledger() + "/incidents/" + incidentId + "/snapshot/seal", ian, Map.of("importId", importId), 200);
        return new DemoSnapshot(balances);
    }

    /** ian opens claims until the bar date; claims-service learns it through the ledger's event. */
    public void openClaims(String incidentId, Instant deadline) {
        transition(incidentId, DemoUsers.IAN, "CLAIMS_OPEN", "Snapshot sealed; affected users may claim.", deadline);
        Waits.until(EVENT_WAIT, "claims-service to learn that claims are open", () -> {
            try {
                return api.post(endpoints.claims() + "/incidents/" + incidentId + "/claims", token(DemoUsers.ALICE), null, 201,
                        Map.of("Idempotency-Key", "demo-open-" + incidentId + "-" + DemoUsers.ALICE_ACCOUNT_ID));
            } catch (Api.ApiException refused) {
                return null;
            }
        });
    }

    /**
     * alice accepts every line, proves a payout address on each chain of her lines, passes KYC and submits: approved
     * automatically.
     */
    public String claimAccepted(String incidentId, String username, String accountId) {
        return claimAccepted(incidentId, accountId, token(username), kycProviderToken());
    }

    /** {@link #claimAccepted(String, String, String)} with the claimant's and the KYC provider's tokens in hand. */
    String claimAccepted(String incidentId, String accountId, String claimant, String kycProvider) {
        JsonNode claim = open(incidentId, claimant, accountId);
        String claimId = claim.get("id").asText();
        for (JsonNode line : claim.get("lines")) {
            api.post(endpoints.claims() + "/claims/" + claimId + "/lines/" + line.get("id").asText() + "/accept",
                    claimant, null, 200);
        }
        proveAddressesAndKyc(incidentId, claim, claimant, accountId, kycProvider);
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
        proveAddressesAndKyc(incidentId, claim, claimant, accountId, kycProviderToken());
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
                    DemoBookings.idempotencyKey(incidentId, ETH, "TREASURY_CONTRIBUTION"));
        }
        api.post(recoveries, fiona, Map.of("assetSymbol", ETH, "kind", "RECOVERED_ON_CHAIN", "amount", ETHER.toString(),
                "txHash", chains.first().walletFundingTxHash(), "reason", "Recovered from the attacker's bridge deposit."), 201,
                DemoBookings.idempotencyKey(incidentId, ETH, "RECOVERED_ON_CHAIN"));
        BigInteger usdc = approved.getOrDefault(USDC, BigInteger.ZERO).add(DOLLAR.multiply(BigInteger.valueOf(1_000)));
        DemoBookings.freezeAndRelease(api, incidentId, recoveries, fiona, USDC, "Circle", usdc, usdc);
        BigInteger usdtApproved = approved.getOrDefault(USDT, BigInteger.ZERO);
        BigInteger usdtReleased = usdtApproved.multiply(BigInteger.valueOf(usdtCoveragePercent)).divide(BigInteger.valueOf(100));
        DemoBookings.freezeAndRelease(api, incidentId, recoveries, fiona, USDT, "Tether", usdtApproved, usdtReleased);
    }

    /**
     * Waits until the ledger has booked the approved claims (ClaimApproved events) up to {@code expected}
     * per asset, so recoveries and rounds are planned against every approval.
     */
    public void awaitApproved(String incidentId, Map<String, BigInteger> expected) {
        Waits.until(EVENT_WAIT, "the ledger to book approvals of " + expected, () -> {
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

    /**
     * Waits until the ledger has booked the settlement of every entitlement of the round: paid equals the amount
     * entitled, no less and no more.
     */
    public void awaitEntitlementsPaid(String roundId) {
        Waits.until(EVENT_WAIT, "the ledger to book every payment of round " + roundId, () -> {
            List<JsonNode> entitlements = entitlements(roundId);
            boolean booked = entitlements.stream().allMatch(e -> e.get("paid").asText().equals(e.get("amount").asText()));
            return booked ? entitlements : null;
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
        return Waits.until(EVENT_WAIT, "claims-service to show every line of claim " + claimId + " paid", () -> {
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

    private JsonNode open(String incidentId, String claimant, String accountId) {
        // 201 opens it; 200 answers the claim this key opened before (openClaims' probe may have).
        return api.post(endpoints.claims() + "/incidents/" + incidentId + "/claims", claimant, null, Set.of(200, 201),
                Map.of("Idempotency-Key", "demo-open-" + incidentId + "-" + accountId));
    }

    /** The claimant proves one payout address for each chain the claim's lines are on (its wallet's key for that chain). */
    private void proveAddressesAndKyc(String incidentId, JsonNode claim, String claimant, String accountId,
                                      String kycProvider) {
        Set<Long> chainIds = new TreeSet<>();
        claim.get("lines").forEach(line -> chainIds.add(line.get("chainId").asLong()));
        for (long chainId : chainIds) {
            api.put(endpoints.claims() + "/claims/" + claim.get("id").asText() + "/payout-addresses", claimant,
                    DemoWallets.signedProof(incidentId, accountId, chainId,
                            DemoWallets.payoutKey(incidentId, accountId, chainId)), 200);
        }
        api.put(endpoints.claims() + "/accounts/" + accountId + "/kyc", kycProvider,
                Map.of("status", "VERIFIED", "reference", "demo-kyc-" + accountId), 200);
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

    /** The external KYC provider's service-account token (client credentials). */
    String kycProviderToken() {
        return Tokens.forClient(endpoints.realmUrl(), "kyc-provider", "kyc-provider-dev-secret");
    }

    String token(String username) {
        return Tokens.forDemoUser(endpoints.realmUrl(), username);
    }
}
