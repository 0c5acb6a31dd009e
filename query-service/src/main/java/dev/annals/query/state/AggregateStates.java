package dev.annals.query.state;

import dev.annals.query.api.AggregatePath;
import dev.annals.query.consistency.ReadModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Optional;

/** Reads {@code aggregate_state.aggregates}: every aggregate's current state, written by projection-service. */
@ApplicationScoped
public class AggregateStates {

    /** The projection that writes the states. */
    public static final ReadModel MODEL = ReadModel.ofEveryType("aggregate-state");

    /** A stored state: its JSON text and the version it is at. */
    public record Stored(String state, long version) {
    }

    private final Pool pool;

    AggregateStates(Pool pool) {
        this.pool = pool;
    }

    public Uni<Optional<Stored>> find(AggregatePath aggregate) {
        return pool.preparedQuery("select state::text, version from aggregate_state.aggregates"
                        + " where aggregate_type = $1 and aggregate_id = $2")
                .execute(Tuple.of(aggregate.typeName(), aggregate.id()))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return Optional.empty();
                    }
                    Row row = rows.iterator().next();
                    return Optional.of(new Stored(row.getString(0), row.getLong(1)));
                });
    }
}
