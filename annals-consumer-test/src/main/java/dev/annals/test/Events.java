package dev.annals.test;

import dev.annals.core.AggregateType;

import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Events of one aggregate for a fixture's {@code given} or {@code when}, in order. Numbered on from the aggregate's
 * last version in the fixture ({@link #of}), or from an explicit version ({@link #at}), to show what a replay or a
 * gap does.
 */
public record Events(AggregateType<?, ?, ?> type, String aggregateId, OptionalLong firstVersion, List<Object> events) {

    public Events {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(firstVersion, "firstVersion");
        events = List.copyOf(events);
        for (Object event : events) {
            if (!type.eventType().isInstance(event)) {
                throw new IllegalArgumentException(event + " is not an event of " + type.name());
            }
        }
    }

    /** The next events of an aggregate: the first is numbered one past the last the fixture gave it. */
    @SafeVarargs
    public static <E> Events of(AggregateType<?, E, ?> type, String aggregateId, E... events) {
        return new Events(type, aggregateId, OptionalLong.empty(), List.of(events));
    }

    /** Events of an aggregate from {@code version} on, whatever came before: a replay, or a gap. */
    @SafeVarargs
    public static <E> Events at(AggregateType<?, E, ?> type, String aggregateId, long version, E... events) {
        return new Events(type, aggregateId, OptionalLong.of(version), List.of(events));
    }
}
