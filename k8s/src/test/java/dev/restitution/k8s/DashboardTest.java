package dev.restitution.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.restitution.k8s.realm.RealmImports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Grafana dashboard: valid JSON, every panel on an exported metric, every metric on a panel. */
class DashboardTest {

    private static final ObjectMapper STRICT_JSON = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();
    private static final Pattern METRIC = Pattern.compile("\\b(restitution_[a-z_]+)\\b");

    private static JsonNode dashboard() throws IOException {
        return STRICT_JSON.readTree(Files.readString(Telemetry.DASHBOARD, StandardCharsets.UTF_8));
    }

    @Test
    void everyPanelQueriesOnlyExportedMetricsAndEveryMetricHasAPanel() throws IOException {
        // Why: a panel on a misspelt metric stays empty and looks like "all is well".
        JsonNode dashboard = dashboard();
        assertFalse(dashboard.path("uid").asText().isEmpty(), "the dashboard has a stable uid");
        Set<String> shown = new HashSet<>();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            String title = panel.path("title").asText();
            assertTrue(ids.add(panel.path("id").asInt()), "panel ids are unique: " + title);
            assertFalse(panel.path("targets").isEmpty(), title + " has no query");
            for (JsonNode target : panel.path("targets")) {
                Matcher metric = METRIC.matcher(target.path("expr").asText());
                boolean any = false;
                while (metric.find()) {
                    any = true;
                    assertTrue(Telemetry.BUSINESS_METRICS.contains(metric.group(1)),
                            title + " queries " + metric.group(1) + ", which no service exports");
                    shown.add(metric.group(1));
                }
                assertTrue(any, title + "'s query names no Restitution metric: " + target.path("expr").asText());
            }
        }
        List<String> missing = Telemetry.BUSINESS_METRICS.stream().filter(metric -> !shown.contains(metric)).toList();
        assertEquals(List.of(), missing, "metrics without a panel");
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void eachOverlayShipsTheDashboardForGrafanasSidecar(RealmImports.Overlay overlay) throws IOException {
        // Why: Grafana's sidecar loads only ConfigMaps labelled grafana_dashboard, and only valid JSON.
        JsonNode configMap = Rendering.named(overlay, "ConfigMap", "restitution-dashboards");
        assertEquals("1", configMap.path("metadata").path("labels").path("grafana_dashboard").asText());
        assertEquals(dashboard(), STRICT_JSON.readTree(configMap.path("data").path("restitution-business.json").asText()));
    }
}
