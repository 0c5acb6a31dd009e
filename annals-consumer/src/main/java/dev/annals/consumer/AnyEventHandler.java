package dev.annals.consumer;

import dev.annals.core.AggregateType;
import dev.annals.core.envelope.EventEnvelope;
import io.smallrye.mutiny.Uni;

/**
 * Applies any event of any aggregate type the service knows: for generic read models such as an event journal.
 * {@code event} is the decoded domain record, an instance of {@code type.eventType()}; {@code position} is where
 * its record is in the log, for read models that must name an event's place (a journal that streams from it).
 * Reactive, since such a model may read before it writes; one that only writes queues with {@code sql.exec} and
 * answers {@code Uni.createFrom().voidItem()}.
 */
@FunctionalInterface
public interface AnyEventHandler {

    Uni<Void> apply(AggregateType<?, ?, ?> type, Object event, EventEnvelope envelope, LogPosition position, Sql sql);
}
