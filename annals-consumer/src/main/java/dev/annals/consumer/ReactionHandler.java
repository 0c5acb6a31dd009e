package dev.annals.consumer;

import dev.annals.core.envelope.EventEnvelope;
import io.smallrye.mutiny.Uni;

/**
 * Reacts to one event: {@code (initiated, event, react) -> react.call(...).chain(answer -> react.send(...))}. The
 * reactor's checkpoint moves past the event once the returned {@code Uni} succeeds; a failure is retried, and
 * after the configured attempts the event goes to the dead-letter topic.
 *
 * @param <E> the event record
 */
@FunctionalInterface
public interface ReactionHandler<E> {

    Uni<Void> apply(E event, EventEnvelope envelope, Reaction react);
}
