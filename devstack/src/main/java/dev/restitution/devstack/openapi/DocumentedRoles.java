package dev.restitution.devstack.openapi;

import io.quarkus.security.Authenticated;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.annotation.Annotation;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Compares who may call each operation as the API document says ({@value #EXTENSION} on every
 * operation) with what the service enforces ({@code @RolesAllowed}, {@code @PermitAll},
 * {@code @Authenticated} on the resource method, or else on its class).
 *
 * <p>In {@value #EXTENSION}, realm role names stand for {@code @RolesAllowed} of exactly those roles;
 * {@value #AUTHENTICATED} for any caller with a valid token ({@code @Authenticated} or
 * {@code @RolesAllowed("**")}); {@value #ANONYMOUS} for no token at all ({@code @PermitAll}, and the
 * operation then declares {@code security: []}).
 */
public final class DocumentedRoles {

    public static final String EXTENSION = "x-roles";
    public static final String AUTHENTICATED = "authenticated";
    public static final String ANONYMOUS = "anonymous";

    private DocumentedRoles() {
    }

    /**
     * Every disagreement between the document and the resources, one line each: an operation without
     * {@value #EXTENSION} or without an implementation, an endpoint the document does not list, a
     * method that names no roles, and different roles. Empty when they agree.
     */
    public static List<String> differences(OpenAPI document, Collection<Class<?>> resources) {
        Map<String, Set<String>> documented = documented(document);
        Map<String, Set<String>> enforced = enforced(resources);
        Set<String> listed = new TreeSet<>();
        List<String> differences = new ArrayList<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            String key = key(method.name(), path);
            listed.add(key);
            if (!enforced.containsKey(key)) {
                differences.add(key + ": documented, but no resource method implements it");
            }
            if (!documented.containsKey(key)) {
                differences.add(key + ": the document names no " + EXTENSION);
            }
        }));
        documented.forEach((operation, roles) -> {
            Set<String> actual = enforced.get(operation);
            if (actual != null && !actual.equals(roles)) {
                differences.add(operation + ": the document allows " + roles + ", the code " + actual);
            }
        });
        enforced.keySet().stream().filter(operation -> !listed.contains(operation))
                .forEach(operation -> differences.add(operation + ": served, but the document does not list it"));
        return differences;
    }

    /** The resource classes of a service: every class in the class directory or jar of {@code anchor} that implements a JAX-RS interface. */
    public static List<Class<?>> resourcesBeside(Class<?> anchor) {
        java.nio.file.Path root;
        try {
            root = java.nio.file.Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException failure) {
            throw new IllegalStateException(failure);
        }
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            return files.map(root::relativize).map(java.nio.file.Path::toString)
                    .filter(name -> name.endsWith(".class") && !name.contains("$"))
                    .<Class<?>>map(name -> load(anchor.getClassLoader(), name.substring(0, name.length() - ".class".length())
                            .replace(java.io.File.separatorChar, '.')))
                    .filter(DocumentedRoles::isResource)
                    .sorted((left, right) -> left.getName().compareTo(right.getName()))
                    .toList();
        } catch (IOException failure) {
            throw new UncheckedIOException(failure);
        }
    }

    private static Class<?> load(ClassLoader loader, String name) {
        try {
            return Class.forName(name, false, loader);
        } catch (ClassNotFoundException failure) {
            throw new IllegalStateException(failure);
        }
    }

    private static boolean isResource(Class<?> type) {
        return !type.isInterface() && !Modifier.isAbstract(type.getModifiers())
                && (type.isAnnotationPresent(Path.class)
                        || Arrays.stream(type.getInterfaces()).anyMatch(api -> api.isAnnotationPresent(Path.class)));
    }

    private static Map<String, Set<String>> documented(OpenAPI document) {
        Map<String, Set<String>> operations = new TreeMap<>();
        document.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
            Object roles = operation.getExtensions() == null ? null : operation.getExtensions().get(EXTENSION);
            if (roles instanceof Collection<?> names) {
                Set<String> set = new TreeSet<>();
                names.forEach(name -> set.add(String.valueOf(name)));
                if (set.contains(ANONYMOUS) && !publiclyOpen(operation)) {
                    set.add(ANONYMOUS + " without security: []");
                }
                operations.put(key(method.name(), path), set);
            }
        }));
        return operations;
    }

    private static boolean publiclyOpen(Operation operation) {
        return operation.getSecurity() != null && operation.getSecurity().isEmpty();
    }

    private static Map<String, Set<String>> enforced(Collection<Class<?>> resources) {
        Map<String, Set<String>> operations = new TreeMap<>();
        for (Class<?> resource : resources) {
            for (Class<?> api : apisOf(resource)) {
                String base = api.isAnnotationPresent(Path.class) ? api.getAnnotation(Path.class).value() : "";
                for (Method declared : api.getMethods()) {
                    Optional<String> httpMethod = httpMethod(declared);
                    if (httpMethod.isEmpty()) {
                        continue;
                    }
                    String path = join(base, declared.isAnnotationPresent(Path.class) ? declared.getAnnotation(Path.class).value() : "");
                    operations.put(key(httpMethod.get(), path), roles(resource, implementation(resource, declared)));
                }
            }
        }
        return operations;
    }

    private static List<Class<?>> apisOf(Class<?> resource) {
        List<Class<?>> apis = new ArrayList<>();
        if (resource.isAnnotationPresent(Path.class)) {
            apis.add(resource);
        }
        Arrays.stream(resource.getInterfaces()).filter(api -> api.isAnnotationPresent(Path.class)).forEach(apis::add);
        return apis;
    }

    private static Method implementation(Class<?> resource, Method declared) {
        try {
            return resource.getMethod(declared.getName(), declared.getParameterTypes());
        } catch (NoSuchMethodException failure) {
            throw new IllegalStateException(failure);
        }
    }

    /** The method's own security annotation, else its class's; a set naming the problem when there is none. */
    private static Set<String> roles(Class<?> resource, Method method) {
        Set<String> roles = declaredRoles(method);
        if (roles == null) {
            roles = declaredRoles(resource);
        }
        return roles == null ? Set.of("no security annotation on " + resource.getSimpleName() + "." + method.getName()) : roles;
    }

    private static Set<String> declaredRoles(AnnotatedElement element) {
        if (element.isAnnotationPresent(RolesAllowed.class)) {
            Set<String> roles = new TreeSet<>();
            for (String role : element.getAnnotation(RolesAllowed.class).value()) {
                roles.add("**".equals(role) ? AUTHENTICATED : role);
            }
            return roles;
        }
        if (element.isAnnotationPresent(Authenticated.class)) {
            return Set.of(AUTHENTICATED);
        }
        if (element.isAnnotationPresent(PermitAll.class)) {
            return Set.of(ANONYMOUS);
        }
        if (element.isAnnotationPresent(DenyAll.class)) {
            return Set.of("nobody (@DenyAll)");
        }
        return null;
    }

    private static Optional<String> httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (http != null) {
                return Optional.of(http.value());
            }
        }
        return Optional.empty();
    }

    private static String join(String base, String path) {
        String joined = ("/" + base + "/" + path).replaceAll("/+", "/");
        return joined.length() > 1 && joined.endsWith("/") ? joined.substring(0, joined.length() - 1) : joined;
    }

    private static String key(String method, String path) {
        return method.toUpperCase(Locale.ROOT) + " " + path;
    }
}
