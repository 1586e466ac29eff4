package dev.restitution.kit.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Instant;
import java.util.regex.Pattern;

/**
 * A CloudEvents 1.0 event in structured JSON mode: the whole event, attributes and payload, is
 * the Kafka record's value. Build one with {@link EventCodec#wrap}; read its payload with
 * {@link EventCodec#payload}. Extension attributes are not accepted: every attribute an event
 * may carry is named here, so a typo is an error and not a silently dropped field.
 *
 * @param specversion always {@value #SPEC_VERSION}
 * @param id the event id, a UUID; consumers deduplicate on it
 * @param type the event type, one of {@link EventTypes}
 * @param source the producing service as a URI reference, e.g. {@code /ledger-service}
 * @param time when the event happened (the producer's transaction time)
 * @param subject the aggregate the event is about, e.g. the incident id; may be null
 * @param datacontenttype always {@value #JSON_CONTENT_TYPE}; null is read as that (CloudEvents default)
 * @param data the payload as a JSON object; its shape is the schema of {@code type}
 */
@JsonPropertyOrder({"specversion", "id", "type", "source", "time", "subject", "datacontenttype", "data"})
@JsonInclude(JsonInclude.Include.NON_NULL)
public record EventEnvelope(
        String specversion,
        String id,
        String type,
        String source,
        Instant time,
        String subject,
        String datacontenttype,
        JsonNode data) {

    public static final String SPEC_VERSION = "1.0";
    public static final String JSON_CONTENT_TYPE = "application/json";
    /**
     * Kafka {@code content-type} header of a record whose value is a whole envelope (CloudEvents
     * structured mode). Consumers read the value as text and decode it with {@link EventCodec}.
     */
    public static final String STRUCTURED_CONTENT_TYPE = "application/cloudevents+json; charset=UTF-8";

    // Canonical 8-4-4-4-12 form; UUID.fromString alone also accepts short forms like "1-2-3-4-5".
    private static final Pattern UUID_FORM =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");
    private static final int MAX_ATTRIBUTE_LENGTH = 255;

    public EventEnvelope {
        if (!SPEC_VERSION.equals(specversion)) {
            throw new IllegalArgumentException("specversion must be \"" + SPEC_VERSION + "\", was " + quoted(specversion));
        }
        requireAttribute("id", id);
        if (!UUID_FORM.matcher(id).matches()) {
            throw new IllegalArgumentException("id must be a UUID, was " + quoted(id));
        }
        requireAttribute("type", type);
        requireAttribute("source", source);
        requireUriReference(source);
        if (time == null) {
            throw new IllegalArgumentException("time is required");
        }
        if (subject != null) {
            requireAttribute("subject", subject);
        }
        if (datacontenttype == null) {
            datacontenttype = JSON_CONTENT_TYPE;
        }
        if (!JSON_CONTENT_TYPE.equals(datacontenttype)) {
            throw new IllegalArgumentException(
                    "datacontenttype must be \"" + JSON_CONTENT_TYPE + "\", was " + quoted(datacontenttype));
        }
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("data must be a JSON object, was " + (data == null ? "absent" : data.getNodeType()));
        }
    }

    private static void requireAttribute(String name, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(name + " is required and must not be blank");
        }
        if (value.length() > MAX_ATTRIBUTE_LENGTH) {
            throw new IllegalArgumentException(name + " is longer than " + MAX_ATTRIBUTE_LENGTH + " characters");
        }
    }

    private static void requireUriReference(String source) {
        try {
            new URI(source);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("source must be a URI reference, was " + quoted(source), e);
        }
    }

    // Bounded: the value may be anything a producer sent, and it ends up in logs.
    private static String quoted(String value) {
        if (value == null) {
            return "absent";
        }
        int maxShown = 64;
        return value.length() <= maxShown ? "\"" + value + "\"" : "\"" + value.substring(0, maxShown) + "...\"";
    }
}
