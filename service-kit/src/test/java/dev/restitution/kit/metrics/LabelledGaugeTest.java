package dev.restitution.kit.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LabelledGaugeTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final LabelledGauge gauge = new LabelledGauge(registry, "restitution.test", "a test gauge",
            List.of("chain", "asset"));

    @Test
    void aScrapeReadsTheValuesOfTheLastRefresh() {
        // Why: scrapes must see exactly what the collector last read, per label set.
        gauge.replaceAll(Map.of(List.of("eip155:1", "native"), 5.0, List.of("eip155:1", "usdc"), 7.0));
        gauge.replaceAll(Map.of(List.of("eip155:1", "native"), 6.0, List.of("eip155:1", "usdc"), 7.0));

        assertEquals(6.0, registry.get("restitution.test").tags("chain", "eip155:1", "asset", "native").gauge().value());
        assertEquals(7.0, registry.get("restitution.test").tags("chain", "eip155:1", "asset", "usdc").gauge().value());
    }

    @Test
    void aSeriesNoLongerReportedReadsZero() {
        // Why: a resolved difference or an emptied queue must stop an alert, not freeze at its last value.
        gauge.replaceAll(Map.of(List.of("eip155:1", "native"), 3.0));
        gauge.replaceAll(Map.of());

        assertEquals(0.0, registry.get("restitution.test").tags("chain", "eip155:1", "asset", "native").gauge().value());
    }

    @Test
    void labelValuesMustMatchTheLabelNames() {
        // Why: a series with a missing label would silently fall out of every alert that names it.
        assertThrows(IllegalArgumentException.class, () -> gauge.replaceAll(Map.of(List.of("eip155:1"), 1.0)));
    }

    @Test
    void anUnlabelledGaugeExistsFromItsRegistration() {
        // Why: an alert on a gauge that appears only after the first refresh could not tell "0" from "absent".
        LabelledGauge unlabelled = LabelledGauge.unlabelled(registry, "restitution.plain", "plain");
        assertEquals(0.0, registry.get("restitution.plain").gauge().value());
        unlabelled.set(4.0);
        assertEquals(4.0, registry.get("restitution.plain").gauge().value());
    }
}
