package dev.restitution.portal.support;

import dev.restitution.portal.claimant.WholeUnits;
import dev.restitution.portal.web.FormProblem;
import dev.restitution.portal.web.FormRejected;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The review queue's filters as the agent typed them in the page's query string, checked before anything is
 * asked of claims-service: incident, asset, review state, who holds the claim, minimum age, overdue or not, and
 * the claimed amount of a disputed line in whole units of the chosen asset. Empty fields mean "any".
 */
@io.quarkus.qute.TemplateData
public record QueueFilter(String incident, String asset, String status, String assigned, String minAgeHours,
        String overdue, String minClaimed, String maxClaimed) {

    static final List<String> STATUSES = List.of("UNDER_REVIEW", "NEEDS_INFO", "PENDING_SECOND_APPROVAL");
    static final List<String> ASSIGNMENTS = List.of("me", "nobody");
    private static final Pattern ASSET = Pattern.compile("^[A-Z0-9]{1,16}$");
    private static final Pattern HOURS = Pattern.compile("^[0-9]{1,6}$");
    static final int MAX_AGE_HOURS = 100_000;

    public QueueFilter {
        incident = blankToEmpty(incident);
        asset = blankToEmpty(asset).toUpperCase(java.util.Locale.ROOT);
        status = blankToEmpty(status);
        assigned = blankToEmpty(assigned);
        minAgeHours = blankToEmpty(minAgeHours);
        overdue = blankToEmpty(overdue);
        minClaimed = blankToEmpty(minClaimed);
        maxClaimed = blankToEmpty(maxClaimed);
    }

    /** What claims-service is asked; an unknown choice or malformed value is refused with what is wrong. */
    record Query(UUID incidentId, String asset, String status, String assignedTo, Integer minAgeHours, Boolean overdue,
            String minClaimedAmount, String maxClaimedAmount) {
    }

    Query query(Function<String, Optional<Integer>> decimalsOfAsset) {
        UUID incidentId = null;
        if (!incident.isEmpty()) {
            try {
                incidentId = UUID.fromString(incident);
            } catch (IllegalArgumentException notAnId) {
                throw new FormRejected(FormProblem.QUEUE_INCIDENT_NOT_AN_ID);
            }
        }
        if (!asset.isEmpty() && !ASSET.matcher(asset).matches()) {
            throw new FormRejected(FormProblem.QUEUE_ASSET_NOT_A_SYMBOL);
        }
        if (!status.isEmpty() && !STATUSES.contains(status)) {
            throw new FormRejected(FormProblem.QUEUE_STATE_UNKNOWN, Map.of("states", String.join(", ", STATUSES)));
        }
        if (!assigned.isEmpty() && !ASSIGNMENTS.contains(assigned)) {
            throw new FormRejected(FormProblem.QUEUE_ASSIGNMENT_UNKNOWN);
        }
        Integer hours = null;
        if (!minAgeHours.isEmpty()) {
            if (!HOURS.matcher(minAgeHours).matches() || Integer.parseInt(minAgeHours) > MAX_AGE_HOURS) {
                throw new FormRejected(FormProblem.QUEUE_AGE_NOT_HOURS, Map.of("maxHours", MAX_AGE_HOURS));
            }
            hours = Integer.parseInt(minAgeHours);
        }
        Boolean onlyOverdue = switch (overdue) {
            case "" -> null;
            case "true" -> Boolean.TRUE;
            case "false" -> Boolean.FALSE;
            default -> throw new FormRejected(FormProblem.QUEUE_SLA_UNKNOWN);
        };
        String min = null;
        String max = null;
        if (!minClaimed.isEmpty() || !maxClaimed.isEmpty()) {
            if (asset.isEmpty()) {
                throw new FormRejected(FormProblem.QUEUE_AMOUNT_WITHOUT_ASSET);
            }
            int decimals = decimalsOfAsset.apply(asset).orElseThrow(() ->
                    new FormRejected(FormProblem.QUEUE_ASSET_UNKNOWN, Map.of("asset", asset)));
            min = minClaimed.isEmpty() ? null : WholeUnits.toMinorUnits(minClaimed, decimals);
            max = maxClaimed.isEmpty() ? null : WholeUnits.toMinorUnits(maxClaimed, decimals);
        }
        return new Query(incidentId, asset.isEmpty() ? null : asset, status.isEmpty() ? null : status,
                assigned.isEmpty() ? null : assigned, hours, onlyOverdue, min, max);
    }

    /** Whether the incident filter names this incident (the page marks it selected). */
    public boolean isIncident(UUID incidentId) {
        return incident.equals(incidentId.toString());
    }

    /** The queue's address with these filters at another page offset (for the paging links). */
    public String link(long offset) {
        Map<String, String> parameters = new LinkedHashMap<>();
        parameters.put("incident", incident);
        parameters.put("asset", asset);
        parameters.put("status", status);
        parameters.put("assigned", assigned);
        parameters.put("minAgeHours", minAgeHours);
        parameters.put("overdue", overdue);
        parameters.put("minClaimed", minClaimed);
        parameters.put("maxClaimed", maxClaimed);
        parameters.put("offset", offset > 0 ? Long.toString(offset) : "");
        String query = parameters.entrySet().stream().filter(entry -> !entry.getValue().isEmpty())
                .map(entry -> entry.getKey() + "=" + URLEncoder.encode(entry.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        return "/support/queue" + (query.isEmpty() ? "" : "?" + query);
    }

    private static String blankToEmpty(String value) {
        return value == null ? "" : value.strip();
    }
}
