package dev.annals.query.state;

import dev.annals.core.AggregateType;
import dev.annals.core.AggregateTypes;
import dev.annals.query.access.AggregateOwners;
import dev.annals.query.api.AggregatePath;
import dev.annals.query.api.DomainValues;
import dev.annals.query.consistency.ReadModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads {@code aggregate_state.aggregates}: every aggregate's current state, written by projection-service; and so
 * whose each aggregate is, for the read side's access rule.
 */
@ApplicationScoped
public class AggregateStates implements AggregateOwners {

    /** The projection that writes the states. */
    public static final String PROJECTION = "aggregate-state";

    /**
     * The states, each aggregate its owner's as its type says: what the generic routes of an aggregate (its state,
     * history, time travel, stream) are read by.
     */
    @Produces
    public static final ReadModel MODEL = ReadModel.ofEveryType(PROJECTION).itemsOwnedByTheirAggregate();

    /** A stored state: its JSON text and the version it is at. */
    public record Stored(String state, long version) {
    }

    private final Pool pool;
    private final AggregateTypes types;

    AggregateStates(Pool pool, AggregateTypes types) {
        this.pool = pool;
        this.types = types;
    }

    /** One aggregate of a listing: its id, version and when it last changed. */
    public record Listed(String id, long version, OffsetDateTime updatedAt) {
    }

    /**
     * Up to {@code limit} aggregates of the type in id order, after {@code after} (from the first when null). The
     * primary key is (type, id), so a page is an index range however far into the type it is.
     */
    public Uni<List<Listed>> list(String type, String after, int limit) {
        return pool.preparedQuery("select aggregate_id, version, updated_at from aggregate_state.aggregates"
                        + " where aggregate_type = $1 and aggregate_id > $2 order by aggregate_id limit $3")
                .execute(Tuple.of(type, after == null ? "" : after, limit))
                .map(rows -> {
                    List<Listed> listed = new ArrayList<>();
                    rows.forEach(row -> listed.add(new Listed(row.getString(0), row.getLong(1),
                            row.getOffsetDateTime(2))));
                    return listed;
                });
    }

    @Override
    public Uni<Optional<String>> ownerOf(String type, String id) {
        Optional<AggregateType<?, ?, ?>> known = types.find(type);
        if (known.isEmpty() || !known.get().hasOwner()) {
            return Uni.createFrom().item(Optional.empty());
        }
        return find(new AggregatePath(known.get(), id))
                .map(stored -> stored.flatMap(state -> owner(known.get(), state.state())));
    }

    private static <S> Optional<String> owner(AggregateType<?, ?, S> type, String state) {
        return type.ownerOf(DomainValues.state(type, state));
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
