package dev.restitution.devstack;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Parses the query string of {@code GET /api/spans}. */
final class SpanQueries {

    /** A parameter that is unknown, repeated where it may not be, or out of range. */
    static final class BadParameter extends Exception {
        private final String parameter;

        BadParameter(String parameter, String message) {
            super(message);
            this.parameter = parameter;
        }

        String parameter() {
            return parameter;
        }
    }

    private SpanQueries() {
    }

    static SpanStore.Query parse(String rawQuery) throws BadParameter {
        String service = null;
        String name = null;
        Integer limit = null;
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String pair : rawQuery == null || rawQuery.isEmpty() ? new String[0] : rawQuery.split("&")) {
            int equals = pair.indexOf('=');
            String key = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            switch (key) {
                case "service" -> service = single(key, service, nonBlank(key, value));
                case "name" -> name = single(key, name, nonBlank(key, value));
                case "limit" -> limit = single(key, limit, limit(value));
                case "attribute" -> {
                    int split = value.indexOf('=');
                    if (split < 1) {
                        throw new BadParameter(key, "attribute must be key=value, was '" + value + "'");
                    }
                    attributes.put(value.substring(0, split), value.substring(split + 1));
                }
                default -> throw new BadParameter(key, "unknown parameter '" + key
                        + "'; there are service, name, attribute and limit");
            }
        }
        return new SpanStore.Query(service, name, Map.copyOf(attributes), limit == null ? OtlpReceiver.DEFAULT_LIMIT : limit);
    }

    private static String decode(String text) throws BadParameter {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new BadParameter(text, "malformed percent-encoding in '" + text + "'");
        }
    }

    private static <T> T single(String key, T previous, T value) throws BadParameter {
        if (previous != null) {
            throw new BadParameter(key, key + " may be given once");
        }
        return value;
    }

    private static String nonBlank(String key, String value) throws BadParameter {
        if (value.isBlank()) {
            throw new BadParameter(key, key + " must not be empty");
        }
        return value;
    }

    private static int limit(String value) throws BadParameter {
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= OtlpReceiver.MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below, with the allowed range
        }
        throw new BadParameter("limit", "limit must be a whole number from 1 to " + OtlpReceiver.MAX_LIMIT + ", was '" + value + "'");
    }
}
