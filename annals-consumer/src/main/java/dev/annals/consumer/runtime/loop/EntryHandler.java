package dev.annals.consumer.runtime.loop;

import dev.annals.consumer.LogPosition;
import dev.annals.consumer.Sql;
import dev.annals.core.AggregateType;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.envelope.TraceContext;
import io.smallrye.mutiny.Uni;

import java.util.Optional;

/**
 * What the runtime calls for one decoded event: a projection's or a reactor's handler, bound to it. {@code trace}
 * is the span of its handling, which a reactor's commands continue.
 */
@FunctionalInterface
public interface EntryHandler {

    Uni<Void> apply(AggregateType<?, ?, ?> type, Object event, EventEnvelope envelope, LogPosition position, Sql sql,
                    Optional<TraceContext> trace);
}
