package dev.restitution.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

/** The values {@link HostileInputs} sends, by schema: harmless ones to fill a request, and wrong ones, each named. */
final class HostileValues {

    private HostileValues() {
    }

    static String harmlessPathValue(JsonNode schema) {
        if ("integer".equals(schema.path("type").asText())) {
            return "1";
        }
        if ("uuid".equals(schema.path("format").asText())) {
            return UUID.randomUUID().toString();
        }
        if (schema.path("pattern").asText().startsWith("^0x")) {
            return "0x" + "0".repeat(39) + "1";
        }
        return "HOSTILE-INPUT";
    }

    static String validQueryValue(JsonNode schema) {
        String type = schema.path("type").asText();
        if (schema.has("enum")) {
            return schema.path("enum").get(0).asText();
        }
        return switch (type) {
            case "integer" -> String.valueOf(Math.max(1, schema.path("minimum").asLong(1)));
            case "boolean" -> "true";
            default -> "uuid".equals(schema.path("format").asText()) ? UUID.randomUUID().toString() : "x";
        };
    }

    static Map<String, String> wrongQueryValues(JsonNode schema) {
        Map<String, String> wrong = new LinkedHashMap<>();
        String type = schema.path("type").asText();
        if ("integer".equals(type)) {
            wrong.put("a word for an integer", "abc");
            wrong.put("a fraction for an integer", "1.5");
            wrong.put("an integer beyond 64 bits", "99999999999999999999999");
        } else if ("boolean".equals(type)) {
            wrong.put("maybe for a boolean", "maybe");
        } else if (schema.has("enum")) {
            wrong.put("an unknown enum value", "NOT_A_VALUE");
        } else if ("uuid".equals(schema.path("format").asText())) {
            wrong.put("a malformed UUID", "not-a-uuid");
        } else if ("string".equals(type)) {
            wrong.put("U+0000 in a string", "a\u0000b");
        }
        return wrong;
    }

    static Map<String, String> wrongValues(JsonNode schema) {
        Map<String, String> wrong = new LinkedHashMap<>();
        switch (schema.path("type").asText()) {
            case "string" -> {
                wrong.put("a number for a string", "1");
                wrong.put("a boolean for a string", "true");
                if (schema.has("enum")) {
                    wrong.put("an unknown enum value", "\"NOT_A_VALUE\"");
                } else if ("date-time".equals(schema.path("format").asText())) {
                    wrong.put("epoch seconds for a date-time", "1700000000");
                } else if (!"uuid".equals(schema.path("format").asText())) {
                    wrong.put("U+0000 in a string", "\"a\\u0000b\"");
                }
            }
            case "integer" -> {
                wrong.put("a string for an integer", "\"1\"");
                wrong.put("a fraction for an integer", "1.5");
                wrong.put("an integer beyond 64 bits", "99999999999999999999999");
                wrong.put("a boolean for an integer", "true");
            }
            case "number" -> wrong.put("a string for a number", "\"1\"");
            case "boolean" -> {
                wrong.put("a string for a boolean", "\"true\"");
                wrong.put("a number for a boolean", "1");
            }
            case "array" -> wrong.put("an object for an array", "{}");
            case "object" -> wrong.put("an array for an object", "[]");
            default -> { }
        }
        return wrong;
    }

    /** A value of the schema's JSON type, for a repeated key. */
    static String sampleJson(JsonNode schema) {
        if (schema.has("enum")) {
            return "\"" + schema.path("enum").get(0).asText() + "\"";
        }
        return switch (schema.path("type").asText()) {
            case "integer", "number" -> "1";
            case "boolean" -> "true";
            case "array" -> "[]";
            case "object" -> "{}";
            default -> "\"x\"";
        };
    }
}
