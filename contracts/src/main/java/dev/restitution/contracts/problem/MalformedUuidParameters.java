package dev.restitution.contracts.problem;

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
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * A query parameter the OpenAPI document types as a UUID ({@code format: uuid}) that is not one is a
 * bad request: 400 problem naming the parameter. JAX-RS would answer a query parameter it cannot
 * convert with 404, as if nothing matched. Runs after matching, before the parameters are converted,
 * for every resource of every service that indexes this jar.
 */
@Provider
public class MalformedUuidParameters implements ContainerRequestFilter {

    /** The 8-4-4-4-12 hex form only: {@link UUID#fromString} would also take {@code 1-2-3-4-5}. */
    private static final Pattern CANONICAL =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    /** The UUID query parameters' names per resource method, found once by reflection. */
    private static final Map<List<Object>, List<String>> UUID_QUERY_PARAMETERS = new ConcurrentHashMap<>();

    @Context
    ResourceInfo resource;

    @Override
    public void filter(ContainerRequestContext request) {
        MultivaluedMap<String, String> query = request.getUriInfo().getQueryParameters();
        Method method = resource.getResourceMethod();
        if (query.isEmpty() || method == null) {
            return;
        }
        Class<?> resourceClass = resource.getResourceClass();
        List<FieldViolation> malformed = UUID_QUERY_PARAMETERS
                .computeIfAbsent(List.of(resourceClass, method), ignored -> namesOf(resourceClass, method)).stream()
                .filter(name -> query.getOrDefault(name, List.of()).stream()
                        .anyMatch(value -> !CANONICAL.matcher(value).matches()))
                .map(name -> new FieldViolation(name, "must be a UUID"))
                .toList();
        if (!malformed.isEmpty()) {
            request.abortWith(ProblemException.invalid(malformed).problem().toResponse());
        }
    }

    /** Names of the method's UUID-typed query parameters, declared on the resource or its generated interface. */
    private static List<String> namesOf(Class<?> resourceClass, Method resourceMethod) {
        Class<?>[] types = resourceMethod.getParameterTypes();
        List<String> names = new ArrayList<>();
        for (Class<?> type : ProblemMappers.InvalidFields.typeAndInterfaces(resourceClass)) {
            Method method;
            try {
                method = type.getMethod(resourceMethod.getName(), types);
            } catch (NoSuchMethodException notDeclaredHere) {
                continue;
            }
            Annotation[][] annotations = method.getParameterAnnotations();
            for (int index = 0; index < types.length; index++) {
                if (types[index] != UUID.class) {
                    continue;
                }
                for (Annotation annotation : annotations[index]) {
                    if (annotation instanceof QueryParam query && !names.contains(query.value())) {
                        names.add(query.value());
                    }
                }
            }
        }
        return List.copyOf(names);
    }
}
