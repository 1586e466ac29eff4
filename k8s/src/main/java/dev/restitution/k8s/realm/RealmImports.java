package dev.restitution.k8s.realm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;

/**
 * Writes each overlay's KeycloakRealmImport from the devstack realm, so the cluster's realm never drifts
 * from the one every test runs against.
 *
 * <p>Both overlays rewrite the portal client's origin (devstack's {@code http://127.0.0.1:8080}) to the
 * overlay's portal host. Production additionally carries no demo data and no development secret:
 * <ul>
 *   <li>users: only service-account users stay (they hold the {@code service} role of their client);
 *       every person, with their password, is dropped — people come from the exchange's identity
 *       provider or are created by an administrator;</li>
 *   <li>clients allowing the password grant (the operator CLI for local shells) are dropped;</li>
 *   <li>every confidential client's secret becomes a placeholder {@code ${<CLIENT>_CLIENT_SECRET}}
 *       that the operator fills from the Secret {@value #CLIENT_SECRETS_SECRET} (key: the client id),
 *       which the platform creates;</li>
 *   <li>TLS is required for external requests (brute-force detection is on in the devstack realm already).</li>
 * </ul>
 *
 * <p>Run after changing the devstack realm: {@code ./mvnw -B -q -pl k8s compile exec:java} (the k8s
 * module's tests fail while a committed import differs from what this writes).
 */
public final class RealmImports {

    /** The Secret holding the confidential clients' secrets in production, one key per client id. */
    public static final String CLIENT_SECRETS_SECRET = "restitution-keycloak-clients";

    /** Where the devstack realm lives, relative to the repository root. */
    public static final String DEVSTACK_REALM = "devstack/src/main/resources/keycloak/restitution-realm.json";

    /** The import's file name inside each overlay directory. */
    public static final String IMPORT_FILE = "keycloak-realm-import.yaml";

    private static final String KEYCLOAK_CR_NAME = "keycloak";
    private static final String IMPORT_NAME = "restitution-realm";
    private static final String PORTAL_CLIENT_ID = "portal";
    private static final int MAX_REALM_BYTES = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .enable(YAMLGenerator.Feature.INDENT_ARRAYS_WITH_INDICATOR)
            .build());

    /** The overlays and the portal origin each one serves (the overlay's portal Ingress host). */
    public enum Overlay {
        DEV("overlays/dev", "http://restitution.localhost", false),
        PROD("overlays/prod", "https://restitution.example.com", true);

        private final String directory;
        private final String portalOrigin;
        private final boolean production;

        Overlay(String directory, String portalOrigin, boolean production) {
            this.directory = directory;
            this.portalOrigin = portalOrigin;
            this.production = production;
        }

        /** The overlay directory relative to the k8s module. */
        public String directory() {
            return directory;
        }

        /** The scheme and host browsers reach the portal at. */
        public String portalOrigin() {
            return portalOrigin;
        }

        public boolean production() {
            return production;
        }
    }

    private RealmImports() {
    }

    /** Writes every overlay's import; argument: the repository root (default: the parent directory). */
    public static void main(String[] arguments) {
        if (arguments.length > 1) {
            throw new IllegalArgumentException("usage: RealmImports [repository-root]");
        }
        Path root = Path.of(arguments.length == 1 ? arguments[0] : "..").toAbsolutePath().normalize();
        JsonNode devstackRealm = readDevstackRealm(root);
        for (Overlay overlay : Overlay.values()) {
            Path target = root.resolve("k8s").resolve(overlay.directory()).resolve(IMPORT_FILE);
            write(target, yaml(overlay, devstackRealm));
        }
    }

    /** The devstack realm file as a JSON tree. */
    public static JsonNode readDevstackRealm(Path repositoryRoot) {
        Path file = repositoryRoot.resolve(DEVSTACK_REALM);
        try {
            long size = Files.size(file);
            if (size > MAX_REALM_BYTES) {
                throw new IllegalStateException(file + " is " + size + " bytes, over the " + MAX_REALM_BYTES + " expected of a realm");
            }
            return JSON.readTree(file.toFile());
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read the devstack realm " + file, failure);
        }
    }

    /** The text of the overlay's KeycloakRealmImport file. */
    public static String yaml(Overlay overlay, JsonNode devstackRealm) {
        try {
            String header = "# Generated by dev.restitution.k8s.realm.RealmImports from " + DEVSTACK_REALM + ": do not edit.\n"
                    + "# After changing the devstack realm, run: ./mvnw -B -q -pl k8s compile exec:java\n";
            return header + YAML.writeValueAsString(realmImport(overlay, devstackRealm));
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    /** The KeycloakRealmImport object for the overlay. */
    public static ObjectNode realmImport(Overlay overlay, JsonNode devstackRealm) {
        ObjectNode realm = realm(overlay, devstackRealm);
        ObjectNode object = JsonNodeFactory.instance.objectNode();
        object.put("apiVersion", "k8s.keycloak.org/v2alpha1");
        object.put("kind", "KeycloakRealmImport");
        object.putObject("metadata").put("name", IMPORT_NAME);
        ObjectNode spec = object.putObject("spec");
        spec.put("keycloakCRName", KEYCLOAK_CR_NAME);
        if (overlay.production()) {
            ObjectNode placeholders = spec.putObject("placeholders");
            for (JsonNode client : realm.withArray("clients")) {
                if (client.has("secret")) {
                    String clientId = client.get("clientId").asText();
                    ObjectNode secret = placeholders.putObject(placeholderName(clientId)).putObject("secret");
                    secret.put("name", CLIENT_SECRETS_SECRET);
                    secret.put("key", clientId);
                }
            }
        }
        spec.set("realm", realm);
        return object;
    }

    /** The realm the overlay imports (see the class comment for what changes per overlay). */
    public static ObjectNode realm(Overlay overlay, JsonNode devstackRealm) {
        if (!devstackRealm.isObject()) {
            throw new IllegalArgumentException("the devstack realm is not a JSON object");
        }
        ObjectNode realm = devstackRealm.deepCopy();
        String devstackOrigin = portalOrigin(realm);
        for (JsonNode client : realm.withArray("clients")) {
            replaceOrigin((ObjectNode) client, devstackOrigin, overlay.portalOrigin());
        }
        if (overlay.production()) {
            harden(realm);
        }
        return realm;
    }

    /** The environment variable a client's secret placeholder names, e.g. LEDGER_SERVICE_CLIENT_SECRET. */
    public static String placeholderName(String clientId) {
        return clientId.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_") + "_CLIENT_SECRET";
    }

    private static void harden(ObjectNode realm) {
        realm.put("sslRequired", "external");
        ArrayNode clients = realm.withArray("clients");
        for (Iterator<JsonNode> it = clients.elements(); it.hasNext(); ) {
            JsonNode client = it.next();
            if (client.path("directAccessGrantsEnabled").asBoolean(false)) {
                it.remove();
            } else if (client.has("secret")) {
                ((ObjectNode) client).put("secret", "${" + placeholderName(client.get("clientId").asText()) + "}");
            }
        }
        ArrayNode users = realm.withArray("users");
        for (Iterator<JsonNode> it = users.elements(); it.hasNext(); ) {
            if (!it.next().hasNonNull("serviceAccountClientId")) {
                it.remove();
            }
        }
    }

    private static String portalOrigin(ObjectNode realm) {
        for (JsonNode client : realm.withArray("clients")) {
            if (PORTAL_CLIENT_ID.equals(client.path("clientId").asText())) {
                String origin = client.path("rootUrl").asText("");
                if (!origin.startsWith("http://") && !origin.startsWith("https://")) {
                    throw new IllegalStateException("the devstack realm's portal client has no http(s) rootUrl: '" + origin + "'");
                }
                return origin;
            }
        }
        throw new IllegalStateException("the devstack realm has no client '" + PORTAL_CLIENT_ID + "'");
    }

    /** Rewrites every string of the client that starts with the devstack portal origin. */
    private static void replaceOrigin(ObjectNode node, String from, String to) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            JsonNode value = field.getValue();
            if (value.isTextual() && value.asText().startsWith(from)) {
                field.setValue(TextNode.valueOf(to + value.asText().substring(from.length())));
            } else if (value.isObject()) {
                replaceOrigin((ObjectNode) value, from, to);
            } else if (value.isArray()) {
                ArrayNode array = (ArrayNode) value;
                for (int i = 0; i < array.size(); i++) {
                    JsonNode element = array.get(i);
                    if (element.isTextual() && element.asText().startsWith(from)) {
                        array.set(i, TextNode.valueOf(to + element.asText().substring(from.length())));
                    } else if (element.isObject()) {
                        replaceOrigin((ObjectNode) element, from, to);
                    }
                }
            }
        }
    }

    private static void write(Path target, String content) {
        try {
            Files.writeString(target, content, StandardCharsets.UTF_8);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot write " + target, failure);
        }
    }
}
