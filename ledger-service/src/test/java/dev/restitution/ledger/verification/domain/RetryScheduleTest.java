package dev.restitution.ledger.verification.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RetryScheduleTest {

    private static final Instant NOW = Instant.parse("2026-12-06T03:00:00Z");
    private static final RetrySchedule SCHEDULE = new RetrySchedule(Duration.ofSeconds(10), Duration.ofMinutes(5), 30,
            Duration.ofHours(1), 168);

    private static ChainVerification waiting(int attempts) {
        return new ChainVerification(UUID.randomUUID(), UUID.randomUUID(), "ETH", VerificationSubject.RECOVERY,
                Optional.of(UUID.randomUUID()), VerificationStatus.UNVERIFIED, "waiting", attempts, Optional.of(NOW),
                Optional.empty());
    }

    @Test
    void theDelayDoublesUpToTheMaximum() {
        // Why: a payout-service outage must not be hammered, yet a short one should be over quickly.
        assertEquals(Optional.of(NOW.plusSeconds(10)), SCHEDULE.next(1, NOW));
        assertEquals(Optional.of(NOW.plusSeconds(20)), SCHEDULE.next(2, NOW));
        assertEquals(Optional.of(NOW.plusSeconds(160)), SCHEDULE.next(5, NOW));
        assertEquals(Optional.of(NOW.plusSeconds(300)), SCHEDULE.next(6, NOW));
        assertEquals(Optional.of(NOW.plusSeconds(300)), SCHEDULE.next(29, NOW));
    }

    @Test
    void theDefaultsGiveUpAfterAboutTwoHours() {
        // Why: the API documents "about two hours" of retries; this is the figure behind it.
        long seconds = 0;
        for (int attempts = 1; attempts < 30; attempts++) {
            seconds += Duration.between(NOW, SCHEDULE.next(attempts, NOW).orElseThrow()).toSeconds();
        }
        assertEquals(Optional.empty(), SCHEDULE.next(30, NOW));
        assertTrue(seconds > 7_200 && seconds < 8_000, seconds + " s");
    }

    @Test
    void aFinalAnswerEndsTheRetriesWhateverItsStatus() {
        // Why: VERIFIED and MISMATCH are the chain's word; asking again could not change them.
        ChainVerification mismatch = SCHEDULE.apply(waiting(0),
                Verdict.finalAnswer(VerificationStatus.MISMATCH, "AMOUNT: expected 2, actual 1"), NOW);
        assertEquals(VerificationStatus.MISMATCH, mismatch.status());
        assertTrue(mismatch.isFinal());
        assertEquals(1, mismatch.attempts());
        assertEquals(Optional.of(NOW), mismatch.checkedAt());
    }

    @Test
    void anAnswerToAskAgainIsRetriedUntilTheAttemptsRunOutThenStaysUnverified() {
        // Why: bounded retries; giving up must say so and never turn into VERIFIED or MISMATCH.
        ChainVerification retried = SCHEDULE.apply(waiting(3), Verdict.askAgain("waiting for payout-service"), NOW);
        assertEquals(Optional.of(NOW.plusSeconds(80)), retried.nextAttemptAt());
        ChainVerification givenUp = SCHEDULE.apply(waiting(29), Verdict.askAgain("waiting for payout-service"), NOW);
        assertEquals(VerificationStatus.UNVERIFIED, givenUp.status());
        assertTrue(givenUp.isFinal());
        assertEquals("gave up after 30 attempts; last: waiting for payout-service", givenUp.detail());
    }

    @Test
    void aChainWithoutAnEndpointIsCheckedAgainHourlyUntilOneAnswers() {
        // Why: an endpoint configured after the booking must still verify it, and the checks must stop some day.
        ChainVerification noEndpoint = SCHEDULE.apply(waiting(0),
                Verdict.awaitingEndpoint("payout-service has no JSON-RPC endpoint for eip155:56"), NOW);
        assertEquals(VerificationStatus.UNVERIFIED, noEndpoint.status());
        assertEquals(Optional.of(NOW.plus(Duration.ofHours(1))), noEndpoint.nextAttemptAt());
        assertTrue(noEndpoint.detail().contains("checked again every PT1H"), noEndpoint.detail());
        ChainVerification verified = SCHEDULE.apply(noEndpoint,
                Verdict.finalAnswer(VerificationStatus.VERIFIED, "mined in block 7"), NOW.plus(Duration.ofHours(1)));
        assertEquals(VerificationStatus.VERIFIED, verified.status());
        assertTrue(verified.isFinal());
        ChainVerification lastCheck = SCHEDULE.apply(waiting(167),
                Verdict.awaitingEndpoint("payout-service has no JSON-RPC endpoint for eip155:56"), NOW);
        assertTrue(lastCheck.isFinal());
        assertTrue(lastCheck.detail().startsWith("gave up after 168 attempts"), lastCheck.detail());
    }
}
