package dev.annals.consumer;

import dev.annals.core.envelope.EventEnvelope;
import io.smallrye.mutiny.Uni;

/**
 * Applies one event to a read model, inside the batch's transaction. It may key its rows by any field of the
 * event ({@code event.userId()}), not only by {@code envelope.aggregateId()}. A failure rolls the batch back; it
 * is retried, and after the configured attempts the event goes to the dead-letter topic.
 *
 * @param <E> the event record
 */
@FunctionalInterface
public interface EventHandler<E> {

    Uni<Void> apply(E event, EventEnvelope envelope);
}
