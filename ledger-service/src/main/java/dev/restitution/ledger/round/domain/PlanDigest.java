package dev.restitution.ledger.round.domain;

import dev.restitution.kit.id.LineId;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;

/**
 * SHA-256 over a round's plan: per asset its distributable and outstanding totals and threshold,
 * then each line's id and planned amount, in the order the plan visits them. An approver approves
 * exactly what was proposed: the approval recomputes the plan and must reproduce this digest.
 */
public final class PlanDigest {

    private final MessageDigest sha256;
    private boolean finished;

    public PlanDigest() {
        try {
            this.sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    public void asset(String symbol, BigInteger distributable, BigInteger outstanding, Optional<BigInteger> threshold) {
        line("asset", symbol, distributable.toString(), outstanding.toString(), threshold.map(BigInteger::toString).orElse("-"));
    }

    public void entitlement(LineId lineId, BigInteger amount) {
        line("line", lineId.toString(), amount.toString());
    }

    /** The hex digest; the digest cannot be extended afterwards. */
    public String finish() {
        if (finished) {
            throw new IllegalStateException("digest already finished");
        }
        finished = true;
        return HexFormat.of().formatHex(sha256.digest());
    }

    // Fields separated by a character none of them contains (symbols, digits, UUIDs), one record per line.
    private void line(String... fields) {
        if (finished) {
            throw new IllegalStateException("digest already finished");
        }
        sha256.update((String.join("|", fields) + "\n").getBytes(StandardCharsets.UTF_8));
    }
}
