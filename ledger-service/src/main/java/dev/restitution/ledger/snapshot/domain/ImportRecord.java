package dev.restitution.ledger.snapshot.domain;

import dev.restitution.kit.audit.Actor;
import dev.restitution.kit.problem.FieldViolation;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** One upload of a balances file as the ledger holds it: progress while it runs, then its outcome. */
public record ImportRecord(UUID id, UUID incidentId, ImportState state, FileFormat fileFormat, AmountFormat amountFormat,
                           Optional<Boolean> gzip, Actor uploadedBy, Instant startedAt, Instant updatedAt,
                           Optional<Instant> finishedAt, long rowsRead, long bytesRead, long errorCount,
                           List<FieldViolation> errors, Optional<String> failure, Optional<byte[]> merkleRoot,
                           Optional<Long> rowCount, List<AssetTotals.Total> totals) {

    public ImportRecord {
        errors = List.copyOf(errors);
        totals = List.copyOf(totals);
    }

    /** Rows per second from the start to the last progress write (0 before the first full millisecond). */
    public long rowsPerSecond() {
        long millis = Duration.between(startedAt, finishedAt.orElse(updatedAt)).toMillis();
        return millis <= 0 ? 0 : rowsRead * 1000 / millis;
    }
}
