package dev.restitution.ledger.round;

import dev.restitution.kit.problem.ProblemException;
import dev.restitution.ledger.config.LedgerConfig;
import dev.restitution.ledger.liability.domain.OpenLine;
import dev.restitution.ledger.liability.domain.OpenLines;
import dev.restitution.ledger.liability.persistence.ClaimLineStore;
import dev.restitution.ledger.round.domain.Allocation;
import dev.restitution.ledger.round.domain.PlanDigest;
import jakarta.enterprise.context.ApplicationScoped;
import java.math.BigInteger;
import java.util.Optional;
import java.util.UUID;

/**
 * Runs the {@link Allocation} of one asset over its open lines as stored, streaming them in
 * line-id order, feeding the plan's digest and handing each positive entitlement to a sink. The
 * proposal runs it to fix the plan; the approval runs it again, under lock, to write it.
 */
@ApplicationScoped
public class RoundPlanner {

    /** Rows fetched per round trip while streaming lines. */
    private static final int FETCH_SIZE = 5000;

    private final ClaimLineStore lines;
    private final LedgerConfig.Rounds config;

    public RoundPlanner(ClaimLineStore lines, LedgerConfig config) {
        this.lines = lines;
        this.config = config.rounds();
    }

    /** Receives each line entitled to a positive amount. */
    @FunctionalInterface
    public interface EntitlementSink {
        void entitle(OpenLine line, BigInteger amount);
    }

    public Optional<BigInteger> threshold(String asset) {
        return Optional.ofNullable(config.convenienceThresholdMinorUnits().get(asset));
    }

    /** The totals of the asset's open lines, refusing a round larger than the configured bound. */
    public OpenLines openLines(UUID incidentId, String asset) {
        OpenLines open = lines.openTotals(incidentId, asset, threshold(asset));
        if (open.lines() > config.maxLinesPerAsset()) {
            throw ProblemException.conflict("round-too-large", "Asset " + asset + " has " + open.lines()
                    + " open lines; a round takes at most " + config.maxLinesPerAsset() + ".");
        }
        return open;
    }

    /** Allocates {@code distributable} over the asset's open lines, which must add up to {@code open}. */
    public Allocation.Outcome run(UUID incidentId, String asset, OpenLines open, BigInteger distributable,
                                  PlanDigest digest, EntitlementSink sink) {
        Optional<BigInteger> threshold = threshold(asset);
        Allocation allocation = Allocation.plan(open, distributable, threshold);
        digest.asset(asset, distributable, open.outstanding(), threshold);
        Allocation.Run run = allocation.start();
        if (allocation.allowed().signum() > 0) {
            lines.streamOpen(incidentId, asset, FETCH_SIZE, line -> {
                BigInteger amount = run.entitle(line.outstanding());
                digest.entitlement(line.lineId(), amount);
                if (amount.signum() > 0) {
                    sink.entitle(line, amount);
                }
            });
            return run.finish();
        }
        return allocation.nothingAllowed();
    }
}
