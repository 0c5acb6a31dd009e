package dev.annals.projection.state;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.consumer.Sql;
import dev.annals.core.AggregateType;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.json.DomainJson;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The current state of every aggregate of every type, folded with the type's own decider ({@code evolve}) and
 * stored as jsonb with its version. Each event must be the aggregate's next version.
 */
@ApplicationScoped
public class AggregateStateProjection implements Projection {

    public static final String NAME = "aggregate-state";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.builder()
                .onEveryType((type, event, envelope, position) -> fold(type, event, envelope)).build();
    }

    private static Uni<Void> fold(AggregateType<?, ?, ?> type, Object event, EventEnvelope envelope) {
        return Sql.rows("select state::text, version from aggregates where aggregate_type = ?1 and aggregate_id = ?2",
                        type.name(), envelope.aggregateId())
                .chain(rows -> {
                    String stored = rows.isEmpty() ? null : (String) rows.get(0)[0];
                    long version = rows.isEmpty() ? 0 : ((Number) rows.get(0)[1]).longValue();
                    if (version + 1 != envelope.aggregateVersion()) {
                        throw new IllegalStateException(type.name() + " " + envelope.aggregateId() + " is at version "
                                + version + "; " + envelope.eventType() + " v" + envelope.aggregateVersion()
                                + " is not its next event");
                    }
                    // the JSON travels as text: bound as jsonb, the client would store it as one JSON string
                    return Sql.update("insert into aggregates (aggregate_type, aggregate_id, version, state,"
                                    + " updated_at) values (?1, ?2, ?3, cast(cast(?4 as text) as jsonb), ?5)"
                                    + " on conflict (aggregate_type, aggregate_id) do update set"
                                    + " version = excluded.version, state = excluded.state,"
                                    + " updated_at = excluded.updated_at",
                            type.name(), envelope.aggregateId(), envelope.aggregateVersion(),
                            evolve(type, stored, event), OffsetDateTime.ofInstant(envelope.time(), ZoneOffset.UTC));
                })
                .replaceWithVoid();
    }

    /** The stored state (or the initial one) evolved by the event, as JSON. */
    static <C, E, S> String evolve(AggregateType<C, E, S> type, String stored, Object event) {
        S state = stored == null ? type.decider().initialState()
                : DomainJson.read(stored.getBytes(StandardCharsets.UTF_8), type.stateType());
        S next = type.decider().evolve(state, type.eventType().cast(event));
        return new String(DomainJson.write(next), StandardCharsets.UTF_8);
    }
}
