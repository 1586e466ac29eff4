package dev.restitution.kit.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.restitution.contracts.json.StrictJson;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.hibernate.validator.HibernateValidator;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/**
 * Writes and reads events as CloudEvents 1.0 structured JSON, the value of every Kafka record
 * Restitution publishes. Strict on both sides: unknown fields, missing required fields and values
 * outside their schema are refused with an {@link InvalidEventException}, both when a producer
 * wraps a payload and when a consumer reads one, so a bad event is stopped at the producer and
 * cannot poison a consumer unnoticed. The payload rules are the bean-validation constraints
 * generated from {@code events/schemas/}, so the schema stays the single source of truth.
 *
 * <p>Thread-safe; make one and share it.
 */
public final class EventCodec {

    /** Events larger than this are refused: they would not fit a Kafka record's default limit anyway. */
    public static final int MAX_EVENT_CHARS = 512 * 1024;

    private final ObjectMapper objectMapper;
    private final Validator validator;

    /** A codec with its own object mapper and a Hibernate Validator without expression language. */
    public EventCodec() {
        this(DefaultValidator.INSTANCE);
    }

    /** A codec that checks payloads with {@code validator} (e.g. the one a Quarkus service injects). */
    public EventCodec(Validator validator) {
        this.objectMapper = newObjectMapper();
        this.validator = Objects.requireNonNull(validator, "validator");
    }

    /**
     * The object mapper events are written and read with: java.time as ISO-8601 strings, offsets
     * kept as sent, unknown properties refused, and otherwise as strict as every API ({@link StrictJson}).
     */
    public static ObjectMapper newObjectMapper() {
        return StrictJson.configure(JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .disable(SerializationFeature.WRITE_DURATIONS_AS_TIMESTAMPS)
                .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                .build());
    }

    /** The event as one line of JSON. */
    public String encode(EventEnvelope envelope) {
        Objects.requireNonNull(envelope, "envelope");
        try {
            return objectMapper.writeValueAsString(envelope);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("cannot write event " + envelope.id() + ": " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads an event's envelope. The payload stays JSON until {@link #payload} reads it, so a
     * consumer can look at {@code type} and {@code id} (e.g. to skip an event it has processed)
     * without knowing the payload class.
     *
     * @throws InvalidEventException when {@code json} is not JSON or not a valid envelope
     */
    public EventEnvelope decode(String json) {
        if (json == null || json.isBlank()) {
            throw new InvalidEventException("malformed event JSON: the input is empty");
        }
        if (json.length() > MAX_EVENT_CHARS) {
            throw new InvalidEventException("event JSON longer than " + MAX_EVENT_CHARS + " characters");
        }
        // Two steps, so that broken JSON and a well-formed but invalid envelope get different errors.
        JsonNode tree;
        try {
            tree = objectMapper.readTree(json);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("malformed event JSON: " + describe(e), e);
        }
        if (!tree.isObject()) {
            throw new InvalidEventException("invalid event envelope: expected a JSON object, got " + tree.getNodeType());
        }
        try {
            return objectMapper.treeToValue(tree, EventEnvelope.class);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("invalid event envelope: " + describe(e), e);
        }
    }

    /**
     * Wraps a payload into an event, refusing a payload that breaks its schema or whose class is
     * not the payload class of {@code type}.
     *
     * @param id the event id, a UUID (the outbox row's id)
     * @param type one of {@link EventTypes}
     * @param source the producing service, e.g. {@code /ledger-service}
     * @param time when it happened
     * @param subject the aggregate id, or null
     * @param payload an instance of the generated payload class of {@code type}
     */
    public EventEnvelope wrap(String id, String type, String source, Instant time, String subject, Object payload) {
        Objects.requireNonNull(payload, "payload");
        requirePayloadClass(type, payload.getClass());
        requireValid("invalid " + type + " payload", payload);
        JsonNode data = toTree(payload);
        try {
            return new EventEnvelope(EventEnvelope.SPEC_VERSION, id, type, source, time, subject,
                    EventEnvelope.JSON_CONTENT_TYPE, data);
        } catch (IllegalArgumentException e) {
            throw new InvalidEventException("invalid event envelope: " + e.getMessage(), e);
        }
    }

    /**
     * Reads the payload of {@code envelope} as {@code payloadClass}.
     *
     * @throws InvalidEventException when {@code payloadClass} is not the payload class of the
     *     envelope's type, or the payload has unknown fields, lacks required ones or breaks its schema
     */
    public <T> T payload(EventEnvelope envelope, Class<T> payloadClass) {
        Objects.requireNonNull(envelope, "envelope");
        Objects.requireNonNull(payloadClass, "payloadClass");
        requirePayloadClass(envelope.type(), payloadClass);
        T payload;
        try {
            payload = objectMapper.treeToValue(envelope.data(), payloadClass);
        } catch (JsonProcessingException e) {
            throw new InvalidEventException(
                    "invalid " + envelope.type() + " payload in event " + envelope.id() + ": " + describe(e), e);
        }
        requireValid("invalid " + envelope.type() + " payload in event " + envelope.id(), payload);
        return payload;
    }

    // Through text rather than valueToTree: the tree is then exactly what a consumer parses
    // (e.g. IntNode, not LongNode, for a small Long), so a wrapped envelope equals its decoded copy.
    private JsonNode toTree(Object payload) {
        try {
            return objectMapper.readTree(objectMapper.writeValueAsString(payload));
        } catch (JsonProcessingException e) {
            throw new InvalidEventException("cannot write payload " + payload.getClass().getSimpleName() + ": "
                    + e.getOriginalMessage(), e);
        }
    }

    private static void requirePayloadClass(String type, Class<?> payloadClass) {
        if (type == null) {
            throw new InvalidEventException("event type is required");
        }
        Class<?> expected = EventTypes.payloadClass(type)
                .orElseThrow(() -> new InvalidEventException("unknown event type '" + type + "'"));
        if (!expected.equals(payloadClass)) {
            throw new InvalidEventException("event type " + type + " carries " + expected.getSimpleName()
                    + ", not " + payloadClass.getSimpleName());
        }
    }

    private void requireValid(String refusal, Object payload) {
        Set<ConstraintViolation<Object>> violations = validator.validate(payload);
        if (!violations.isEmpty()) {
            String details = violations.stream()
                    .map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
                    .sorted(Comparator.naturalOrder())
                    .collect(Collectors.joining("; "));
            throw new InvalidEventException(refusal + ": " + details);
        }
    }

    // Jackson's message without the location block; the location is added once, in a short form.
    private static String describe(JsonProcessingException e) {
        Throwable cause = e.getCause();
        if (cause instanceof IllegalArgumentException && cause.getMessage() != null) {
            // The envelope's compact constructor refused a value; its message names the attribute.
            return cause.getMessage();
        }
        String path = e instanceof JsonMappingException mapping && !mapping.getPath().isEmpty()
                ? " (at " + jsonPath(mapping) + ")"
                : "";
        // Only a parse of text has a location; reading a tree has none (line -1).
        String location = e.getLocation() == null || e.getLocation().getLineNr() <= 0
                ? ""
                : " [line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + "]";
        return e.getOriginalMessage() + path + location;
    }

    // "assets[0].symbol": where in the document the problem is, without Java class names.
    private static String jsonPath(JsonMappingException e) {
        var path = new StringBuilder();
        for (JsonMappingException.Reference reference : e.getPath()) {
            if (reference.getFieldName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(reference.getFieldName());
            } else if (reference.getIndex() >= 0) {
                path.append('[').append(reference.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    // Built once, on first use: a validator factory takes ~100 ms to bootstrap. Expression
    // language is not needed for the messages of the generated constraints.
    private static final class DefaultValidator {
        private static final Validator INSTANCE = build();

        private static Validator build() {
            ValidatorFactory factory = Validation.byProvider(HibernateValidator.class)
                    .configure()
                    .messageInterpolator(new ParameterMessageInterpolator())
                    .buildValidatorFactory();
            return factory.getValidator();
        }
    }
}
