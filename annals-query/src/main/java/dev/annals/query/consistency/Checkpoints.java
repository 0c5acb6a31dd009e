package dev.annals.query.consistency;

import dev.annals.core.consistency.ConsistencyToken.Position;
import dev.annals.core.topic.Topics;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** Reads {@code annals_checkpoint}, which the consumer runtime writes in the same transaction as each read model. */
@ApplicationScoped
public class Checkpoints {

    private final Pool pool;

    Checkpoints(Pool pool) {
        this.pool = pool;
    }

    /** How far {@code projection} is in each partition the positions name, in the positions' order. */
    public Uni<List<PartitionReached>> reached(String projection, Collection<Position> positions) {
        List<Position> asked = List.copyOf(positions);
        String[] topics = asked.stream().map(p -> Topics.events(p.aggregateType())).toArray(String[]::new);
        Integer[] partitions = asked.stream().map(Position::partition).toArray(Integer[]::new);
        // one round trip for any number of positions: the arrays are unnested side by side
        return pool.preparedQuery("select t.topic, t.partition, coalesce(c.command_offset, -1)"
                        + " from unnest($2::text[], $3::int[]) with ordinality as t(topic, partition, n)"
                        + " left join public.annals_checkpoint c"
                        + " on c.consumer = $1 and c.topic = t.topic and c.partition = t.partition order by t.n")
                .execute(Tuple.of(projection, topics, partitions))
                .map(rows -> {
                    List<PartitionReached> reached = new ArrayList<>(asked.size());
                    int i = 0;
                    for (Row row : rows) {
                        reached.add(new PartitionReached(asked.get(i++).aggregateType(), row.getInteger(1),
                                row.getLong(2)));
                    }
                    return reached;
                });
    }
}
