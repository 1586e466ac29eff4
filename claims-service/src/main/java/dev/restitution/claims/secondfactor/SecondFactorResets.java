package dev.restitution.claims.secondfactor;

import dev.restitution.claims.audit.ClaimAudit;
import dev.restitution.claims.keycloak.RealmUsers;
import dev.restitution.claims.notification.Notifications;
import dev.restitution.claims.secondfactor.domain.FactorReset;
import dev.restitution.claims.secondfactor.domain.FactorResetState;
import dev.restitution.claims.secondfactor.keycloak.KeycloakSecondFactors;
import dev.restitution.claims.secondfactor.persistence.FactorResetStore;
import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.problem.FieldViolation;
import dev.restitution.kit.problem.ProblemDetails;
import dev.restitution.kit.problem.ProblemException;
import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.transaction.Transactional;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * A claimant who lost their second factor gets it reset by two support-leads: one requests (with a reason), another
 * approves or rejects; never the same person. On approval claims-service records the approval with its cool-down, then
 * removes the account's OTP credentials in Keycloak and ends its sessions ({@link KeycloakSecondFactors}), then
 * records the removal with the claimant's mail queued ({@link #approve}). From the approval, for the
 * payout-address cool-down, every payout address the account proves waits until the cool-down's end before it is
 * paid ({@link #coolDownEnd}).
 */
@ApplicationScoped
public class SecondFactorResets {

    private static final Logger LOG = Logger.getLogger(SecondFactorResets.class);
    private static final Pattern ACCOUNT_ID = Pattern.compile("[A-Za-z0-9._:@#+/=-]{1,128}");

    private final FactorResetStore store;
    private final KeycloakSecondFactors keycloak;
    private final ClaimAudit audit;
    private final Notifications notifications;
    private final Clock clock;
    private final Duration coolDown;

    public SecondFactorResets(FactorResetStore store, KeycloakSecondFactors keycloak, ClaimAudit audit,
                              Notifications notifications, Clock clock,
                              @ConfigProperty(name = "restitution.payout-addresses.cool-down", defaultValue = "PT48H")
                              Duration coolDown) {
        if (coolDown.isNegative()) {
            throw new IllegalStateException("restitution.payout-addresses.cool-down must not be negative: " + coolDown);
        }
        this.store = store;
        this.keycloak = keycloak;
        this.audit = audit;
        this.notifications = notifications;
        this.clock = clock;
        this.coolDown = coolDown;
    }

    /** A support-lead asks to reset the account's second factor; refused (nothing written) with bad input or one open. */
    public FactorReset request(String accountId, String reason, Actor lead) {
        List<FieldViolation> violations = new ArrayList<>();
        if (accountId == null || !ACCOUNT_ID.matcher(accountId).matches()) {
            violations.add(new FieldViolation("accountId", "must be an exchange account id of 1 to "
                    + FactorReset.MAX_ACCOUNT_ID_LENGTH + " letters, digits or ._:@#+/=-"));
        }
        if (reason == null || reason.isBlank() || reason.length() > FactorReset.MAX_REASON_LENGTH) {
            violations.add(new FieldViolation("reason", "must say why, in 1 to " + FactorReset.MAX_REASON_LENGTH
                    + " characters"));
        }
        if (!violations.isEmpty()) {
            throw ProblemException.invalid(violations);
        }
        try {
            return QuarkusTransaction.requiringNew().call(() -> {
                if (store.openFor(accountId)) {
                    throw alreadyRequested(accountId);
                }
                Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
                FactorReset reset = new FactorReset(UUID.randomUUID(), accountId, reason, FactorResetState.REQUESTED, lead,
                        now, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
                store.insert(reset);
                audit.appendReset(reset.id(), true, lead, now, "SECOND_FACTOR_RESET_REQUESTED", Optional.empty(),
                        Map.of("accountId", accountId, "reason", reason, "state", reset.state().name()));
                return reset;
            });
        } catch (ProblemException refused) {
            throw refused;
        } catch (RuntimeException raced) {
            // Two leads asked at once: the unique open request per account let one through.
            if (QuarkusTransaction.requiringNew().call(() -> store.openFor(accountId))) {
                throw alreadyRequested(accountId);
            }
            throw raced;
        }
    }

    /**
     * Another support-lead approves. The approval and its cool-down are recorded first (one transaction under the
     * reset's row lock: a concurrent decision waits, then finds it decided), then the factor is removed in Keycloak,
     * then the removal is recorded with the claimant's mail (a second transaction). So no factor is ever removed
     * without a cool-down on record: a failure between the steps leaves the reset approved with its removal pending
     * (503, the cool-down already running), and approving again finishes the removal, which is safe to repeat.
     * Keycloak unreachable before anything was recorded, or no single user carrying the account: nothing is written.
     */
    public FactorReset approve(UUID resetId, Actor lead) {
        FactorReset approved = recordApproval(resetId, lead);
        KeycloakSecondFactors.Removed removed;
        try {
            removed = keycloak.removeSecondFactor(approved.accountId());
        } catch (RealmUsers.Unreachable | KeycloakSecondFactors.NoSingleUser failed) {
            LOG.warnf("reset %s approved, its removal pending: %s", resetId, failed.getMessage());
            throw new KeycloakUnavailable("The reset is approved and its cool-down runs until "
                    + approved.coolDownEndsAt().orElseThrow() + ", but the second factor is not removed yet ("
                    + failed.getMessage() + "). Approve again to finish the removal.");
        }
        FactorReset done = QuarkusTransaction.requiringNew().call(() -> recordRemoval(resetId, lead, removed));
        LOG.infof("second factor of account %s reset; payout addresses it proves wait until %s", done.accountId(),
                done.coolDownEndsAt().orElseThrow());
        return done;
    }

    /** The approval with its cool-down, or the approved reset whose removal is still to be finished. */
    private FactorReset recordApproval(UUID resetId, Actor lead) {
        return QuarkusTransaction.requiringNew().call(() -> {
            FactorReset reset = store.locked(resetId)
                    .orElseThrow(() -> ProblemException.notFound("second-factor reset " + resetId));
            if (reset.removalPending()) {
                refuseOwnRequest(reset, lead);
                return reset;
            }
            decidable(reset, lead);
            try {
                keycloak.userOf(reset.accountId());
            } catch (RealmUsers.Unreachable unreachable) {
                throw new KeycloakUnavailable("Keycloak's admin API did not answer (" + unreachable.getMessage()
                        + "); nothing was recorded and the second factor was not reset. Approve again in a minute.");
            } catch (KeycloakSecondFactors.NoSingleUser missing) {
                throw ProblemException.conflict("no-single-keycloak-user", missing.getMessage()
                        + " Nothing was reset; the request stays open.");
            }
            Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
            Instant coolDownEndsAt = now.plus(coolDown);
            decide(reset, FactorResetState.APPROVED, lead, now, Optional.of(coolDownEndsAt),
                    Map.of("coolDownEndsAt", coolDownEndsAt.toString()));
            return store.find(resetId).orElseThrow();
        });
    }

    /** Records the removal once, audited, and queues the claimant's mail with it. */
    private FactorReset recordRemoval(UUID resetId, Actor lead, KeycloakSecondFactors.Removed removed) {
        FactorReset reset = store.locked(resetId).orElseThrow();
        if (!reset.removalPending()) {
            return reset;
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        if (!store.recordRemoval(resetId, now, removed.userId(), removed.otpCredentials())) {
            throw new IllegalStateException("reset " + resetId + " changed under its row lock");
        }
        audit.appendReset(resetId, false, lead, now, "SECOND_FACTOR_REMOVED",
                Optional.of(Map.of("accountId", reset.accountId(), "state", reset.state().name())),
                Map.of("accountId", reset.accountId(), "state", reset.state().name(), "keycloakUserId", removed.userId(),
                        "otpCredentialsRemoved", removed.otpCredentials(), "factorRemovedAt", now.toString()));
        notifications.secondFactorReset(resetId, reset.accountId(), reset.coolDownEndsAt().orElseThrow(), now);
        return store.find(resetId).orElseThrow();
    }

    /** Another support-lead rejects: nothing changes in Keycloak. */
    public FactorReset reject(UUID resetId, Actor lead) {
        return QuarkusTransaction.requiringNew().call(() -> {
            FactorReset reset = store.locked(resetId)
                    .orElseThrow(() -> ProblemException.notFound("second-factor reset " + resetId));
            decidable(reset, lead);
            decide(reset, FactorResetState.REJECTED, lead, clock.instant().truncatedTo(ChronoUnit.MICROS),
                    Optional.empty(), Map.of());
            return store.find(resetId).orElseThrow();
        });
    }

    /** Resets waiting for a second support-lead, and approved ones still in their cool-down; newest first. */
    public List<FactorReset> open() {
        return QuarkusTransaction.requiringNew().call(() -> store.open(clock.instant()));
    }

    /** Until when a payout address the account proves now waits: the end of a reset's cool-down still running. */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Instant> coolDownEnd(String accountId, Instant now) {
        return store.coolDownEnd(accountId, now);
    }

    private void decide(FactorReset reset, FactorResetState decision, Actor lead, Instant now,
                        Optional<Instant> coolDownEndsAt, Map<String, Object> details) {
        if (!reset.state().mayMoveTo(decision) || !store.decide(reset.id(), decision, lead, now, coolDownEndsAt)) {
            throw new IllegalStateException("reset " + reset.id() + " left REQUESTED under its row lock");
        }
        Map<String, Object> after = new LinkedHashMap<>(details);
        after.put("accountId", reset.accountId());
        after.put("state", decision.name());
        audit.appendReset(reset.id(), false, lead, now, "SECOND_FACTOR_RESET_" + decision.name(),
                Optional.of(Map.of("accountId", reset.accountId(), "state", reset.state().name())), after);
    }

    private static void decidable(FactorReset reset, Actor lead) {
        if (reset.state() != FactorResetState.REQUESTED) {
            throw ProblemException.conflict("second-factor-reset-decided", "The reset was already "
                    + reset.state().name().toLowerCase() + "; nothing was written.");
        }
        refuseOwnRequest(reset, lead);
    }

    private static void refuseOwnRequest(FactorReset reset, Actor lead) {
        if (reset.requestedBy(lead)) {
            throw new ProblemException(ProblemDetails.of("own-request", "Own request", 403,
                    "A support-lead other than the one who requested the reset decides it. Nothing was written."));
        }
    }

    /** Keycloak's admin API failed a reset's approval: a 503 whose detail says what was and was not recorded. */
    public static final class KeycloakUnavailable extends RuntimeException {
        KeycloakUnavailable(String detail) {
            super(detail);
        }
    }

    private static ProblemException alreadyRequested(String accountId) {
        return ProblemException.conflict("second-factor-reset-open", "A reset of account " + accountId
                + "'s second factor already waits for a decision; nothing was written.");
    }
}
