package dev.restitution.devstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Hostile requests derived from a service's OpenAPI document (the bundled copy in the contracts jar,
 * {@code META-INF/openapi/<service>.yaml}): for every operation, what a hostile or careless client would
 * send, each with the field or parameter the refusal must name. Bodies: content after the document, a key
 * twice, an unknown field, and per property (nested objects and array items included) null, the wrong JSON
 * type, a fraction or an overflow for an integer, a number for a date, an unknown enum value, U+0000 in a
 * string (amounts above 2^256-1 are refused by the services' own check after the body is read, so each service's
 * tests send them in otherwise valid requests). Query parameters: U+0000, a value not of the declared type, a value given
 * twice, and an unknown parameter (every operation gets that one, so none is left out).
 *
 * <p>None of these can be valid, so the service must answer each with a 400 problem naming the field and
 * write nothing; {@code HostileInputRunner} sends them and checks both.
 */
public final class HostileInputs {

    private static final Pattern PATH_PARAMETER = Pattern.compile("\\{([^}]+)}");
    private static final List<String> WRITE_METHODS = List.of("post", "put", "patch", "delete");
    private static final List<String> ALL_METHODS = List.of("get", "post", "put", "patch", "delete");
    private static final int NESTING_LIMIT = 3;

    /**
     * One hostile request.
     *
     * @param operationId the document's operation id
     * @param method HTTP method, upper case
     * @param path the path, its parameters filled in with harmless values unless one is the hostile part
     * @param query query parameters, raw (not yet encoded), each name with its values
     * @param body the raw JSON body, or null for none
     * @param field the field or parameter the refusal must name
     * @param what what is hostile about it, for the failure message
     */
    public record HostileRequest(String operationId, String method, String path, Map<String, List<String>> query,
                                 String body, String field, String what) {
    }

    /** An operation of the document and its hostile requests. */
    public record Operation(String operationId, String method, String pathTemplate, boolean writes,
                            List<HostileRequest> requests) {
    }

    private final JsonNode document;

    private HostileInputs(JsonNode document) {
        this.document = document;
    }

    /** The hostile requests of {@code service}'s document (ledger, claims or payout) from the class path. */
    public static HostileInputs of(String service) {
        String resource = "META-INF/openapi/" + service + ".yaml";
        try (InputStream in = HostileInputs.class.getClassLoader().getResourceAsStream(resource)) {
            Objects.requireNonNull(in, () -> resource + " is not on the class path (does the module depend on contracts?)");
            return new HostileInputs(new ObjectMapper(new YAMLFactory()).readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + resource, e);
        }
    }

    /** Every operation of the document with its hostile requests, in document order. */
    public List<Operation> operations() {
        List<Operation> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> {
            for (String method : ALL_METHODS) {
                JsonNode operation = path.getValue().get(method);
                if (operation != null) {
                    operations.add(operation(path.getKey(), method, path.getValue(), operation));
                }
            }
        });
        return operations;
    }

    private Operation operation(String template, String method, JsonNode pathItem, JsonNode operation) {
        String operationId = operation.path("operationId").asText(method + " " + template);
        List<JsonNode> parameters = new ArrayList<>();
        pathItem.path("parameters").forEach(parameter -> parameters.add(resolve(parameter)));
        operation.path("parameters").forEach(parameter -> parameters.add(resolve(parameter)));
        String path = fillPath(template, parameters);
        Cases cases = new Cases(operationId, method.toUpperCase(), path);
        queryCases(cases, parameters);
        pathCases(cases, template, parameters);
        JsonNode jsonBody = resolve(operation.path("requestBody")).path("content").path("application/json").path("schema");
        if (!jsonBody.isMissingNode()) {
            bodyCases(cases, resolve(jsonBody));
        }
        return new Operation(operationId, method.toUpperCase(), template, WRITE_METHODS.contains(method), cases.requests);
    }

    /** Path parameters get values of their type that name nothing that exists. */
    private String fillPath(String template, List<JsonNode> parameters) {
        Map<String, JsonNode> schemas = new LinkedHashMap<>();
        for (JsonNode parameter : parameters) {
            if ("path".equals(parameter.path("in").asText())) {
                schemas.put(parameter.path("name").asText(), resolve(parameter.path("schema")));
            }
        }
        return PATH_PARAMETER.matcher(template).replaceAll(match -> {
            JsonNode schema = schemas.getOrDefault(match.group(1), JsonNodeFactory.instance.objectNode());
            return HostileValues.harmlessPathValue(schema);
        });
    }

    /** A text path parameter (an account id, an address) holding U+0000, the others harmless. */
    private void pathCases(Cases cases, String template, List<JsonNode> parameters) {
        for (JsonNode parameter : parameters) {
            JsonNode schema = resolve(parameter.path("schema"));
            if (!"path".equals(parameter.path("in").asText()) || !"string".equals(schema.path("type").asText())
                    || "uuid".equals(schema.path("format").asText())) {
                continue;
            }
            String name = parameter.path("name").asText();
            String nul = URLEncoder.encode("a\u0000b", StandardCharsets.UTF_8);
            cases.path(fillPath(template.replace("{" + name + "}", nul), parameters), name,
                    "U+0000 in path parameter " + name);
        }
    }

    private void queryCases(Cases cases, List<JsonNode> parameters) {
        List<String> names = new ArrayList<>();
        for (JsonNode parameter : parameters) {
            if (!"query".equals(parameter.path("in").asText())) {
                continue;
            }
            String name = parameter.path("name").asText();
            names.add(name);
            JsonNode schema = resolve(parameter.path("schema"));
            String valid = HostileValues.validQueryValue(schema);
            cases.query(name, List.of(valid, valid), "given twice");
            for (Map.Entry<String, String> wrong : HostileValues.wrongQueryValues(schema).entrySet()) {
                cases.query(name, List.of(wrong.getValue()), wrong.getKey());
            }
        }
        String unknown = "hostileParameter";
        while (names.contains(unknown)) {
            unknown = unknown + "X";
        }
        cases.query(unknown, List.of("1"), "an unknown query parameter");
    }

    private void bodyCases(Cases cases, JsonNode schema) {
        cases.body("{} {\"trailing\":true}", "body", "content after the JSON document");
        cases.body("{\"hostileField\":1}", "hostileField", "an unknown field");
        Iterator<Map.Entry<String, JsonNode>> properties = schema.path("properties").properties().iterator();
        if (properties.hasNext()) {
            Map.Entry<String, JsonNode> first = properties.next();
            String value = HostileValues.sampleJson(resolve(first.getValue()));
            cases.body("{\"" + first.getKey() + "\":" + value + ",\"" + first.getKey() + "\":" + value + "}",
                    first.getKey(), "a key given twice");
        }
        propertyCases(cases, schema, new Nesting(), 0);
    }

    /** Per property, nested objects and the first item of arrays included, up to {@link #NESTING_LIMIT} deep. */
    private void propertyCases(Cases cases, JsonNode schema, Nesting nesting, int depth) {
        if (depth >= NESTING_LIMIT) {
            return;
        }
        schema.path("properties").properties().forEach(property -> {
            String name = property.getKey();
            JsonNode propertySchema = resolve(property.getValue());
            Nesting here = nesting.field(name);
            cases.body(here.wrap("null"), here.path(), "null");
            for (Map.Entry<String, String> wrong : HostileValues.wrongValues(propertySchema).entrySet()) {
                cases.body(here.wrap(wrong.getValue()), here.path(), wrong.getKey());
            }
            String type = propertySchema.path("type").asText();
            if ("object".equals(type) || propertySchema.has("properties")) {
                propertyCases(cases, propertySchema, here, depth + 1);
            } else if ("array".equals(type)) {
                JsonNode items = resolve(propertySchema.path("items"));
                Nesting item = here.item();
                cases.body(item.wrap("null"), item.path(), "null as an array item");
                if ("object".equals(items.path("type").asText()) || items.has("properties")) {
                    propertyCases(cases, items, item, depth + 1);
                } else {
                    for (Map.Entry<String, String> wrong : HostileValues.wrongValues(items).entrySet()) {
                        cases.body(item.wrap(wrong.getValue()), item.path(), wrong.getKey() + " as an array item");
                    }
                }
            }
        });
    }

    /** Follows a local {@code $ref} (the bundled document has only local ones). */
    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref"); hops++) {
            if (hops > 10) {
                throw new IllegalStateException("reference cycle at " + node);
            }
            String reference = current.path("$ref").asText();
            if (!reference.startsWith("#/")) {
                throw new IllegalStateException("only local references are expected in the bundled document: " + reference);
            }
            current = document.at(reference.substring(1));
            if (current.isMissingNode()) {
                throw new IllegalStateException("unresolved reference " + reference);
            }
        }
        return current;
    }

    /** Where a property sits in the body, and how to build a body holding only it. */
    private record Nesting(List<String> steps) {
        Nesting() {
            this(List.of());
        }

        Nesting field(String name) {
            List<String> next = new ArrayList<>(steps);
            next.add(name);
            return new Nesting(next);
        }

        Nesting item() {
            List<String> next = new ArrayList<>(steps);
            next.add("[0]");
            return new Nesting(next);
        }

        String path() {
            StringBuilder path = new StringBuilder();
            for (String step : steps) {
                if (!path.isEmpty() && !step.startsWith("[")) {
                    path.append('.');
                }
                path.append(step);
            }
            return path.toString();
        }

        /** {@code {"assets":[{"decimals":<value>}]}} for the path {@code assets[0].decimals}. */
        String wrap(String value) {
            String json = value;
            for (int index = steps.size() - 1; index >= 0; index--) {
                String step = steps.get(index);
                json = step.startsWith("[") ? "[" + json + "]" : "{\"" + step + "\":" + json + "}";
            }
            return json;
        }
    }

    /** Collects one operation's requests. */
    private static final class Cases {
        private final String operationId;
        private final String method;
        private final String path;
        private final List<HostileRequest> requests = new ArrayList<>();

        Cases(String operationId, String method, String path) {
            this.operationId = operationId;
            this.method = method;
            this.path = path;
        }

        void path(String otherPath, String name, String what) {
            requests.add(new HostileRequest(operationId, method, otherPath, Map.of(), null, name, what));
        }

        void query(String name, List<String> values, String what) {
            requests.add(new HostileRequest(operationId, method, path, Map.of(name, values), null, name,
                    what + " in query parameter " + name));
        }

        void body(String json, String field, String what) {
            requests.add(new HostileRequest(operationId, method, path, Map.of(), json, field, what + " at " + field));
        }
    }
}
