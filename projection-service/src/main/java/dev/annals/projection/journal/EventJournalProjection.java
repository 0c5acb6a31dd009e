package dev.annals.projection.journal;

import dev.annals.consumer.LogPosition;
import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.consumer.Sql;
import dev.annals.core.envelope.EventEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The event journal: every event of every aggregate type, one row each, unique on (type, id, version). A second
 * copy of the same version is an error, not an overwrite: it would mean an event was applied twice.
 * {@code position} numbers the rows in commit order, for query-service's streams of a whole type;
 * {@code log_partition} and {@code log_offset} say where each event's record is, which a rebuild keeps.
 */
@ApplicationScoped
public class EventJournalProjection implements Projection {

    public static final String NAME = "event-journal";

    /** Advisory lock (two-key form, apart from the consumer runtime's one-key locks) that orders positions. */
    static final String POSITION_LOCK = "annals.event-journal.position";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.builder()
                .onEveryType((type, event, envelope, position) -> record(envelope, position))
                .build();
    }

    private static Uni<Void> record(EventEnvelope envelope, LogPosition position) {
        // The row's position is drawn only once the journal's lock is held, and the lock is held until commit:
        // positions are then in commit order, so a reader that has seen position n never sees a smaller one
        // appear later, and a stream can resume from a position. Separate consumers (partitions) of this
        // projection wait for each other here; one lock per statement costs no extra round trip. The record's
        // partition and offset are kept beside it: a rebuild renumbers positions, not those.
        return Sql.update("insert into events (aggregate_type, aggregate_id, version, event_type, time, data,"
                        + " command_id, command_offset, correlation_id, event_id, log_partition, log_offset,"
                        + " principal)"
                        + " select cast(?1 as text), cast(?2 as text), cast(?3 as bigint), cast(?4 as text),"
                        + " cast(?5 as timestamptz), cast(cast(?6 as text) as jsonb), cast(?7 as text),"
                        + " cast(?8 as bigint), cast(?9 as text), cast(?10 as text), cast(?11 as integer),"
                        + " cast(?12 as bigint), cast(?13 as text)"
                        + " from (select pg_advisory_xact_lock(hashtext('" + POSITION_LOCK + "'), 0)) serialized",
                envelope.aggregateType(), envelope.aggregateId(), envelope.aggregateVersion(),
                envelope.eventType(), OffsetDateTime.ofInstant(envelope.time(), ZoneOffset.UTC),
                new String(envelope.data(), StandardCharsets.UTF_8), envelope.commandId(),
                envelope.commandOffset(), envelope.correlationId(), envelope.id(), position.partition(),
                position.offset(), envelope.principal().orElse(null)).replaceWithVoid();
    }
}
