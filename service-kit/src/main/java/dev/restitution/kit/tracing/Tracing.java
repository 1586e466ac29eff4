package dev.restitution.kit.tracing;

import io.opentelemetry.api.GlobalOpenTelemetry;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.arc.Arc;
import io.quarkus.arc.InstanceHandle;

/** The kit's tracer: the application's OpenTelemetry bean when one runs, the global (no-op unless set) otherwise. */
public final class Tracing {

    /** Instrumentation scope of the spans the kit starts itself. */
    public static final String SCOPE = "dev.restitution.kit";

    private Tracing() {
    }

    public static Tracer tracer() {
        return openTelemetry().getTracer(SCOPE);
    }

    public static OpenTelemetry openTelemetry() {
        var container = Arc.container();
        if (container != null && container.isRunning()) {
            InstanceHandle<OpenTelemetry> bean = container.instance(OpenTelemetry.class);
            if (bean.isAvailable()) {
                return bean.get();
            }
        }
        return GlobalOpenTelemetry.get();
    }
}
