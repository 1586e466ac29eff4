package dev.restitution.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.restitution.k8s.realm.RealmImports;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The Prometheus alert rules: valid for promtool, tested by promtool, each with a severity and a runbook section. */
class AlertRulesTest {

    private static final Set<String> SEVERITIES = Set.of("critical", "warning");
    private static final Pattern HEADING = Pattern.compile("^#{2,4} (.+)$", Pattern.MULTILINE);
    private static final Pattern METRIC = Pattern.compile("\\b(restitution_[a-z_]+)\\b");

    /** The output and exit code of one promtool run. */
    private record Run(int exitCode, String output) {
    }

    private static Run promtool(Path workingDirectory, String... arguments) {
        List<String> command = new ArrayList<>();
        command.add(Telemetry.promtool());
        command.addAll(List.of(arguments));
        try {
            Path output = Files.createTempFile("promtool-", ".out");
            Process process = new ProcessBuilder(command).directory(workingDirectory.toFile())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            process.getOutputStream().close();
            if (!process.waitFor(120, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within 120 s");
            }
            String text = Files.readString(output, StandardCharsets.UTF_8);
            Files.deleteIfExists(output);
            return new Run(process.exitValue(), text);
        } catch (IOException failure) {
            throw new AssertionError("cannot run " + String.join(" ", command) + ": " + failure.getMessage(), failure);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", interrupted);
        }
    }

    private static List<JsonNode> rules() throws IOException {
        List<JsonNode> rules = new ArrayList<>();
        Rendering.YAML.readTree(Telemetry.RULES.toFile()).path("groups")
                .forEach(group -> group.path("rules").forEach(rules::add));
        return rules;
    }

    @Test
    void promtoolAcceptsTheRules() {
        // Why: Prometheus refuses to load a whole rules file with one bad expression; find it before a cluster does.
        Run check = promtool(Telemetry.MONITORING, "check", "rules", Telemetry.RULES.getFileName().toString());
        assertEquals(0, check.exitCode(), check.output());
        assertTrue(check.output().contains("SUCCESS"), check.output());
    }

    @Test
    void everyAlertFiresAndStaysQuietAsItsPromtoolCasesExpect() {
        // Why: an alert that never fires, or fires on a healthy system, is worse than none; promtool evaluates both.
        Run test = promtool(Telemetry.MONITORING, "test", "rules", Telemetry.RULE_TESTS.getFileName().toString());
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("SUCCESS"), test.output());
    }

    @Test
    void everyAlertHasCasesThatFireAndCasesThatDoNot() throws IOException {
        // Why: a rule covered only by a firing case could fire always and still pass; one only by quiet cases, never.
        Set<String> fires = new HashSet<>();
        Set<String> quiet = new HashSet<>();
        for (JsonNode test : Rendering.YAML.readTree(Telemetry.RULE_TESTS.toFile()).path("tests")) {
            for (JsonNode alertCase : test.path("alert_rule_test")) {
                String alert = alertCase.path("alertname").asText();
                (alertCase.path("exp_alerts").isEmpty() ? quiet : fires).add(alert);
            }
        }
        for (JsonNode rule : rules()) {
            String alert = rule.path("alert").asText();
            assertTrue(fires.contains(alert), alert + " has no promtool case in which it fires");
            assertTrue(quiet.contains(alert), alert + " has no promtool case in which it stays quiet");
        }
    }

    @Test
    void theIssuesAlertsExistEachWithASeverityARunbookSectionAndAnExportedMetric() throws IOException {
        // Why: the person paged needs to know how bad it is and what to do; a rule on a metric nobody exports never fires.
        String operations = Files.readString(Telemetry.OPERATIONS, StandardCharsets.UTF_8);
        Set<String> anchors = new HashSet<>();
        Matcher heading = HEADING.matcher(operations);
        while (heading.find()) {
            anchors.add(anchor(heading.group(1)));
        }
        Set<String> alerts = new HashSet<>();
        for (JsonNode rule : rules()) {
            String alert = rule.path("alert").asText();
            alerts.add(alert);
            assertTrue(SEVERITIES.contains(rule.path("labels").path("severity").asText()), alert + " names no severity");
            String anchor = alert.toLowerCase(Locale.ROOT);
            assertEquals("docs/operations.md#" + anchor, rule.path("annotations").path("runbook_url").asText(), alert);
            assertTrue(anchors.contains(anchor), "docs/operations.md has no section '" + alert + "' (anchor " + anchor + ")");
            assertTrue(rule.path("annotations").has("summary"), alert + " has no summary");
            Matcher metric = METRIC.matcher(rule.path("expr").asText());
            while (metric.find()) {
                assertTrue(Telemetry.BUSINESS_METRICS.contains(metric.group(1)),
                        alert + " reads " + metric.group(1) + ", which no service exports");
            }
        }
        assertTrue(alerts.containsAll(Telemetry.REQUIRED_ALERTS), "missing: " + Telemetry.REQUIRED_ALERTS.stream()
                .filter(alert -> !alerts.contains(alert)).toList());
    }

    /** GitHub's anchor of a heading: lower case, punctuation dropped, spaces as hyphens. */
    static String anchor(String heading) {
        return heading.strip().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9 _-]", "").replace(' ', '-');
    }

    @Test
    void aRuleThatNoLongerFiresFailsThePromtoolCases(@TempDir Path directory) throws IOException {
        // Why: prove the promtool run can fail: a threshold raised beyond the firing case must break the test.
        String rules = Files.readString(Telemetry.RULES, StandardCharsets.UTF_8);
        String broken = rules.replace("restitution_outbox_oldest_unpublished_seconds) > 300",
                "restitution_outbox_oldest_unpublished_seconds) > 300000");
        assertNotEquals(rules, broken);
        Files.writeString(directory.resolve(Telemetry.RULES.getFileName().toString()), broken, StandardCharsets.UTF_8);
        Files.copy(Telemetry.RULE_TESTS, directory.resolve(Telemetry.RULE_TESTS.getFileName().toString()));
        Run test = promtool(directory, "test", "rules", Telemetry.RULE_TESTS.getFileName().toString());
        assertNotEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().contains("RestitutionOutboxNotDraining"), test.output());
    }

    @Test
    void aMissingPromtoolFailsWithTheRemedyInsteadOfSkipping() {
        // Why: a machine without promtool must not pass the proof by checking nothing.
        AssertionError failure = assertThrows(AssertionError.class, () -> Telemetry.promtool(""));
        assertTrue(failure.getMessage().contains("install-promtool.sh"), failure.getMessage());
    }

    @ParameterizedTest
    @EnumSource(RealmImports.Overlay.class)
    void eachOverlayShipsTheRulesAsAConfigMap(RealmImports.Overlay overlay) throws IOException {
        // Why: the rules Prometheus loads in the cluster must be the ones promtool tested, byte for byte.
        JsonNode configMap = Rendering.named(overlay, "ConfigMap", "restitution-alert-rules");
        assertEquals(Files.readString(Telemetry.RULES, StandardCharsets.UTF_8),
                configMap.path("data").path(Telemetry.RULES.getFileName().toString()).asText());
        assertEquals("true", configMap.path("metadata").path("labels").path("prometheus-rules").asText());
    }
}
