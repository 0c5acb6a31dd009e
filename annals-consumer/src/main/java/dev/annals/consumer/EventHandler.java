package dev.annals.consumer;

import dev.annals.core.envelope.EventEnvelope;

/**
 * Applies one event to a read model by queueing SQL: {@code (deposited, event, sql) -> sql.exec("update ...", ...)}.
 * The runtime runs the batch's statements together before it commits. It may key its rows by any field of the
 * event ({@code event.userId()}), not only by {@code envelope.aggregateId()}. Throwing fails the batch: the event
 * is retried, and after the configured attempts it goes to the dead-letter topic.
 *
 * @param <E> the event record
 */
@FunctionalInterface
public interface EventHandler<E> {

    void apply(E event, EventEnvelope envelope, Sql sql);
}
