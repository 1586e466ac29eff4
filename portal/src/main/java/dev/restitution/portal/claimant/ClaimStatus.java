package dev.restitution.portal.claimant;

import dev.restitution.contracts.claims.model.Claim;
import dev.restitution.contracts.claims.model.ClaimLine;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a claim is and what happens next, in plain words, derived from the claim as claims-service
 * answers it. Honest about what the person still has to do and about what is out of their hands.
 */
@io.quarkus.qute.TemplateData
public record ClaimStatus(String stage, String headline, List<String> next, boolean canSubmit, Set<Long> chainsWithoutAddress) {

    public static ClaimStatus of(Claim claim) {
        Set<Long> chains = new TreeSet<>();
        claim.getLines().forEach(line -> chains.add(line.getChainId()));
        claim.getPayoutAddresses().forEach(address -> chains.remove(address.getChainId()));
        long pending = claim.getLines().stream().filter(line -> line.getStatus() == ClaimLine.StatusEnum.PENDING).count();
        boolean anyPaid = claim.getLines().stream().anyMatch(line -> paid(line).signum() > 0);
        List<String> next = new ArrayList<>();
        // By wire value: claims-service adds statuses as disputes arrive; an unknown one is shown as it is.
        return switch (claim.getStatus().toString()) {
            case "DRAFT" -> {
                if (pending > 0) {
                    next.add("Check each balance below and accept it if it matches your records (" + pending + " still to accept).");
                }
                if (!chains.isEmpty()) {
                    next.add("Name a payout address for each chain and prove it is yours by signing a message with its key.");
                }
                next.add("Submit the claim. After submission nothing can be changed without support.");
                yield new ClaimStatus("DRAFT", "Not submitted yet", next, pending == 0 && chains.isEmpty(), chains);
            }
            case "SUBMITTED" -> {
                next.add(Boolean.TRUE.equals(claim.getKycVerified())
                        ? "Your identity check is done; the claim is being verified."
                        : "Waiting for the exchange's identity check (KYC) of your account. You will not need to do anything here.");
                next.add("Once approved, a distribution round decides how much can be paid now, by what has been recovered.");
                yield new ClaimStatus("SUBMITTED", "Submitted, waiting for verification", next, false, chains);
            }
            case "UNDER_REVIEW", "PENDING_SECOND_APPROVAL" -> {
                next.add("A support agent reviews the balance you disputed; a second person confirms larger decisions.");
                next.add("If they need more from you, this page says so and asks you a question.");
                yield new ClaimStatus("SUBMITTED", "Under review by support", next, false, chains);
            }
            case "NEEDS_INFO" -> {
                next.add("Support asked you a question about your claim. Answer it so the review can go on.");
                yield new ClaimStatus("SUBMITTED", "Support needs information from you", next, false, chains);
            }
            case "REJECTED" -> {
                next.add("Your claim was rejected. The claim history says why; contact support if you disagree.");
                yield new ClaimStatus("CLOSED", "Rejected", next, false, chains);
            }
            case "WITHDRAWN" -> {
                next.add("You withdrew this claim. Nothing will be paid for it.");
                yield new ClaimStatus("CLOSED", "Withdrawn", next, false, chains);
            }
            case "APPROVED" -> {
                if (anyPaid) {
                    next.add("Payments below are on-chain; the transaction hash lets you check each one in any block explorer.");
                    next.add("If more funds are recovered, later rounds pay more of what remains.");
                    yield new ClaimStatus("PAID", "Approved and paid (in part or in full)", next, false, chains);
                }
                next.add("Your claim is approved. A distribution round decides what share can be paid now; finance proposes it and a second person approves it.");
                next.add("Then the payment is sent on-chain to your proven address, and its transaction hash appears here.");
                yield new ClaimStatus("APPROVED", "Approved, waiting for a payout", next, false, chains);
            }
            default -> {
                next.add("claims-service reports the state " + claim.getStatus() + ".");
                yield new ClaimStatus("SUBMITTED", claim.getStatus().toString(), next, false, chains);
            }
        };
    }

    static BigInteger paid(ClaimLine line) {
        return line.getPaidMinorUnits() == null ? BigInteger.ZERO : new BigInteger(line.getPaidMinorUnits());
    }
}
