package dev.restitution.contracts.json;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.PropertyName;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.NullValueProvider;
import com.fasterxml.jackson.databind.deser.SettableBeanProperty;
import com.fasterxml.jackson.databind.exc.InvalidNullException;
import com.fasterxml.jackson.databind.util.AccessPattern;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.deser.std.DelegatingDeserializer;
import com.fasterxml.jackson.databind.deser.std.StdScalarDeserializer;
import com.fasterxml.jackson.databind.deser.std.StringDeserializer;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.type.LogicalType;
import java.io.IOException;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.List;

/**
 * The one JSON configuration of every service, the portal and the events: a document is read exactly as
 * written or refused, never guessed at. Refused, each naming where: content after the document, a key
 * given twice, a number or boolean where a string belongs (and the reverse), a fraction where an integer
 * belongs, a number where a date belongs, a number for an enum, {@code null} for any field (an absent
 * optional value is left out, never sent as null), and a string holding U+0000, which PostgreSQL cannot
 * store. Written: absent optional values are left out.
 *
 * <p>Unknown properties are left to each application ({@code quarkus.jackson.fail-on-unknown-properties}):
 * the services refuse them, the portal reads newer services' answers.
 */
public final class StrictJson {

    /** Why a string with U+0000 is refused, as the problem body tells the caller. */
    public static final String NUL_CHARACTER = "must not contain the NUL character (U+0000)";

    /** Why a number is refused where a date belongs. */
    public static final String DATE_AS_STRING = "expected an ISO-8601 date-time with offset as a string";

    private StrictJson() {
    }

    /** Applies the strict configuration to {@code mapper} (which Quarkus or the caller built) and returns it. */
    public static ObjectMapper configure(ObjectMapper mapper) {
        mapper.enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
                .enable(DeserializationFeature.FAIL_ON_READING_DUP_TREE_KEY)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(DeserializationFeature.ACCEPT_SINGLE_VALUE_AS_ARRAY)
                .disable(DeserializationFeature.UNWRAP_SINGLE_VALUE_ARRAYS)
                .disable(DeserializationFeature.ACCEPT_EMPTY_STRING_AS_NULL_OBJECT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS);
        mapper.enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
        mapper.setDefaultSetterInfo(JsonSetter.Value.forContentNulls(Nulls.FAIL));
        mapper.setSerializationInclusion(JsonInclude.Include.NON_NULL);
        refuseCoercions(mapper);
        mapper.registerModule(strictScalars());
        return mapper;
    }

    /** No value changes its JSON type on the way in: "1" is no integer, 1 no string, 1.5 no integer, "true" no boolean. */
    private static void refuseCoercions(ObjectMapper mapper) {
        for (CoercionInputShape shape : new CoercionInputShape[] {
                CoercionInputShape.Integer, CoercionInputShape.Float, CoercionInputShape.Boolean}) {
            mapper.coercionConfigFor(LogicalType.Textual).setCoercion(shape, CoercionAction.Fail);
        }
        for (LogicalType type : new LogicalType[] {LogicalType.Integer, LogicalType.Float, LogicalType.Boolean}) {
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.String, CoercionAction.Fail);
            mapper.coercionConfigFor(type).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
        }
        mapper.coercionConfigFor(LogicalType.Integer).setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Boolean).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.Integer, CoercionAction.Fail);
        mapper.coercionConfigFor(LogicalType.Enum).setCoercion(CoercionInputShape.EmptyString, CoercionAction.Fail);
    }

    private static SimpleModule strictScalars() {
        SimpleModule module = new SimpleModule("restitution-strict-json");
        module.addDeserializer(String.class, new NulFreeStringDeserializer());
        module.setDeserializerModifier(new BeanDeserializerModifier() {
            @Override
            public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                                                         BeanDeserializerBuilder builder) {
                List<SettableBeanProperty> properties = new ArrayList<>();
                builder.getProperties().forEachRemaining(properties::add);
                for (SettableBeanProperty property : properties) {
                    builder.addOrReplaceProperty(property.withNullProvider(new ExplicitNullRefused(property)), true);
                }
                return builder;
            }

            @Override
            public JsonDeserializer<?> modifyDeserializer(DeserializationConfig config, BeanDescription description,
                                                          JsonDeserializer<?> deserializer) {
                if (TemporalAccessor.class.isAssignableFrom(description.getBeanClass())) {
                    return new TextualDateDeserializer(deserializer);
                }
                return deserializer;
            }
        });
        return module;
    }

    /**
     * {@code null} written for a property is refused; a property left out stays absent (Jackson's own
     * {@code Nulls.FAIL} would refuse an absent record component too).
     */
    static final class ExplicitNullRefused implements NullValueProvider {

        private final PropertyName name;
        private final JavaType type;

        ExplicitNullRefused(SettableBeanProperty property) {
            this.name = property.getFullName();
            this.type = property.getType();
        }

        @Override
        public Object getNullValue(DeserializationContext context) throws JsonMappingException {
            throw InvalidNullException.from(context, name, type);
        }

        @Override
        public Object getAbsentValue(DeserializationContext context) {
            return null;
        }

        @Override
        public AccessPattern getNullAccessPattern() {
            return AccessPattern.DYNAMIC;
        }
    }

    /** A string as Jackson reads it (text only, as configured), refused when it holds U+0000. */
    static final class NulFreeStringDeserializer extends StdScalarDeserializer<String> {

        NulFreeStringDeserializer() {
            super(String.class);
        }

        @Override
        public String deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            String value = StringDeserializer.instance.deserialize(parser, context);
            if (value != null && value.indexOf('\u0000') >= 0) {
                throw new StrictJsonRefusal(parser, NUL_CHARACTER, String.class);
            }
            return value;
        }

        @Override
        public LogicalType logicalType() {
            return LogicalType.Textual;
        }

        @Override
        public boolean isCachable() {
            return true;
        }
    }

    /**
     * java.time values only from strings: Jackson's own reader would take {@code 1700000000} as seconds
     * since the epoch, which no document of ours allows.
     */
    static final class TextualDateDeserializer extends DelegatingDeserializer {

        TextualDateDeserializer(JsonDeserializer<?> delegate) {
            super(delegate);
        }

        @Override
        protected JsonDeserializer<?> newDelegatingInstance(JsonDeserializer<?> delegate) {
            return new TextualDateDeserializer(delegate);
        }

        @Override
        public Object deserialize(JsonParser parser, DeserializationContext context) throws IOException {
            if (!parser.hasToken(JsonToken.VALUE_STRING)) {
                throw new StrictJsonRefusal(parser, DATE_AS_STRING, handledType());
            }
            return super.deserialize(parser, context);
        }
    }
}
