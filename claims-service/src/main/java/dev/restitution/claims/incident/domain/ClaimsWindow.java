package dev.restitution.claims.incident.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The bar date: whether a claim may be opened now. Claims open while the incident is CLAIMS_OPEN and
 * before its deadline; after that (deadline passed, or claims closed and later) only with a late
 * admission; before claims open, never.
 */
public final class ClaimsWindow {

    /** Why a claim may not open. */
    public enum Refusal { CLAIMS_NOT_OPEN, CLAIMS_CLOSED }

    private ClaimsWindow() {
    }

    public static Optional<Refusal> refusal(IncidentState state, Optional<Instant> deadline, Instant now, boolean admittedLate) {
        Objects.requireNonNull(state, "state");
        if (!state.atLeast(IncidentState.CLAIMS_OPEN)) {
            return Optional.of(Refusal.CLAIMS_NOT_OPEN);
        }
        boolean open = state == IncidentState.CLAIMS_OPEN && deadline.map(now::isBefore).orElse(false);
        if (open || admittedLate) {
            return Optional.empty();
        }
        return Optional.of(Refusal.CLAIMS_CLOSED);
    }
}
