package dev.restitution.ledger.snapshot.domain;

import dev.restitution.kit.problem.FieldViolation;
import java.util.ArrayList;
import java.util.List;

/**
 * What is wrong with a balances file: every error is counted, the first {@code maxReported} are kept
 * with their line number ({@code line[17].amount}), so a file with millions of bad lines still
 * yields a bounded report.
 */
public final class ImportErrors {

    private final int maxReported;
    private final List<FieldViolation> reported = new ArrayList<>();
    private long count;

    public ImportErrors(int maxReported) {
        if (maxReported < 1) {
            throw new IllegalArgumentException("maxReported must be positive, not " + maxReported);
        }
        this.maxReported = maxReported;
    }

    /** An error of line {@code line} (1-based) in {@code field} ({@code null} for the whole line). */
    public void add(long line, String field, String message) {
        add(field == null ? "line[" + line + "]" : "line[" + line + "]." + field, message);
    }

    /** An error of the file as a whole, or of a named part of it. */
    public void add(String path, String message) {
        count++;
        if (reported.size() < maxReported) {
            reported.add(new FieldViolation(path, message));
        }
    }

    /** Errors beyond the listed ones that are only counted (e.g. more duplicates than are listed). */
    public void countUnlisted(long unlisted) {
        if (unlisted < 0) {
            throw new IllegalArgumentException("a negative number of errors: " + unlisted);
        }
        count += unlisted;
    }

    public boolean isEmpty() {
        return count == 0;
    }

    public long count() {
        return count;
    }

    public boolean full() {
        return reported.size() >= maxReported;
    }

    public List<FieldViolation> reported() {
        return List.copyOf(reported);
    }
}
