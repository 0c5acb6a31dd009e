package dev.annals.consumer;

import dev.annals.core.AggregateType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A consumer's handlers by aggregate type and event class, as its builder fills them in: what projections and
 * reactors share. {@code H} is the consumer's kind of handler, bound to its event class.
 */
final class HandlerTable<H> {

    private final Map<String, AggregateType<?, ?, ?>> types = new LinkedHashMap<>();
    private final Map<Class<?>, H> byEventClass = new LinkedHashMap<>();
    private final Map<String, H> byType = new LinkedHashMap<>();

    /** The consumer reads this type's events topic, and every event of it passes the version rule. */
    void claim(AggregateType<?, ?, ?> type) {
        AggregateType<?, ?, ?> known = types.putIfAbsent(type.name(), type);
        if (known != null && known != type) {
            throw new IllegalArgumentException("two different aggregate types are named " + type.name());
        }
    }

    void onEvent(AggregateType<?, ?, ?> type, Class<?> eventClass, H handler) {
        if (!type.eventType().isAssignableFrom(eventClass) || type.eventNames().stream()
                .noneMatch(name -> type.eventClass(name).orElseThrow().equals(eventClass))) {
            throw new IllegalArgumentException(eventClass.getName() + " is not an event of " + type.name());
        }
        if (byEventClass.putIfAbsent(eventClass, handler) != null) {
            throw new IllegalArgumentException("two handlers for " + eventClass.getName());
        }
    }

    void onEvery(AggregateType<?, ?, ?> type, H handler) {
        if (byType.putIfAbsent(type.name(), handler) != null) {
            throw new IllegalArgumentException("two onEvery handlers for " + type.name());
        }
    }

    /** The handler of one decoded event: its class's, else its type's. */
    Optional<H> handlerFor(AggregateType<?, ?, ?> type, Object event) {
        H handler = byEventClass.get(event.getClass());
        return Optional.ofNullable(handler != null ? handler : byType.get(type.name()));
    }

    Map<String, AggregateType<?, ?, ?>> types() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(types));
    }

    /** A copy that the builder can no longer change. */
    HandlerTable<H> frozen() {
        HandlerTable<H> copy = new HandlerTable<>();
        copy.types.putAll(types);
        copy.byEventClass.putAll(byEventClass);
        copy.byType.putAll(byType);
        return copy;
    }
}
