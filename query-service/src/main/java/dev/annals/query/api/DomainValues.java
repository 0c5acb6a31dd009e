package dev.annals.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.core.AggregateType;
import dev.annals.core.json.DomainJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Events and states as answers show them. jsonb keeps no key order, so what the database returns is read into
 * the domain's own record and written again: the answer has the record's field order, the same JSON the command
 * side wrote, and a stored value that no longer fits its record fails loudly here rather than reaching a client.
 */
public final class DomainValues {

    private static final ObjectMapper TREE = new ObjectMapper();

    private DomainValues() {
    }

    public static <S> S state(AggregateType<?, ?, S> type, String json) {
        return DomainJson.read(json.getBytes(StandardCharsets.UTF_8), type.stateType());
    }

    public static <E> E event(AggregateType<?, E, ?> type, String eventName, String json) {
        Class<? extends E> eventClass = type.eventClass(eventName).orElseThrow(() -> new IllegalStateException(
                type.name() + " has no event " + eventName + ", yet the journal holds one"));
        return DomainJson.read(json.getBytes(StandardCharsets.UTF_8), eventClass);
    }

    /** A domain record as a JSON tree in the record's field order. */
    public static JsonNode tree(Object value) {
        try {
            return TREE.readTree(DomainJson.write(value));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
