package dev.restitution.portal.claimant;

import dev.restitution.contracts.claims.model.Claim;
import dev.restitution.contracts.claims.model.ClaimLine;
import dev.restitution.contracts.claims.model.Question;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a claim is and what happens next, in plain words, derived from the claim as claims-service
 * answers it. Honest about what the person still has to do and about what is out of their hands.
 */
@io.quarkus.qute.TemplateData
public record ClaimStatus(String stage, String headline, List<String> next, boolean canSubmit, Set<Long> chainsWithoutAddress) {

    /** claims-service takes a dispute (or its change) while the claim is a draft or under review. */
    private static final Set<String> DISPUTABLE = Set.of("DRAFT", "UNDER_REVIEW", "NEEDS_INFO", "PENDING_SECOND_APPROVAL");
    /** Until a decision the claimant may add evidence and withdraw. */
    private static final Set<String> UNDECIDED = Set.of("DRAFT", "SUBMITTED", "UNDER_REVIEW", "NEEDS_INFO", "PENDING_SECOND_APPROVAL");

    /** Whether a line can be disputed now: any line of a draft, a disputed line while support reviews it. */
    public boolean canDispute(Claim claim, ClaimLine line) {
        String status = claim.getStatus().toString();
        return DISPUTABLE.contains(status) && (status.equals("DRAFT") || line.getStatus() == ClaimLine.StatusEnum.DISPUTED);
    }

    /** Whether evidence can still be added and the claim withdrawn. */
    public boolean undecided(Claim claim) {
        return UNDECIDED.contains(claim.getStatus().toString());
    }

    /** The question support asked that waits for the claimant's answer, if any. */
    public static Optional<Question> openQuestion(Claim claim) {
        if (claim.getQuestions() == null || !"NEEDS_INFO".equals(claim.getStatus().toString())) {
            return Optional.empty();
        }
        return claim.getQuestions().stream().filter(question -> question.getAnswer() == null).reduce((first, second) -> second);
    }

    public static ClaimStatus of(Claim claim) {
        Set<Long> chains = new TreeSet<>();
        claim.getLines().forEach(line -> chains.add(line.getChainId()));
        claim.getPayoutAddresses().forEach(address -> chains.remove(address.getChainId()));
        long pending = claim.getLines().stream().filter(line -> line.getStatus() == ClaimLine.StatusEnum.PENDING).count();
        long disputed = claim.getLines().stream().filter(line -> line.getStatus() == ClaimLine.StatusEnum.DISPUTED).count();
        boolean anyPaid = claim.getLines().stream().anyMatch(line -> paid(line).signum() > 0);
        List<String> next = new ArrayList<>();
        // By wire value: claims-service adds statuses as disputes arrive; an unknown one is shown as it is.
        return switch (claim.getStatus().toString()) {
            case "DRAFT" -> {
                if (pending > 0) {
                    next.add("Check each balance below: accept it if it matches your records, or dispute it with the amount "
                            + "you believe and why (" + pending + " still to decide).");
                }
                if (disputed > 0) {
                    next.add("You disputed " + disputed + (disputed == 1 ? " balance" : " balances") + ". Add evidence "
                            + "(statements, receipts, screenshots) below; after you submit, a support agent reviews it.");
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
            case "UNDER_REVIEW" -> {
                next.add("A support agent reviews the balance you disputed; a second person confirms larger decisions.");
                next.add("If they need more from you, this page says so and asks you a question. Until they decide you "
                        + "can change your dispute, add evidence or withdraw the claim.");
                yield new ClaimStatus("SUBMITTED", "Under review by support", next, false, chains);
            }
            case "PENDING_SECOND_APPROVAL" -> {
                next.add("A support agent has proposed a decision; a support lead must confirm it before it takes effect.");
                next.add("Changing your dispute now sends the proposal back to review.");
                yield new ClaimStatus("SUBMITTED", "Decision proposed, waiting for a second approval", next, false, chains);
            }
            case "NEEDS_INFO" -> {
                next.add("Support asked you a question about your claim. Answer it below so the review can go on; "
                        + "nothing is decided while the question is open.");
                yield new ClaimStatus("SUBMITTED", "Support needs information from you", next, false, chains);
            }
            case "REJECTED" -> {
                next.add("Your claim was rejected" + (claim.getRejectionReason() == null ? "." : ": " + claim.getRejectionReason())
                        + " Contact support if you disagree.");
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
