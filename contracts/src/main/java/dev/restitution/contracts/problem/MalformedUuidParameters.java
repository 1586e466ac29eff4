package dev.restitution.contracts.problem;

import io.quarkus.arc.properties.IfBuildProperty;
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
 *
 * <p>An application that indexes this jar without being one of the services (the portal, which answers
 * HTML pages) turns the filter off with {@value #ENABLED}{@code =false}: RESTEasy Reactive leaves out a
 * provider only for a build-time condition, {@code quarkus.arc.exclude-types} keeps it out of CDI alone.
 */
@Provider
@IfBuildProperty(name = MalformedUuidParameters.ENABLED, stringValue = "true", enableIfMissing = true)
public class MalformedUuidParameters implements ContainerRequestFilter {

    /** Build-time switch; the filter is on unless the application sets it to {@code false}. */
    public static final String ENABLED = "restitution.problem.uuid-query-parameters.enabled";

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
        // The resource is injected only into the CDI bean; an instance made without CDI has no method to check.
        if (query.isEmpty() || resource == null || resource.getResourceMethod() == null) {
            return;
        }
        Class<?> resourceClass = resource.getResourceClass();
        Method method = resource.getResourceMethod();
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
