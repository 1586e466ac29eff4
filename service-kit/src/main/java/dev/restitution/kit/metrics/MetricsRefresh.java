package dev.restitution.kit.metrics;

/**
 * How often the business gauges are refreshed: every collector runs its bounded queries on this schedule, never
 * when a scraper reads {@code /q/metrics}. Set by {@code restitution.metrics.refresh-interval} (default 15 s).
 */
public final class MetricsRefresh {

    /** The scheduler expression every collector uses. */
    public static final String EVERY = "${restitution.metrics.refresh-interval:15s}";

    private MetricsRefresh() {
    }
}
