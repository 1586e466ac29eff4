package dev.restitution.kit.problem;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import io.quarkus.security.AuthenticationFailedException;
import io.quarkus.security.ForbiddenException;
import io.quarkus.security.UnauthorizedException;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.Path;
import jakarta.ws.rs.CookieParam;
import jakarta.ws.rs.FormParam;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.lang.annotation.Annotation;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.jboss.logging.Logger;

/**
 * Turns every failure of a request into an RFC 9457 problem document, so that callers of any
 * service see one error shape: 400 naming each bad field, 401/403 for authentication and roles,
 * the status of any other HTTP error, and 500 without internals (logged with a reference).
 * Services pick these up by indexing the service-kit jar ({@code quarkus.index-dependency.kit.*}).
 */
public final class ProblemMappers {

    private ProblemMappers() {
    }

    @Provider
    public static class Problems implements ExceptionMapper<ProblemException> {
        @Override
        public Response toResponse(ProblemException exception) {
            return exception.toResponse();
        }
    }

    @Provider
    public static class InvalidFields implements ExceptionMapper<ConstraintViolationException> {
        @Override
        public Response toResponse(ConstraintViolationException exception) {
            List<FieldViolation> violations = exception.getConstraintViolations().stream()
                    .map(violation -> new FieldViolation(fieldPath(violation), violation.getMessage()))
                    .sorted(Comparator.comparing(FieldViolation::field).thenComparing(FieldViolation::message))
                    .toList();
            return ProblemException.invalid(violations).problem().toResponse();
        }

        /**
         * Drops the method node: callers know {@code assets[0].decimals} of the body, or the request
         * parameter by its HTTP name ({@code limit}, {@code Idempotency-Key}), not Java names.
         */
        static String fieldPath(ConstraintViolation<?> violation) {
            StringBuilder path = new StringBuilder();
            String parameter = null;
            Path.MethodNode method = null;
            for (Path.Node node : violation.getPropertyPath()) {
                switch (node.getKind()) {
                    case METHOD -> method = node.as(Path.MethodNode.class);
                    case CONSTRUCTOR, RETURN_VALUE, CROSS_PARAMETER -> { }
                    case PARAMETER -> {
                        path.setLength(0);
                        parameter = requestName(violation.getRootBeanClass(), method,
                                node.as(Path.ParameterNode.class));
                    }
                    default -> appendNode(path, node);
                }
            }
            if (!path.isEmpty()) {
                return path.toString();
            }
            return parameter == null ? "body" : parameter;
        }

        /**
         * The name the request uses for a method parameter: the value of its JAX-RS annotation, found
         * on the resource class or (for resources implementing generated interfaces) its interfaces.
         */
        static String requestName(Class<?> resource, Path.MethodNode method, Path.ParameterNode parameter) {
            if (resource != null && method != null) {
                Class<?>[] types = method.getParameterTypes().toArray(Class<?>[]::new);
                for (Class<?> type : typeAndInterfaces(resource)) {
                    try {
                        Annotation[] annotations = type.getMethod(method.getName(), types)
                                .getParameterAnnotations()[parameter.getParameterIndex()];
                        for (Annotation annotation : annotations) {
                            String name = httpName(annotation);
                            if (name != null) {
                                return name;
                            }
                        }
                    } catch (NoSuchMethodException notDeclaredHere) {
                        // The method is declared on another of the types; keep looking.
                    }
                }
            }
            return parameter.getName();
        }

        static List<Class<?>> typeAndInterfaces(Class<?> resource) {
            List<Class<?>> types = new ArrayList<>();
            for (Class<?> type = resource; type != null && type != Object.class; type = type.getSuperclass()) {
                types.add(type);
                types.addAll(List.of(type.getInterfaces()));
            }
            return types;
        }

        private static String httpName(Annotation annotation) {
            return switch (annotation) {
                case HeaderParam header -> header.value();
                case QueryParam query -> query.value();
                case PathParam pathParameter -> pathParameter.value();
                case FormParam form -> form.value();
                case CookieParam cookie -> cookie.value();
                default -> null;
            };
        }

        /** A node inside a list carries the index of its container element: {@code assets[0].symbol}. */
        private static void appendNode(StringBuilder path, Path.Node node) {
            if (node.isInIterable() && node.getIndex() != null) {
                path.append('[').append(node.getIndex()).append(']');
            }
            if (node.getName() == null) {
                return;
            }
            if (!path.isEmpty()) {
                path.append('.');
            }
            path.append(node.getName());
        }
    }

    @Provider
    public static class UnreadableBody implements ExceptionMapper<JsonProcessingException> {
        @Override
        public Response toResponse(JsonProcessingException exception) {
            return JsonProblems.of(exception).toResponse();
        }
    }

    /** Registered for the exact type Quarkus REST maps itself (to a body that is no problem document). */
    @Provider
    public static class MismatchedBody implements ExceptionMapper<MismatchedInputException> {
        @Override
        public Response toResponse(MismatchedInputException exception) {
            return JsonProblems.of(exception).toResponse();
        }
    }

    @Provider
    public static class NotAuthenticated implements ExceptionMapper<UnauthorizedException> {
        @Override
        public Response toResponse(UnauthorizedException exception) {
            return unauthorized();
        }
    }

    @Provider
    public static class AuthenticationFailed implements ExceptionMapper<AuthenticationFailedException> {
        @Override
        public Response toResponse(AuthenticationFailedException exception) {
            return unauthorized();
        }
    }

    @Provider
    public static class Forbidden implements ExceptionMapper<ForbiddenException> {
        @Override
        public Response toResponse(ForbiddenException exception) {
            return ProblemDetails.of("forbidden", "Forbidden", 403,
                    "Your roles do not allow this operation.").toResponse();
        }
    }

    @Provider
    public static class HttpErrors implements ExceptionMapper<WebApplicationException> {
        @Override
        public Response toResponse(WebApplicationException exception) {
            Response.StatusType status = exception.getResponse().getStatusInfo();
            if (status.getStatusCode() < 400) {
                return exception.getResponse();
            }
            // Quarkus REST's JSON reader turns most Jackson failures into a bare 400 with the failure as cause.
            if (exception.getCause() instanceof JsonProcessingException json) {
                return JsonProblems.of(json).toResponse();
            }
            String typeName = status.getReasonPhrase().toLowerCase().replace(' ', '-');
            return ProblemDetails.of(typeName, status.getReasonPhrase(), status.getStatusCode(),
                    exception.getMessage()).toResponse();
        }
    }

    @Provider
    public static class Unexpected implements ExceptionMapper<RuntimeException> {
        private static final Logger LOG = Logger.getLogger(Unexpected.class);

        @Override
        public Response toResponse(RuntimeException exception) {
            String reference = UUID.randomUUID().toString();
            LOG.errorf(exception, "unexpected failure, reference %s", reference);
            return ProblemDetails.of("internal-error", "Internal error", 500,
                    "The request failed unexpectedly and nothing was committed; reference " + reference + ".")
                    .toResponse();
        }
    }

    private static Response unauthorized() {
        return Response.fromResponse(ProblemDetails.of("unauthorized", "Unauthorized", 401,
                        "A valid bearer token from the restitution realm is required.").toResponse())
                .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"restitution\"")
                .build();
    }
}
