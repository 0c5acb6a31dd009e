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

/**
 * The current state of every aggregate of every type, folded with the type's own decider ({@code evolve}) and
 * stored as jsonb with its version. It reads the stored state before it writes the next, so its handler is the
 * reactive kind; the runtime's version rule has made sure the event is the aggregate's next.
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
        return ProjectionHandlers.ofEveryType((type, event, envelope, position, sql) -> fold(sql, type, event,
                envelope));
    }

    private static Uni<Void> fold(Sql sql, AggregateType<?, ?, ?> type, Object event, EventEnvelope envelope) {
        return sql.query("select state::text from aggregates where aggregate_type = $1 and aggregate_id = $2",
                        type.name(), envelope.aggregateId())
                .invoke(rows -> {
                    String stored = rows.isEmpty() ? null : rows.getFirst().getString(0);
                    // the JSON travels as text: bound as jsonb, the client would store it as one JSON string
                    sql.exec("insert into aggregates (aggregate_type, aggregate_id, version, state, updated_at)"
                                    + " values ($1, $2, $3, $4::text::jsonb, $5)"
                                    + " on conflict (aggregate_type, aggregate_id) do update set"
                                    + " version = excluded.version, state = excluded.state,"
                                    + " updated_at = excluded.updated_at",
                            type.name(), envelope.aggregateId(), envelope.aggregateVersion(),
                            evolve(type, stored, event), envelope.time());
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
