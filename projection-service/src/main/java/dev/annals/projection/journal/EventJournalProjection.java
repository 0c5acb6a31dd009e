package dev.annals.projection.journal;

import dev.annals.consumer.LogPosition;
import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.consumer.Sql;
import dev.annals.core.envelope.EventEnvelope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;

/**
 * The event journal: every event of every aggregate type, one row each, unique on (type, id, version).
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
        return ProjectionHandlers.ofEveryType((type, event, envelope, position, sql) -> {
            record(sql, envelope, position);
            return Uni.createFrom().voidItem();
        });
    }

    private static void record(Sql sql, EventEnvelope envelope, LogPosition position) {
        // The row's position is drawn only once the journal's lock is held, and the lock is held until commit:
        // positions are then in commit order, so a reader that has seen position n never sees a smaller one
        // appear later, and a stream can resume from a position. Separate consumers (partitions) of this
        // projection wait for each other here; one lock per statement costs no extra round trip. The record's
        // partition and offset are kept beside it: a rebuild renumbers positions, not those.
        sql.exec("insert into events (aggregate_type, aggregate_id, version, event_type, time, data, command_id,"
                        + " command_offset, correlation_id, event_id, log_partition, log_offset, principal)"
                        // in a select list PostgreSQL cannot infer a parameter's type from the column: cast each
                        + " select $1::text, $2::text, $3::bigint, $4::text, $5::timestamptz, $6::text::jsonb,"
                        + " $7::text, $8::bigint, $9::text, $10::text, $11::integer, $12::bigint, $13::text"
                        + " from (select pg_advisory_xact_lock(hashtext('" + POSITION_LOCK + "'), 0)) serialized",
                envelope.aggregateType(), envelope.aggregateId(), envelope.aggregateVersion(),
                envelope.eventType(), envelope.time(), new String(envelope.data(), StandardCharsets.UTF_8),
                envelope.commandId(), envelope.commandOffset(), envelope.correlationId(), envelope.id(),
                position.partition(), position.offset(), envelope.principal().orElse(null));
    }
}
