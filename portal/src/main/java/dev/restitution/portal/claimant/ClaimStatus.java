package dev.restitution.portal.claimant;

import dev.restitution.contracts.claims.model.Claim;
import dev.restitution.contracts.claims.model.ClaimLine;
import dev.restitution.contracts.claims.model.Question;
import dev.restitution.portal.language.Messages;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where a claim is and what happens next, in plain words, derived from the claim as claims-service
 * answers it. Honest about what the person still has to do and about what is out of their hands. Written in the
 * person's language (the messages given).
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

    /**
     * Whether the claimant may replace the chain's address now: not on a rejected or withdrawn claim, and not while a
     * change for that chain waits out its cool-down (claims-service refuses a second one; cancel the first).
     */
    public boolean replaceable(Claim claim, Long chainId) {
        return !"CLOSED".equals(stage) && claim.getPendingPayoutAddresses().stream()
                .noneMatch(pending -> pending.getChainId().equals(chainId));
    }

    /** The question support asked that waits for the claimant's answer, if any. */
    public static Optional<Question> openQuestion(Claim claim) {
        if (claim.getQuestions() == null || !"NEEDS_INFO".equals(claim.getStatus().toString())) {
            return Optional.empty();
        }
        return claim.getQuestions().stream().filter(question -> question.getAnswer() == null).reduce((first, second) -> second);
    }

    public static ClaimStatus of(Claim claim, Messages messages) {
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
                    next.add(messages.statusNextCheckBalances(Long.toString(pending)));
                }
                if (disputed > 0) {
                    next.add(disputed == 1 ? messages.statusNextDisputedOne() : messages.statusNextDisputedMany(Long.toString(disputed)));
                }
                if (!chains.isEmpty()) {
                    next.add(messages.statusNextAddress());
                }
                next.add(messages.statusNextSubmit());
                yield new ClaimStatus("DRAFT", messages.statusDraft(), next, pending == 0 && chains.isEmpty(), chains);
            }
            case "SUBMITTED" -> {
                next.add(Boolean.TRUE.equals(claim.getKycVerified())
                        ? messages.statusNextKycDone()
                        : messages.statusNextKycWaiting());
                next.add(messages.statusNextRoundDecides());
                yield new ClaimStatus("SUBMITTED", messages.statusSubmitted(), next, false, chains);
            }
            case "UNDER_REVIEW" -> {
                next.add(messages.statusNextReview());
                next.add(messages.statusNextReviewMeanwhile());
                yield new ClaimStatus("SUBMITTED", messages.statusUnderReview(), next, false, chains);
            }
            case "PENDING_SECOND_APPROVAL" -> {
                next.add(messages.statusNextSecondApproval());
                next.add(messages.statusNextChangeSendsBack());
                yield new ClaimStatus("SUBMITTED", messages.statusPendingSecondApproval(), next, false, chains);
            }
            case "NEEDS_INFO" -> {
                next.add(messages.statusNextAnswer());
                yield new ClaimStatus("SUBMITTED", messages.statusNeedsInfo(), next, false, chains);
            }
            case "REJECTED" -> {
                next.add(claim.getRejectionReason() == null ? messages.statusNextRejected()
                        : messages.statusNextRejectedBecause(claim.getRejectionReason()));
                yield new ClaimStatus("CLOSED", messages.statusRejected(), next, false, chains);
            }
            case "WITHDRAWN" -> {
                next.add(messages.statusNextWithdrawn());
                yield new ClaimStatus("CLOSED", messages.statusWithdrawn(), next, false, chains);
            }
            case "APPROVED" -> {
                if (anyPaid) {
                    next.add(messages.statusNextPaymentsOnChain());
                    next.add(messages.statusNextLaterRounds());
                    yield new ClaimStatus("PAID", messages.statusPaid(), next, false, chains);
                }
                next.add(messages.statusNextApproved());
                next.add(messages.statusNextPaymentSent());
                yield new ClaimStatus("APPROVED", messages.statusApproved(), next, false, chains);
            }
            default -> {
                next.add(messages.statusNextUnknown(claim.getStatus().toString()));
                yield new ClaimStatus("SUBMITTED", claim.getStatus().toString(), next, false, chains);
            }
        };
    }

    static BigInteger paid(ClaimLine line) {
        return line.getPaidMinorUnits() == null ? BigInteger.ZERO : new BigInteger(line.getPaidMinorUnits());
    }
}
