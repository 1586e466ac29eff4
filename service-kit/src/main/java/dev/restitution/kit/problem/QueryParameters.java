package dev.restitution.kit.problem;

import dev.restitution.contracts.json.StrictJson;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Query parameters are read as strictly as bodies: each one the matched method declares must hold a value
 * of its type, given once; one it does not declare is refused; no query or path parameter may hold U+0000. Every refusal is a 400 problem naming the
 * parameter and what it allows. JAX-RS would answer a parameter it cannot convert with 404 (as if nothing
 * matched), read {@code overdue=maybe} as false, take the first of two values and ignore unknown names.
 * Runs after matching, before the parameters are converted, for every resource of every service (the
 * services depend on service-kit; the portal, which answers HTML pages, does not).
 */
@Provider
public class QueryParameters implements ContainerRequestFilter {

    private static final String NUL_CHARACTER = StrictJson.NUL_CHARACTER;

    /** The 8-4-4-4-12 hex form only: {@link UUID#fromString} would also take {@code 1-2-3-4-5}. */
    private static final Pattern CANONICAL_UUID =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** Decimal digits with an optional minus: no plus sign, spaces, fractions or exponents. */
    private static final Pattern DECIMAL_INTEGER = Pattern.compile("^-?[0-9]{1,19}$");

    /** The declared query parameters' names and types per resource method, found once by reflection. */
    private static final Map<List<Object>, Map<String, Class<?>>> DECLARED = new ConcurrentHashMap<>();

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        List<FieldViolation> violations = new ArrayList<>();
        // A path segment matched as text (an account id) would reach PostgreSQL, which cannot hold U+0000.
        request.getUriInfo().getPathParameters().forEach((name, values) -> {
            if (values.stream().anyMatch(value -> value.indexOf('\u0000') >= 0)) {
                violations.add(new FieldViolation(name, NUL_CHARACTER));
            }
        });
        // The resource is injected only into the CDI bean; an instance made without CDI has no method to check.
        if (query.isEmpty() || resource == null || resource.getResourceMethod() == null) {
            abortIfAny(request, violations);
            return;
        }
        Class<?> resourceClass = resource.getResourceClass();
        Method method = resource.getResourceMethod();
        Map<String, Class<?>> declared = DECLARED.computeIfAbsent(List.of(resourceClass, method),
                ignored -> declaredBy(resourceClass, method));
        query.forEach((name, values) -> refusal(declared, name, values)
                .ifPresent(reason -> violations.add(new FieldViolation(name, reason))));
        abortIfAny(request, violations);
    }

    private static void abortIfAny(ContainerRequestContext request, List<FieldViolation> violations) {
        if (!violations.isEmpty()) {
            request.abortWith(ProblemException.invalid(violations).problem().toResponse());
        }
    }

    /** Why the values given for {@code name} are refused, if they are. */
    static Optional<String> refusal(Map<String, Class<?>> declared, String name, List<String> values) {
        Class<?> type = declared.get(name);
        if (type == null) {
            return Optional.of(declared.isEmpty() ? "unknown parameter: this operation takes none"
                    : "unknown parameter: this operation takes " + List.copyOf(declared.keySet()));
        }
        if (values.size() > 1 && !Collection.class.isAssignableFrom(type)) {
            return Optional.of("is given more than once");
        }
        String value = values.isEmpty() ? "" : values.getFirst();
        if (value.indexOf('\u0000') >= 0) {
            return Optional.of(NUL_CHARACTER);
        }
        return typeRefusal(type, value);
    }

    private static Optional<String> typeRefusal(Class<?> type, String value) {
        if (type == UUID.class) {
            return CANONICAL_UUID.matcher(value).matches() ? Optional.empty() : Optional.of("must be a UUID");
        }
        if (type == Integer.class || type == int.class) {
            return fitsInteger(value, Integer.MIN_VALUE, Integer.MAX_VALUE) ? Optional.empty()
                    : Optional.of("must be an integer from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE);
        }
        if (type == Long.class || type == long.class) {
            return fitsInteger(value, Long.MIN_VALUE, Long.MAX_VALUE) ? Optional.empty()
                    : Optional.of("must be an integer from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE);
        }
        if (type == Boolean.class || type == boolean.class) {
            return value.equals("true") || value.equals("false") ? Optional.empty()
                    : Optional.of("must be true or false");
        }
        if (type.isEnum()) {
            List<String> allowed = Arrays.stream(type.getEnumConstants()).map(constant -> ((Enum<?>) constant).name())
                    .toList();
            return allowed.contains(value) ? Optional.empty() : Optional.of("must be one of " + allowed);
        }
        return Optional.empty();
    }

    private static boolean fitsInteger(String value, long lowest, long highest) {
        if (!DECIMAL_INTEGER.matcher(value).matches()) {
            return false;
        }
        try {
            long number = Long.parseLong(value);
            return number >= lowest && number <= highest;
        } catch (NumberFormatException outOfLongRange) {
            return false;
        }
    }

    /** The method's query parameters by name and Java type, declared on the resource or its generated interface. */
    private static Map<String, Class<?>> declaredBy(Class<?> resourceClass, Method resourceMethod) {
        Class<?>[] types = resourceMethod.getParameterTypes();
        Map<String, Class<?>> declared = new LinkedHashMap<>();
        for (Class<?> type : ProblemMappers.InvalidFields.typeAndInterfaces(resourceClass)) {
            Method method;
            try {
                method = type.getMethod(resourceMethod.getName(), types);
            } catch (NoSuchMethodException notDeclaredHere) {
                continue;
            }
            Annotation[][] annotations = method.getParameterAnnotations();
            for (int index = 0; index < types.length; index++) {
                for (Annotation annotation : annotations[index]) {
                    if (annotation instanceof QueryParam query) {
                        declared.putIfAbsent(query.value(), types[index]);
                    }
                }
            }
        }
        return Collections.unmodifiableMap(declared);
    }
}
