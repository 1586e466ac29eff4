package dev.restitution.kit.problem;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.exc.InputCoercionException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.restitution.contracts.json.StrictJsonRefusal;
import java.time.temporal.Temporal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A body Jackson could not read, as a 400 problem naming where ({@code assets[0].decimals}, or {@code body}
 * for the document as a whole) and what is allowed there. Every refusal of
 * {@link dev.restitution.contracts.json.StrictJson} ends here, however Quarkus REST hands it over.
 */
final class JsonProblems {

    /** Jackson's message for a repeated key: {@code Duplicate field 'decision'}. */
    private static final Pattern DUPLICATE_FIELD = Pattern.compile("^Duplicate field '(.*)'");

    private JsonProblems() {
    }

    static ProblemDetails of(JsonProcessingException exception) {
        // Jackson wraps a parser's refusal met inside a value in a mapping exception that knows the path.
        JsonProcessingException parsing = exception instanceof JsonMappingException
                && exception.getCause() instanceof JsonProcessingException cause ? cause : exception;
        Matcher duplicate = DUPLICATE_FIELD.matcher(String.valueOf(parsing.getOriginalMessage()));
        if (duplicate.find()) {
            return invalid(join(parsedPath(parsing), duplicate.group(1)), "is given more than once");
        }
        if (exception instanceof JsonMappingException mapping) {
            return invalid(path(mapping), reason(mapping));
        }
        return ProblemDetails.of("malformed-json", "Malformed JSON", 400,
                "The body is not valid JSON" + where(exception) + ": " + exception.getOriginalMessage());
    }

    private static String reason(JsonMappingException exception) {
        Throwable cause = exception.getCause();
        if (exception instanceof InvalidNullException) {
            return "must not be null (leave an optional field out instead)";
        }
        if (exception instanceof UnrecognizedPropertyException) {
            return "unknown field";
        }
        if (exception instanceof StrictJsonRefusal refusal) {
            return refusal.getOriginalMessage();
        }
        if (String.valueOf(exception.getOriginalMessage()).startsWith("Trailing token")) {
            return "has content after the JSON document";
        }
        if (cause instanceof InputCoercionException coercion) {
            return "is out of range for " + describe(coercion.getTargetType());
        }
        if (exception instanceof ValueInstantiationException instantiation) {
            return "expected " + describe(instantiation.getType().getRawClass());
        }
        if (exception instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return "expected " + describe(mismatch.getTargetType());
        }
        return "cannot be read";
    }

    private static String describe(Class<?> type) {
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer without fraction or quotes" + range(type);
        }
        if (Number.class.isAssignableFrom(type) || type == double.class || type == float.class) {
            return "a number without quotes";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false without quotes";
        }
        if (type == String.class) {
            return "a string";
        }
        if (Temporal.class.isAssignableFrom(type)) {
            return "an ISO-8601 date-time with offset as a string";
        }
        if (Collection.class.isAssignableFrom(type) || type.isArray()) {
            return "an array";
        }
        if (type.isEnum()) {
            return "one of " + Arrays.stream(type.getEnumConstants()).map(String::valueOf).toList();
        }
        return "an object";
    }

    private static String range(Class<?> type) {
        if (type == Integer.class || type == int.class) {
            return " from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
        }
        return " from " + Long.MIN_VALUE + " to " + Long.MAX_VALUE;
    }

    /** {@code assets[0].decimals} from Jackson's reference chain. */
    static String path(JsonMappingException exception) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference reference : exception.getPath()) {
            if (reference.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.isEmpty() ? "body" : path.toString();
    }

    /** Where the parser stood: the object holding a repeated key, in the same notation ({@code items[0]}). */
    private static String parsedPath(JsonProcessingException exception) {
        if (!(exception.getProcessor() instanceof JsonParser parser)) {
            return "";
        }
        List<String> steps = new ArrayList<>();
        // The innermost context is the object whose key repeats; each parent names where its child sits.
        for (JsonStreamContext context = parser.getParsingContext().getParent(); context != null && !context.inRoot();
             context = context.getParent()) {
            steps.addFirst(context.inArray() ? "[" + context.getCurrentIndex() + "]" : context.getCurrentName());
        }
        StringBuilder path = new StringBuilder();
        for (String step : steps) {
            if (!path.isEmpty() && !step.startsWith("[")) {
                path.append('.');
            }
            path.append(step);
        }
        return path.toString();
    }

    private static String join(String parent, String field) {
        return parent.isEmpty() ? field : parent + "." + field;
    }

    private static String where(JsonProcessingException exception) {
        if (exception.getLocation() == null || exception.getLocation().getLineNr() < 1) {
            return "";
        }
        return " (line " + exception.getLocation().getLineNr() + ", column " + exception.getLocation().getColumnNr() + ")";
    }

    private static ProblemDetails invalid(String field, String message) {
        return ProblemException.invalid(List.of(new FieldViolation(field, message))).problem();
    }
}
