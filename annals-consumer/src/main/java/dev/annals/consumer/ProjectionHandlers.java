package dev.annals.consumer;

import dev.annals.core.AggregateType;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The handlers of a projection, by aggregate type and event class:
 *
 * <pre>{@code
 * ProjectionHandlers.builder()
 *         .on(BankAccountType.TYPE, AccountOpened.class, (opened, envelope) -> ...)
 *         .on(BankAccountType.TYPE, MoneyDeposited.class, (deposited, envelope) -> ...)
 *         .build();
 * }</pre>
 *
 * A projection <em>claims</em> every aggregate type it names: it reads that type's events topic, and an event of
 * it that cannot be decoded (bad JSON, an event name the type does not know) goes to the dead-letter topic.
 * Events it claims but has no handler for only advance its checkpoint.
 */
public final class ProjectionHandlers {

    private final Map<String, AggregateType<?, ?, ?>> types;
    private final Map<Class<?>, EventHandler<Object>> byEventClass;
    private final Map<String, EventHandler<Object>> byType;
    private final AnyEventHandler everyType;

    private ProjectionHandlers(Builder builder) {
        this.types = Collections.unmodifiableMap(new LinkedHashMap<>(builder.types));
        this.byEventClass = Map.copyOf(builder.byEventClass);
        this.byType = Map.copyOf(builder.byType);
        this.everyType = builder.everyType;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** True when the projection reads every aggregate type the service knows. */
    public boolean claimsEveryType() {
        return everyType != null;
    }

    /** The aggregate types the projection names, by name (empty with only {@link Builder#onEveryType}). */
    public Map<String, AggregateType<?, ?, ?>> types() {
        return types;
    }

    /** The handler for one decoded event found at {@code position}, if the projection has one. */
    public Optional<EventHandler<Object>> handlerFor(AggregateType<?, ?, ?> type, Object event,
                                                     LogPosition position) {
        EventHandler<Object> handler = byEventClass.get(event.getClass());
        if (handler == null) {
            handler = byType.get(type.name());
        }
        if (handler == null && everyType != null) {
            AnyEventHandler any = everyType;
            handler = (decoded, envelope) -> any.apply(type, decoded, envelope, position);
        }
        return Optional.ofNullable(handler);
    }

    public static final class Builder {

        private final Map<String, AggregateType<?, ?, ?>> types = new LinkedHashMap<>();
        private final Map<Class<?>, EventHandler<Object>> byEventClass = new LinkedHashMap<>();
        private final Map<String, EventHandler<Object>> byType = new LinkedHashMap<>();
        private AnyEventHandler everyType;

        private Builder() {
        }

        /** Handles one event class of one aggregate type. */
        public <E, T extends E> Builder on(AggregateType<?, E, ?> type, Class<T> eventClass, EventHandler<T> handler) {
            claim(type);
            if (!type.eventType().isAssignableFrom(eventClass) || type.eventNames().stream()
                    .noneMatch(name -> type.eventClass(name).orElseThrow().equals(eventClass))) {
                throw new IllegalArgumentException(eventClass.getName() + " is not an event of " + type.name());
            }
            Objects.requireNonNull(handler, "handler");
            if (byEventClass.putIfAbsent(eventClass, cast(eventClass, handler)) != null) {
                throw new IllegalArgumentException("two handlers for " + eventClass.getName());
            }
            return this;
        }

        /** Handles every event of one aggregate type that has no handler of its own. */
        public <E> Builder onEvery(AggregateType<?, E, ?> type, EventHandler<E> handler) {
            claim(type);
            Objects.requireNonNull(handler, "handler");
            if (byType.putIfAbsent(type.name(), cast(type.eventType(), handler)) != null) {
                throw new IllegalArgumentException("two onEvery handlers for " + type.name());
            }
            return this;
        }

        /** Handles every event of every aggregate type the service knows, including types added later. */
        public Builder onEveryType(AnyEventHandler handler) {
            if (everyType != null) {
                throw new IllegalArgumentException("only one onEveryType handler");
            }
            everyType = Objects.requireNonNull(handler, "handler");
            return this;
        }

        public ProjectionHandlers build() {
            if (types.isEmpty() && everyType == null) {
                throw new IllegalStateException("a projection handles at least one event");
            }
            return new ProjectionHandlers(this);
        }

        private void claim(AggregateType<?, ?, ?> type) {
            AggregateType<?, ?, ?> known = types.putIfAbsent(type.name(), type);
            if (known != null && known != type) {
                throw new IllegalArgumentException("two different aggregate types are named " + type.name());
            }
        }

        // Safe: the runtime only passes events that are instances of the class the handler was registered for.
        @SuppressWarnings("unchecked")
        private static <T> EventHandler<Object> cast(Class<T> eventClass, EventHandler<? super T> handler) {
            return (event, envelope) -> handler.apply(eventClass.cast(event), envelope);
        }
    }
}
