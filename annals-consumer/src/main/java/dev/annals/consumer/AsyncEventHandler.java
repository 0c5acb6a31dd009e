package dev.annals.consumer;

import dev.annals.core.envelope.EventEnvelope;
import io.smallrye.mutiny.Uni;

/**
 * The reactive form of {@link EventHandler}, for a handler that must read before it writes:
 * {@code sql.query(...).invoke(rows -> sql.exec(...))}. Prefer {@link EventHandler} when the handler only writes:
 * its statements are sent with the whole batch's.
 *
 * @param <E> the event record
 */
@FunctionalInterface
public interface AsyncEventHandler<E> {

    Uni<Void> apply(E event, EventEnvelope envelope, Sql sql);
}
