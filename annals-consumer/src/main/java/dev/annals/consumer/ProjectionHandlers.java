package dev.annals.consumer;

import dev.annals.core.AggregateType;
import dev.annals.core.envelope.EventEnvelope;
import io.smallrye.mutiny.Uni;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The handlers of a projection, by aggregate type and event class. The aggregate type is named once:
 *
 * <pre>{@code
 * ProjectionHandlers.of(BankAccountType.TYPE)
 *         .on(AccountOpened.class, (opened, event, sql) -> sql.exec("insert into accounts ...", ...))
 *         .on(MoneyDeposited.class, (deposited, event, sql) -> sql.exec("update accounts ...", ...))
 *         .build();
 * }</pre>
 *
 * A projection <em>claims</em> every aggregate type it names: it reads that type's events topic, an event of it
 * that cannot be decoded (bad JSON, an event name the type does not know) goes to the dead-letter topic, and every
 * event of it passes the runtime's <b>version rule</b> before any handler runs: each aggregate's events are applied
 * in version order, each once — version 1 first, then 2, 3, … A replayed or skipped version fails the event (it
 * goes to the dead-letter topic after its retries) instead of silently counting twice or hiding a loss. The
 * runtime keeps the versions in the projection's own table {@code annals_versions}, in the same transaction, so no
 * handler checks versions by hand. Events it claims but has no handler for pass the rule and advance the
 * checkpoint.
 */
public final class ProjectionHandlers {

    /** What the runtime calls: any handler of the projection, bound to its event class. */
    @FunctionalInterface
    public interface Bound {
        Uni<Void> apply(Object event, EventEnvelope envelope, LogPosition position, Sql sql);
    }

    private final HandlerTable<Bound> table;
    private final AnyEventHandler everyType;

    private ProjectionHandlers(HandlerTable<Bound> table, AnyEventHandler everyType) {
        this.table = table.frozen();
        this.everyType = everyType;
    }

    /** Handlers of the events of {@code type}; {@link Of#and} adds another type. */
    public static <E> Of<E> of(AggregateType<?, E, ?> type) {
        return new Of<>(new HandlerTable<>(), type);
    }

    /** One handler for every event of every aggregate type the service knows, including types added later. */
    public static ProjectionHandlers ofEveryType(AnyEventHandler handler) {
        return new ProjectionHandlers(new HandlerTable<>(), Objects.requireNonNull(handler, "handler"));
    }

    /** True when the projection reads every aggregate type the service knows. */
    public boolean claimsEveryType() {
        return everyType != null;
    }

    /** The aggregate types the projection names, by name (empty with {@link #ofEveryType}). */
    public Map<String, AggregateType<?, ?, ?>> types() {
        return table.types();
    }

    /** The handler for one decoded event of {@code type}, if the projection has one. */
    public Optional<Bound> handlerFor(AggregateType<?, ?, ?> type, Object event) {
        if (everyType != null) {
            AnyEventHandler any = everyType;
            return Optional.of((decoded, envelope, position, sql) -> any.apply(type, decoded, envelope, position, sql));
        }
        return table.handlerFor(type, event);
    }

    /** The handlers of one aggregate type's events, being built. */
    public static final class Of<E> {

        private final HandlerTable<Bound> table;
        private final AggregateType<?, E, ?> type;

        private Of(HandlerTable<Bound> table, AggregateType<?, E, ?> type) {
            this.table = table;
            this.type = Objects.requireNonNull(type, "type");
            table.claim(type);
        }

        /** Handles one event class by queueing SQL. */
        public <T extends E> Of<E> on(Class<T> eventClass, EventHandler<T> handler) {
            Objects.requireNonNull(handler, "handler");
            return onAsync(eventClass, (event, envelope, sql) -> {
                handler.apply(event, envelope, sql);
                return Uni.createFrom().voidItem();
            });
        }

        /** Handles one event class with a handler that reads before it writes. */
        public <T extends E> Of<E> onAsync(Class<T> eventClass, AsyncEventHandler<T> handler) {
            Objects.requireNonNull(handler, "handler");
            table.onEvent(type, eventClass, (event, envelope, position, sql) ->
                    handler.apply(eventClass.cast(event), envelope, sql));
            return this;
        }

        /** Handles every event of the type that has no handler of its own, by queueing SQL. */
        public Of<E> onEvery(EventHandler<E> handler) {
            Objects.requireNonNull(handler, "handler");
            return onEveryAsync((event, envelope, sql) -> {
                handler.apply(event, envelope, sql);
                return Uni.createFrom().voidItem();
            });
        }

        /** Handles every event of the type that has no handler of its own, reading before it writes. */
        public Of<E> onEveryAsync(AsyncEventHandler<E> handler) {
            Objects.requireNonNull(handler, "handler");
            Class<E> eventType = type.eventType();
            table.onEvery(type, (event, envelope, position, sql) -> handler.apply(eventType.cast(event), envelope,
                    sql));
            return this;
        }

        /** The handlers of another aggregate type's events, in the same projection. */
        public <F> Of<F> and(AggregateType<?, F, ?> other) {
            return new Of<>(table, other);
        }

        public ProjectionHandlers build() {
            return new ProjectionHandlers(table, null);
        }
    }
}
