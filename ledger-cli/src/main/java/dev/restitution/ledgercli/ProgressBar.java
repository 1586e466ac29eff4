package dev.restitution.ledgercli;

import java.util.Locale;

/** One line of progress for a terminal: a bar of {@code width} cells, a percentage and a free-text tail. */
final class ProgressBar {

    private final int width;

    ProgressBar(int width) {
        if (width < 1) {
            throw new IllegalArgumentException("a bar has at least one cell, not " + width);
        }
        this.width = width;
    }

    /** {@code label [#####.....]  50% tail}; {@code done} is clamped to {@code total}. */
    String render(String label, long done, long total, String tail) {
        long bounded = Math.max(0, total <= 0 ? 0 : Math.min(done, total));
        int filled = total <= 0 ? 0 : (int) (bounded * width / total);
        int percent = total <= 0 ? 0 : (int) (bounded * 100 / total);
        return String.format(Locale.ROOT, "%-7s [%s%s] %3d%% %s", label, "#".repeat(filled), ".".repeat(width - filled),
                percent, tail);
    }

    static String megabytes(long bytes) {
        return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
    }
}
