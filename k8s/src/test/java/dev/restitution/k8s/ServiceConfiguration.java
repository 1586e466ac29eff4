package dev.restitution.k8s;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import javax.xml.parsers.DocumentBuilderFactory;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * What one workload's application reads: the keys of its application.properties, the environment
 * variables those reference, the keys of the Quarkus extensions it depends on (their config model, from
 * the extension jars on this module's test class path, reached through the service's pom and the poms
 * embedded in the jars), and — when it uses Kafka — every Kafka client property, which Quarkus takes from
 * {@code KAFKA_*} variables.
 */
final class ServiceConfiguration {

    private static final String QUARKUS_CONFIG_MODEL = "META-INF/quarkus-config-doc/quarkus-config-model.json";
    private static final Pattern EMBEDDED_POM = Pattern.compile("META-INF/maven/([^/]+)/([^/]+)/pom\\.xml");
    private static final Pattern REFERENCE = Pattern.compile("\\$\\{([A-Za-z0-9_.\\-]+)(:[^}]*)?}");
    private static final Pattern LOOPBACK = Pattern.compile("(127\\.0\\.0\\.1|localhost)");
    private static final int MAX_POM_BYTES = 1 << 20;
    private static final Map<String, ClassPathJar> JARS = indexClassPath();

    private final String workload;
    /** A quoted map key in an environment variable's name: SmallRye writes {@code foo."1".bar} as FOO__1__BAR. */
    private static final Pattern MAP_KEY = Pattern.compile("__[A-Z0-9]+__");
    private final Map<String, String> properties;
    private final Set<Pattern> quarkusKeys;
    private final Set<String> referencedVariables;

    private ServiceConfiguration(String workload, Map<String, String> properties, Set<Pattern> quarkusKeys,
            Set<String> referencedVariables) {
        this.workload = workload;
        this.properties = properties;
        this.quarkusKeys = quarkusKeys;
        this.referencedVariables = referencedVariables;
    }

    /** Whether the workload's module exists in this repository (the portal may come later). */
    static boolean moduleExists(String workload) {
        return Files.isRegularFile(Rendering.REPOSITORY_ROOT.resolve(workload).resolve("pom.xml"));
    }

    /** The configuration of a module of this repository. */
    static ServiceConfiguration of(String workload) {
        Path module = Rendering.REPOSITORY_ROOT.resolve(workload);
        String coordinates = "dev.restitution:" + workload;
        if (!JARS.containsKey(coordinates)) {
            throw new AssertionError(workload + " is not on the k8s module's test class path: add it to k8s/pom.xml as a "
                    + "test-scoped dependency, so its configuration keys can be checked");
        }
        Map<String, String> properties = readProperties(module.resolve("src/main/resources/application.properties"));
        Set<String> extensions = reachableArtifacts(directDependencies(module.resolve("pom.xml")));
        Set<Pattern> keys = new HashSet<>();
        for (String artifact : extensions) {
            ClassPathJar jar = JARS.get(artifact);
            if (jar != null && jar.hasConfigModel()) {
                keys.addAll(configModelKeys(jar.path()));
            }
        }
        return new ServiceConfiguration(workload, properties, keys, references(properties));
    }

    /**
     * The keys a workload whose module does not exist yet may set: those of every Quarkus extension on the
     * test class path. Coarser than {@link #of}; it applies until the module (the portal) is added.
     */
    static ServiceConfiguration planned(String workload) {
        Set<Pattern> keys = new HashSet<>();
        for (ClassPathJar jar : JARS.values()) {
            if (jar.hasConfigModel()) {
                keys.addAll(configModelKeys(jar.path()));
            }
        }
        return new ServiceConfiguration(workload, Map.of(), keys, Set.of());
    }

    String workload() {
        return workload;
    }

    /** The effective properties of the prod profile: %prod overrides, %dev and %test entries dropped. */
    Map<String, String> productionProperties() {
        Map<String, String> effective = new LinkedHashMap<>();
        properties.forEach((key, value) -> {
            if (!key.startsWith("%")) {
                effective.putIfAbsent(key, value);
            }
        });
        properties.forEach((key, value) -> {
            if (key.startsWith("%prod.")) {
                effective.put(key.substring("%prod.".length()), value);
            }
        });
        return effective;
    }

    boolean usesKafka() {
        return productionProperties().containsKey("kafka.bootstrap.servers");
    }

    /** Why the environment variable is not a key the application reads; empty when it is one. */
    Optional<String> unknown(String variable) {
        if (referencedVariables.contains(variable)) {
            return Optional.empty();
        }
        for (String key : productionProperties().keySet()) {
            if (environmentName(key).equals(variable)) {
                return Optional.empty();
            }
        }
        if (quarkusKeys.stream().anyMatch(pattern -> pattern.matcher(variable).matches())) {
            return Optional.empty();
        }
        if (isMapEntryKey(variable)) {
            return Optional.empty();
        }
        if (usesKafka() && variable.startsWith("KAFKA_") && kafkaClientVariables().contains(variable)) {
            return Optional.empty();
        }
        return Optional.of(variable + " is set for " + workload + " but is neither a key of its application.properties, "
                + "nor a variable it references, nor a key of a Quarkus extension it uses"
                + (usesKafka() ? ", nor a Kafka client property" : ""));
    }

    /**
     * The environment variables a deployment must set: every key whose production value points at this
     * machine (loopback) or is a credential, and every referenced variable without a default.
     */
    Set<String> requiredVariables() {
        Set<String> required = new TreeSet<>();
        Map<String, String> effective = productionProperties();
        effective.forEach((key, value) -> {
            String lastSegment = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
            boolean credential = lastSegment.contains("password") || lastSegment.contains("secret");
            if (LOOPBACK.matcher(value).find() || credential) {
                required.add(environmentName(key));
            }
            Matcher reference = REFERENCE.matcher(value);
            while (reference.find()) {
                // A reference to another property is resolved inside the configuration; one to a variable needs it set.
                if (reference.group(2) == null && !effective.containsKey(reference.group(1))) {
                    required.add(reference.group(1));
                }
            }
        });
        return required;
    }

    /** The HTTP port the application listens on in production. */
    Optional<Integer> httpPort() {
        return Optional.ofNullable(productionProperties().get("quarkus.http.port")).map(Integer::valueOf);
    }

    /** The port of the management interface (health, metrics) in production, when it is enabled. */
    Optional<Integer> managementPort() {
        Map<String, String> effective = productionProperties();
        if (!Boolean.parseBoolean(effective.getOrDefault("quarkus.management.enabled", "false"))) {
            return Optional.empty();
        }
        return Optional.of(Integer.valueOf(effective.getOrDefault("quarkus.management.port", "9000")));
    }

    /** Every topic the workload's channels name (outgoing, incoming and dead-letter). */
    Map<String, List<String>> channelTopics() {
        Map<String, List<String>> topics = new LinkedHashMap<>();
        topics.put("outgoing", new ArrayList<>());
        topics.put("incoming", new ArrayList<>());
        topics.put("dead-letter", new ArrayList<>());
        productionProperties().forEach((key, value) -> {
            if (key.startsWith("mp.messaging.outgoing.") && key.endsWith(".topic")) {
                topics.get("outgoing").add(value);
            } else if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".dead-letter-queue.topic")) {
                topics.get("dead-letter").add(value);
            } else if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".topic")) {
                topics.get("incoming").add(value);
            }
        });
        return topics;
    }

    /** The consumer group of each incoming channel (its group.id, else the application name as Quarkus does). */
    Set<String> consumerGroups() {
        Set<String> groups = new TreeSet<>();
        Map<String, String> effective = productionProperties();
        effective.forEach((key, value) -> {
            if (key.startsWith("mp.messaging.incoming.") && key.endsWith(".topic") && !key.endsWith(".dead-letter-queue.topic")) {
                String channel = key.substring(0, key.length() - ".topic".length());
                groups.add(effective.getOrDefault(channel + ".group.id", effective.get("quarkus.application.name")));
            }
        });
        return groups;
    }

    /** SmallRye Config's environment form of a property name: non-alphanumerics become '_', upper case. */
    /**
     * Whether the variable sets an entry of a map the application reads under another map key: a key such as
     * {@code restitution.chains."31337".rpc-url} (in any profile) admits {@code RESTITUTION_CHAINS__1__RPC_URL},
     * the same setting of the entry keyed "1".
     */
    private boolean isMapEntryKey(String variable) {
        String entry = MAP_KEY.matcher(variable).replaceAll("__#__");
        return !entry.equals(variable) && properties.keySet().stream()
                .map(key -> key.startsWith("%") ? key.substring(key.indexOf('.') + 1) : key)
                .filter(key -> key.contains("\""))
                .anyMatch(key -> MAP_KEY.matcher(environmentName(key)).replaceAll("__#__").equals(entry));
    }

    static String environmentName(String property) {
        StringBuilder name = new StringBuilder(property.length());
        for (char character : property.toCharArray()) {
            name.append(Character.isLetterOrDigit(character) ? Character.toUpperCase(character) : '_');
        }
        return name.toString();
    }

    private static Set<String> kafkaClientVariables() {
        Set<String> names = new HashSet<>();
        names.addAll(ProducerConfig.configNames());
        names.addAll(ConsumerConfig.configNames());
        names.addAll(AdminClientConfig.configNames());
        Set<String> variables = new HashSet<>();
        names.forEach(name -> variables.add("KAFKA_" + environmentName(name)));
        return variables;
    }

    private static Set<String> references(Map<String, String> properties) {
        Set<String> variables = new HashSet<>();
        properties.values().forEach(value -> {
            Matcher reference = REFERENCE.matcher(value);
            while (reference.find()) {
                variables.add(reference.group(1));
            }
        });
        return variables;
    }

    private static Map<String, String> readProperties(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read " + file, failure);
        }
        Map<String, String> entries = new LinkedHashMap<>();
        properties.stringPropertyNames().stream().sorted().forEach(key -> entries.put(key, properties.getProperty(key)));
        return entries;
    }

    /** A Quarkus config model's properties as patterns over environment variable names. */
    private static Set<Pattern> configModelKeys(Path jar) {
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            ZipEntry entry = zip.getEntry(QUARKUS_CONFIG_MODEL);
            try (InputStream stream = zip.getInputStream(entry)) {
                JsonNode model = StrictSchemas.MAPPER.readTree(stream);
                Set<Pattern> patterns = new HashSet<>();
                collectProperties(model, patterns);
                return patterns;
            }
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read the Quarkus config model of " + jar, failure);
        }
    }

    private static void collectProperties(JsonNode node, Set<Pattern> patterns) {
        if (node.isObject()) {
            JsonNode path = node.path("path");
            if (path.isObject() && path.hasNonNull("property") && path.hasNonNull("environmentVariable")) {
                patterns.add(environmentPattern(path.get("property").asText()));
            }
            node.forEach(child -> collectProperties(child, patterns));
        } else if (node.isArray()) {
            node.forEach(child -> collectProperties(child, patterns));
        }
    }

    /**
     * The environment form of a documented property, where a quoted map key ({@code "datasource-name"})
     * stands for any key: quoted in the variable ({@code __NAME__}) or plain ({@code _NAME_}).
     */
    static Pattern environmentPattern(String property) {
        StringBuilder regex = new StringBuilder();
        int index = 0;
        while (index < property.length()) {
            char character = property.charAt(index);
            if (character == '"') {
                int end = property.indexOf('"', index + 1);
                if (end < 0) {
                    throw new IllegalStateException("unbalanced quote in documented property " + property);
                }
                regex.append("(?:_[A-Z0-9_]+_|[A-Z0-9][A-Z0-9_]*)");
                index = end + 1;
            } else {
                regex.append(Character.isLetterOrDigit(character) ? String.valueOf(Character.toUpperCase(character)) : "_");
                index++;
            }
        }
        return Pattern.compile(regex.toString());
    }

    /** Group and artifact of the module's runtime dependencies, as its pom declares them. */
    private static List<String> directDependencies(Path pom) {
        try {
            if (Files.size(pom) > MAX_POM_BYTES) {
                throw new IllegalStateException(pom + " is larger than " + MAX_POM_BYTES + " bytes");
            }
            return runtimeDependencies(Files.readAllBytes(pom), "dev.restitution");
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read " + pom, failure);
        }
    }

    /** Every artifact on the test class path reachable from the roots through the embedded poms. */
    private static Set<String> reachableArtifacts(List<String> roots) {
        Set<String> reached = new HashSet<>();
        Deque<String> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            String artifact = pending.pop();
            ClassPathJar jar = JARS.get(artifact);
            if (jar == null || !reached.add(artifact)) {
                continue;
            }
            pending.addAll(jar.dependencies());
        }
        return reached;
    }

    private static List<String> runtimeDependencies(byte[] pom, String fallbackGroup) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            Document document = factory.newDocumentBuilder().parse(new java.io.ByteArrayInputStream(pom));
            Element project = document.getDocumentElement();
            String ownGroup = Optional.ofNullable(child(project, "groupId"))
                    .or(() -> Optional.ofNullable(child(project, "parent")).map(parent -> child(parent, "groupId")).map(Element.class::cast))
                    .map(Node::getTextContent).orElse(fallbackGroup).trim();
            List<String> dependencies = new ArrayList<>();
            Element container = child(project, "dependencies");
            if (container == null) {
                return dependencies;
            }
            for (Node node = container.getFirstChild(); node != null; node = node.getNextSibling()) {
                if (node instanceof Element dependency && "dependency".equals(dependency.getTagName())) {
                    String scope = text(dependency, "scope", "compile");
                    boolean optional = Boolean.parseBoolean(text(dependency, "optional", "false"));
                    if (optional || scope.equals("test") || scope.equals("provided") || scope.equals("import")) {
                        continue;
                    }
                    String group = text(dependency, "groupId", ownGroup);
                    if (group.equals("${project.groupId}") || group.equals("${groupId}")) {
                        group = ownGroup;
                    }
                    dependencies.add(group + ":" + text(dependency, "artifactId", ""));
                }
            }
            return dependencies;
        } catch (Exception failure) {
            throw new IllegalStateException("cannot parse a pom: " + failure.getMessage(), failure);
        }
    }

    private static Element child(Element parent, String name) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && name.equals(element.getTagName())) {
                return element;
            }
        }
        return null;
    }

    private static String text(Element parent, String name, String fallback) {
        Element element = child(parent, name);
        return element == null ? fallback : element.getTextContent().trim();
    }

    /** One jar (or classes directory) of the test class path, by the group:artifact of its embedded pom. */
    private record ClassPathJar(Path path, boolean hasConfigModel, List<String> dependencies) {
    }

    private static Map<String, ClassPathJar> indexClassPath() {
        String file = System.getProperty("restitution.test-class-path-file");
        if (file == null) {
            throw new IllegalStateException("restitution.test-class-path-file is not set: run the tests through Maven");
        }
        String classPath;
        try {
            classPath = Files.readString(Path.of(file), StandardCharsets.UTF_8).trim();
        } catch (IOException failure) {
            throw new UncheckedIOException("cannot read the test class path list " + file, failure);
        }
        Map<String, ClassPathJar> jars = new HashMap<>();
        for (String entry : classPath.split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(path)) {
                continue;
            }
            try (ZipFile zip = new ZipFile(path.toFile())) {
                boolean hasModel = zip.getEntry(QUARKUS_CONFIG_MODEL) != null;
                var entries = zip.entries();
                while (entries.hasMoreElements()) {
                    ZipEntry zipEntry = entries.nextElement();
                    Matcher pom = EMBEDDED_POM.matcher(zipEntry.getName());
                    if (pom.matches() && zipEntry.getSize() <= MAX_POM_BYTES) {
                        try (InputStream stream = zip.getInputStream(zipEntry)) {
                            List<String> dependencies = runtimeDependencies(stream.readAllBytes(), pom.group(1));
                            jars.putIfAbsent(pom.group(1) + ":" + pom.group(2), new ClassPathJar(path, hasModel, dependencies));
                        }
                    }
                }
            } catch (IOException failure) {
                throw new UncheckedIOException("cannot read " + path, failure);
            }
        }
        return Map.copyOf(jars);
    }
}
