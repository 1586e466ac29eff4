package dev.restitution.devstack;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ScrapedMetricsTest {

    private static final String TEXT = """
            # HELP restitution_claims Claims per state
            # TYPE restitution_claims gauge
            restitution_claims{service="claims-service",state="APPROVED"} 3.0
            restitution_claims{service="claims-service",state="DRAFT"} 0.0
            restitution_payout_orders_held{service="payout-service"} 1.0
            odd{label="a \\"quoted\\", value\\\\",other="x"} +Inf
            plain_metric 42
            """;

    @Test
    void readsTheSeriesWhoseLabelsIncludeTheOnesAsked() {
        // Why: tests assert one gauge's series by the labels the spec names, beside the common service tag.
        ScrapedMetrics metrics = ScrapedMetrics.parse(TEXT);
        assertEquals(Optional.of(3.0), metrics.value("restitution_claims", Map.of("state", "APPROVED")));
        assertEquals(Optional.of(1.0), metrics.value("restitution_payout_orders_held", Map.of("service", "payout-service")));
        assertEquals(Optional.of(42.0), metrics.value("plain_metric", Map.of()));
        assertEquals(Optional.empty(), metrics.value("restitution_claims", Map.of("state", "REJECTED")));
    }

    @Test
    void unescapesLabelValuesAndReadsInfinities() {
        // Why: a label value with a quote or comma must not end the label early.
        ScrapedMetrics metrics = ScrapedMetrics.parse(TEXT);
        assertEquals(Optional.of(Double.POSITIVE_INFINITY), metrics.value("odd", Map.of("label", "a \"quoted\", value\\")));
        assertEquals("x", metrics.series("odd").getFirst().labels().get("other"));
    }

    @Test
    void anAmbiguousQueryIsRefused() {
        // Why: a test naming too few labels would otherwise check whichever series came first.
        ScrapedMetrics metrics = ScrapedMetrics.parse(TEXT);
        assertThrows(IllegalStateException.class, () -> metrics.value("restitution_claims", Map.of()));
    }
}
