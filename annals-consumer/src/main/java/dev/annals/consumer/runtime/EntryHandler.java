package dev.annals.consumer.runtime;

import dev.annals.consumer.LogPosition;
import dev.annals.consumer.Sql;
import dev.annals.core.AggregateType;
import dev.annals.core.envelope.EventEnvelope;
import io.smallrye.mutiny.Uni;

/** What the runtime calls for one decoded event: a projection's or a reactor's handler, bound to it. */
@FunctionalInterface
interface EntryHandler {

    Uni<Void> apply(AggregateType<?, ?, ?> type, Object event, EventEnvelope envelope, LogPosition position, Sql sql);
}
