package dev.annals.consumer;

import dev.annals.core.AggregateType;
import dev.annals.core.envelope.EventEnvelope;
import io.smallrye.mutiny.Uni;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The handlers of a reactor, by aggregate type and event class, and of its deadlines by name:
 *
 * <pre>{@code
 * ReactorHandlers.of(FoodOrderType.TYPE)
 *         .on(PaymentInitiated.class, (initiated, event, react) -> react.call("charge", key -> ...)
 *                 .chain(answer -> react.send(Send.to(FoodOrderType.TYPE, event.aggregateId(), ...)))
 *                 .replaceWithVoid())
 *         .onDeadline("payment-timeout", (deadline, react) -> ...)
 *         .build();
 * }</pre>
 *
 * As for a projection, the reactor claims every aggregate type it names, and every event of it passes the version
 * rule before its handler: each aggregate's events reach it in version order, once each.
 */
public final class ReactorHandlers {

    /** What the runtime calls: any event handler of the reactor, bound to its event class. */
    @FunctionalInterface
    public interface Bound {
        Uni<Void> apply(Object event, EventEnvelope envelope, Reaction react);
    }

    private static final Pattern DEADLINE_NAME = Pattern.compile("[a-z][a-z0-9-]{0,63}");

    private final HandlerTable<Bound> table;
    private final Map<String, DeadlineHandler> deadlines;

    private ReactorHandlers(HandlerTable<Bound> table, Map<String, DeadlineHandler> deadlines) {
        this.table = table.frozen();
        this.deadlines = Map.copyOf(deadlines);
    }

    /** Handlers of the events of {@code type}; {@link Of#and} adds another type. */
    public static <E> Of<E> of(AggregateType<?, E, ?> type) {
        return new Of<>(new HandlerTable<>(), new LinkedHashMap<>(), type);
    }

    /** The aggregate types the reactor names, by name. */
    public Map<String, AggregateType<?, ?, ?>> types() {
        return table.types();
    }

    /** The handler for one decoded event of {@code type}, if the reactor has one. */
    public Optional<Bound> handlerFor(AggregateType<?, ?, ?> type, Object event) {
        return table.handlerFor(type, event);
    }

    /** The names of the deadlines the reactor has handlers for. */
    public Set<String> deadlineNames() {
        return deadlines.keySet();
    }

    /** The handler of the deadlines named {@code name}, if the reactor has one. */
    public Optional<DeadlineHandler> deadlineHandler(String name) {
        return Optional.ofNullable(deadlines.get(name));
    }

    /** The reactor's handlers of one aggregate type's events, being built. */
    public static final class Of<E> {

        private final HandlerTable<Bound> table;
        private final Map<String, DeadlineHandler> deadlines;
        private final AggregateType<?, E, ?> type;

        private Of(HandlerTable<Bound> table, Map<String, DeadlineHandler> deadlines, AggregateType<?, E, ?> type) {
            this.table = table;
            this.deadlines = deadlines;
            this.type = Objects.requireNonNull(type, "type");
            table.claim(type);
        }

        /** Reacts to one event class. */
        public <T extends E> Of<E> on(Class<T> eventClass, ReactionHandler<T> handler) {
            Objects.requireNonNull(handler, "handler");
            table.onEvent(type, eventClass, (event, envelope, react) ->
                    handler.apply(eventClass.cast(event), envelope, react));
            return this;
        }

        /** Sends the commands one event class causes, decided by a pure function. */
        public <T extends E> Of<E> sends(Class<T> eventClass, ReactionRule<T> rule) {
            Objects.requireNonNull(rule, "rule");
            return on(eventClass, (event, envelope, react) -> sendAll(rule.apply(event, envelope), react));
        }

        /** Reacts to every event of the type that has no handler of its own. */
        public Of<E> onEvery(ReactionHandler<E> handler) {
            Objects.requireNonNull(handler, "handler");
            Class<E> eventType = type.eventType();
            table.onEvery(type, (event, envelope, react) -> handler.apply(eventType.cast(event), envelope, react));
            return this;
        }

        /** Runs when a deadline of this name (scheduled with {@link Reaction#schedule}) comes. */
        public Of<E> onDeadline(String name, DeadlineHandler handler) {
            if (name == null || !DEADLINE_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a deadline name is lower-case kebab-case, not " + name);
            }
            if (deadlines.putIfAbsent(name, Objects.requireNonNull(handler, "handler")) != null) {
                throw new IllegalArgumentException("two handlers for deadline " + name);
            }
            return this;
        }

        /** The handlers of another aggregate type's events, in the same reactor. */
        public <F> Of<F> and(AggregateType<?, F, ?> other) {
            return new Of<>(table, deadlines, other);
        }

        public ReactorHandlers build() {
            return new ReactorHandlers(table, deadlines);
        }

        private static Uni<Void> sendAll(List<Send> sends, Reaction react) {
            Uni<Void> sent = Uni.createFrom().voidItem();
            for (Send send : List.copyOf(sends)) {
                sent = sent.chain(() -> react.send(send)).replaceWithVoid();
            }
            return sent;
        }
    }
}
