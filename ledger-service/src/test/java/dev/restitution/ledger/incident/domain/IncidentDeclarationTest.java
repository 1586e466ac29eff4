package dev.restitution.ledger.incident.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.restitution.kit.problem.FieldViolation;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class IncidentDeclarationTest {

    private static final Instant NOW = Instant.parse("2026-11-21T12:00:00Z");
    private static final String USDT = "0xdAC17F958D2ee523a2206206994597C13D831ec7";
    private static final AssetSpec ETH = new AssetSpec("ETH", 1, Optional.empty(), 18);

    private static IncidentDeclaration declaring(Instant cutoff, AssetSpec... assets) {
        return new IncidentDeclaration("CoinEx", "Hot wallet breach", cutoff, null, List.of(assets), List.of());
    }

    @Test
    void validDeclarationHasNoViolations() {
        // Why: the common case must pass untouched.
        assertTrue(declaring(NOW.minusSeconds(60), ETH, new AssetSpec("USDT", 1, Optional.of(USDT), 6))
                .violations(NOW).isEmpty());
    }

    @Test
    void cutoffInTheFutureIsRefused() {
        // Why: balances after "now" are unknown, so a future cutoff cannot be frozen.
        assertEquals(List.of(new FieldViolation("cutoffAt", "must not be in the future")),
                declaring(NOW.plusSeconds(1), ETH).violations(NOW));
    }

    @Test
    void everyCrossFieldProblemIsNamedByItsField() {
        // Why: an admin fixes a declaration faster when each problem points at its field.
        List<FieldViolation> violations = declaring(NOW,
                ETH,
                new AssetSpec("ETH", 1, Optional.of(USDT), 6),
                new AssetSpec("WETH", 1, Optional.empty(), 18),
                new AssetSpec("BAD", 1, Optional.of(USDT.toLowerCase()), 6)).violations(NOW);
        assertEquals(List.of(
                new FieldViolation("assets[1].symbol", "duplicate symbol ETH"),
                new FieldViolation("assets[2].tokenContract", "chain 1 already has a native asset"),
                new FieldViolation("assets[3].tokenContract",
                        "EIP-55 checksum does not match; expected " + USDT),
                new FieldViolation("assets[3].tokenContract", "token listed twice")), violations);
    }

    @Test
    void sameTokenOnDifferentChainsIsAllowed() {
        // Why: bridged tokens share addresses across chains yet are different assets.
        assertTrue(declaring(NOW, new AssetSpec("USDT", 1, Optional.of(USDT), 6),
                new AssetSpec("USDT_ARB", 42161, Optional.of(USDT), 6)).violations(NOW).isEmpty());
    }

    @Test
    void recoveryAddressesMustBeChecksummedAndListedOncePerChain() {
        // Why: on-chain recoveries are verified against these addresses; a mistyped one would make every recovery a mismatch.
        String recovery = "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed";
        List<FieldViolation> violations = new IncidentDeclaration("CoinEx", "Hot wallet breach", NOW, null, List.of(ETH),
                List.of(new RecoveryAddress(1, recovery), new RecoveryAddress(1, recovery.toLowerCase()),
                        new RecoveryAddress(10, recovery))).violations(NOW);
        assertEquals(List.of(
                new FieldViolation("recoveryAddresses[1].address", "EIP-55 checksum does not match; expected " + recovery),
                new FieldViolation("recoveryAddresses[1].address", "address listed twice on chain 1")), violations);
    }
}
