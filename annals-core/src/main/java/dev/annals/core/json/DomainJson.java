package dev.annals.core.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.datatype.jdk8.Jdk8Module;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

import java.io.IOException;

/**
 * The one JSON mapping of domain records (commands, events, state), shared by every service so that what the
 * command processor writes is what projections and queries read.
 *
 * <p>It is strict where leniency would hide a bug: unknown fields, {@code null} for a primitive, a number
 * written as a string and trailing content are errors. Output is deterministic (record components in declaration
 * order, map entries sorted by key) so that equal states serialize to equal bytes.
 */
public final class DomainJson {

    private static final ObjectMapper MAPPER = newMapper();
    private static final ObjectMapper COMPLETE = newMapper()
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES);

    private DomainJson() {
    }

    /** A new mapper with Annals' settings, for frameworks that need their own instance. */
    public static ObjectMapper newMapper() {
        return JsonMapper.builder()
                .addModule(new JavaTimeModule())
                .addModule(new Jdk8Module())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT)
                .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                // a number or a boolean where text belongs is a client's mistake, not a string to make of it
                .withCoercionConfig(LogicalType.Textual, config -> config
                        .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                        .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail))
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
                .build();
    }

    public static byte[] write(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write " + value.getClass().getName() + " as JSON: "
                    + e.getOriginalMessage(), e);
        }
    }

    /**
     * Reads {@code json} as a {@code type}.
     *
     * @throws InvalidJsonException when the bytes are not JSON or do not fit the type; its message says where
     */
    public static <T> T read(byte[] json, Class<T> type) {
        return read(MAPPER, json, type);
    }

    /**
     * Like {@link #read}, and every component of the record must be present: what a client sends as a command.
     * (Events and state are read with {@link #read}, so that a component added later can default for old data.)
     *
     * @throws InvalidJsonException also when a component is missing
     */
    public static <T> T readComplete(byte[] json, Class<T> type) {
        return read(COMPLETE, json, type);
    }

    /**
     * Reads {@code json} as a tree, as strictly as {@link #read} (no duplicate keys, no trailing content).
     *
     * @throws InvalidJsonException when the bytes are not JSON
     */
    public static JsonNode readTree(byte[] json) {
        return read(MAPPER, json, JsonNode.class);
    }

    private static <T> T read(ObjectMapper mapper, byte[] json, Class<T> type) {
        try {
            T value = mapper.readValue(json, type);
            if (value == null) {
                throw InvalidJsonException.of(type, new JsonMappingException(null, "null is not a " + type.getSimpleName()));
            }
            return value;
        } catch (IOException e) {
            throw InvalidJsonException.of(type, e);
        }
    }
}
