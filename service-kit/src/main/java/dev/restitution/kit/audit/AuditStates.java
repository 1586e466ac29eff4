package dev.restitution.kit.audit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.util.Map;

/**
 * The before and after states of audit entries as JSON text with keys in sorted order, so the same
 * state always gives the same text (and the same hash). Values are strings, numbers, booleans,
 * lists and maps; amounts are passed as strings of digits.
 */
public final class AuditStates {

    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private AuditStates() {
    }

    public static String json(Map<String, ?> state) {
        try {
            return JSON.writeValueAsString(state);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("an audited state is plain data: " + e.getOriginalMessage(), e);
        }
    }
}
