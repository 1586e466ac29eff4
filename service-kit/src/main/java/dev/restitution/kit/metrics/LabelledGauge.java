package dev.restitution.kit.metrics;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One gauge name with a fixed list of label names, whose values a collector replaces as a whole on each refresh.
 *
 * <p>A scrape only reads the last values stored here; it never runs a query. A label set the collector reported
 * once and not any more reads 0 from then on (a resolved difference or an emptied queue shows 0, not its last
 * value), so the label sets are bounded by what the collector ever reported (chains, assets, incidents, states).
 */
public final class LabelledGauge {

    private final MeterRegistry registry;
    private final String name;
    private final String description;
    private final List<String> labelNames;
    private final Map<List<String>, AtomicLong> values = new ConcurrentHashMap<>();

    /**
     * @param name the Micrometer name (dots; Prometheus shows them as underscores)
     * @param labelNames the label names, in the order {@link #replaceAll} gives their values
     */
    public LabelledGauge(MeterRegistry registry, String name, String description, List<String> labelNames) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.name = Objects.requireNonNull(name, "name");
        this.description = Objects.requireNonNull(description, "description");
        this.labelNames = List.copyOf(labelNames);
    }

    /** A gauge without labels, registered at once with the value 0. */
    public static LabelledGauge unlabelled(MeterRegistry registry, String name, String description) {
        LabelledGauge gauge = new LabelledGauge(registry, name, description, List.of());
        gauge.replaceAll(Map.of(List.of(), 0.0));
        return gauge;
    }

    /** Sets the gauge without labels. */
    public void set(double value) {
        replaceAll(Map.of(List.of(), value));
    }

    /**
     * Replaces every value: each key is the label values (in the order of the label names) of one series. Series
     * reported before and missing here read 0.
     *
     * @throws IllegalArgumentException when a key has not one value per label name
     */
    public void replaceAll(Map<List<String>, Double> series) {
        for (List<String> labelValues : series.keySet()) {
            if (labelValues.size() != labelNames.size()) {
                throw new IllegalArgumentException(name + " takes labels " + labelNames + ", not " + labelValues);
            }
        }
        values.forEach((labelValues, holder) -> {
            if (!series.containsKey(labelValues)) {
                holder.set(Double.doubleToLongBits(0.0));
            }
        });
        series.forEach((labelValues, value) -> values.computeIfAbsent(List.copyOf(labelValues), this::register)
                .set(Double.doubleToLongBits(value)));
    }

    private AtomicLong register(List<String> labelValues) {
        AtomicLong holder = new AtomicLong(Double.doubleToLongBits(0.0));
        Tags tags = Tags.empty();
        for (int i = 0; i < labelNames.size(); i++) {
            tags = tags.and(labelNames.get(i), labelValues.get(i));
        }
        Gauge.builder(name, holder, bits -> Double.longBitsToDouble(bits.get()))
                .description(description)
                .tags(tags)
                .strongReference(true)
                .register(registry);
        return holder;
    }
}
