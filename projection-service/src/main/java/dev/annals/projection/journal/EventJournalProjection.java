package dev.annals.projection.journal;

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
 */
@ApplicationScoped
public class EventJournalProjection implements Projection {

    public static final String NAME = "event-journal";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.builder()
                .onEveryType((type, event, envelope) -> record(envelope))
                .build();
    }

    private static Uni<Void> record(EventEnvelope envelope) {
        return Sql.update("insert into events (aggregate_type, aggregate_id, version, event_type, time, data,"
                        + " command_id, command_offset, correlation_id, event_id)"
                        + " values (?1, ?2, ?3, ?4, ?5, cast(cast(?6 as text) as jsonb), ?7, ?8, ?9, ?10)",
                envelope.aggregateType(), envelope.aggregateId(), envelope.aggregateVersion(),
                envelope.eventType(), OffsetDateTime.ofInstant(envelope.time(), ZoneOffset.UTC),
                new String(envelope.data(), StandardCharsets.UTF_8), envelope.commandId(),
                envelope.commandOffset(), envelope.correlationId(), envelope.id()).replaceWithVoid();
    }
}
