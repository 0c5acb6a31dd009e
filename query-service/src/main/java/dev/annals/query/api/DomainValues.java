package dev.annals.query.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.annals.core.AggregateType;
import dev.annals.core.json.DomainJson;
import dev.annals.core.json.InvalidJsonException;
import dev.annals.core.problem.Problem;
import dev.annals.query.web.ProblemException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

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

    /**
     * The journal's event as the domain's record.
     *
     * @throws ProblemException 500 {@code UNKNOWN_EVENT_TYPE} when this service does not know the event (the
     *                          command side runs a newer domain module than this service), 500
     *                          {@code UNREADABLE_EVENT} when the stored data no longer fits its record
     */
    public static <E> E event(AggregateType<?, E, ?> type, String eventName, String json) {
        Class<? extends E> eventClass = type.eventClass(eventName).orElseThrow(() -> new ProblemException(Problem.of(
                500, "Internal Server Error", "UNKNOWN_EVENT_TYPE", "the journal holds " + type.name() + "."
                        + eventName + ", which this query-service does not know: it runs an older version of the "
                        + type.name() + " domain than the command side; its events are " + type.eventNames())
                .with("eventType", eventName)));
        try {
            return DomainJson.read(json.getBytes(StandardCharsets.UTF_8), eventClass);
        } catch (InvalidJsonException e) {
            throw new ProblemException(Problem.of(500, "Internal Server Error", "UNREADABLE_EVENT", "the journal's "
                    + type.name() + "." + eventName + " does not fit the record this query-service has for it: "
                    + e.getMessage()).with("eventType", eventName));
        }
    }

    /**
     * A state or event of {@code type} as a reader sees it: without the fields the type shows its owner alone (a
     * food order's delivery code) unless the reader is the owner.
     */
    public static JsonNode visible(AggregateType<?, ?, ?> type, Object value, boolean toTheOwner) {
        JsonNode tree = tree(value);
        if (!toTheOwner && tree instanceof ObjectNode object) {
            object.remove(type.ownerOnlyFields());
        }
        return tree;
    }

    /** Whether {@code reader} owns an aggregate of {@code type} in {@code state}. */
    public static <S> boolean owns(AggregateType<?, ?, S> type, Object state, Optional<String> reader) {
        return reader.isPresent() && type.ownerOf(type.stateType().cast(state)).filter(reader.get()::equals)
                .isPresent();
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
