package dev.annals.consumer;

import dev.annals.core.envelope.EventEnvelope;

import java.util.List;

/**
 * The commands one event causes, as a pure function — a saga's {@code react: event -> commands}. The runtime sends
 * them in order with keys derived from the event; a command refused by its aggregate is logged and counted, and
 * the reactor goes on (a reaction that must decide about a refusal is a {@link ReactionHandler}).
 *
 * @param <E> the event record
 */
@FunctionalInterface
public interface ReactionRule<E> {

    List<Send> apply(E event, EventEnvelope envelope);
}
