package dev.annals.query.consistency;

import dev.annals.core.consistency.ConsistencyToken.Position;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One request waiting for a projection: the positions it still needs, each crossed off when a checkpoint (read
 * from the table or announced by NOTIFY) reaches it. Complete once none is left.
 */
final class Waiting {

    private record Key(String aggregateType, int partition) {
    }

    private final String projection;
    private final List<Position> positions;
    private final Map<Key, Long> missing = new HashMap<>();
    private final CompletableFuture<Void> reached = new CompletableFuture<>();

    Waiting(String projection, List<Position> positions) {
        this.projection = projection;
        this.positions = List.copyOf(positions);
        positions.forEach(p -> missing.put(new Key(p.aggregateType(), p.partition()), p.commandOffset()));
    }

    String projection() {
        return projection;
    }

    List<Position> positions() {
        return positions;
    }

    synchronized void observe(String aggregateType, int partition, long commandOffset) {
        Key key = new Key(aggregateType, partition);
        Long needed = missing.get(key);
        if (needed != null && commandOffset >= needed) {
            missing.remove(key);
            if (missing.isEmpty()) {
                reached.complete(null);
            }
        }
    }

    void observe(List<PartitionReached> checkpoints) {
        checkpoints.forEach(c -> observe(c.aggregateType(), c.partition(), c.commandOffset()));
    }

    boolean isReached() {
        return reached.isDone();
    }

    /** Completes when every position is reached. */
    Uni<Void> reached() {
        return Uni.createFrom().emitter((UniEmitter<? super Void> emitter) ->
                reached.whenComplete((ignored, failure) -> emitter.complete(null)));
    }
}
