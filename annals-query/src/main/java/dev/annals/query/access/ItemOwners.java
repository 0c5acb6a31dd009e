package dev.annals.query.access;

import dev.annals.query.consistency.ReadModel;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;

import java.util.Optional;

/** Whose one item of a read model is, as the model declares ({@link Ownership}). */
@ApplicationScoped
class ItemOwners {

    private final Pool pool;
    private final Instance<AggregateOwners> aggregates;

    ItemOwners(Pool pool, Instance<AggregateOwners> aggregates) {
        this.pool = pool;
        this.aggregates = aggregates;
    }

    /**
     * The owner of the item {@code key} of {@code model} (an aggregate of {@code type} where the items are
     * aggregates); empty when there is no such item, or nobody owns it.
     */
    Uni<Optional<String>> ownerOf(ReadModel model, String type, String key) {
        return switch (model.ownership()) {
            case Ownership.Column column -> pool.preparedQuery(column.query()).execute(Tuple.of(key))
                    .map(rows -> rows.size() == 0 ? Optional.empty()
                            : Optional.ofNullable(rows.iterator().next().getString(0)));
            case Ownership.Key ignored -> Uni.createFrom().item(Optional.of(key));
            case Ownership.Aggregate ignored -> aggregates.isResolvable() ? aggregates.get().ownerOf(type, key)
                    : Uni.createFrom().failure(new IllegalStateException(model.projection() + "'s items are "
                    + "aggregates, and this service has no AggregateOwners bean to find whose they are"));
            case Ownership.Nobody ignored -> Uni.createFrom().item(Optional.empty());
            case Ownership.Shared ignored -> Uni.createFrom().item(Optional.empty());
        };
    }
}
