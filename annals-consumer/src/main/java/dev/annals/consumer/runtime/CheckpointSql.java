package dev.annals.consumer.runtime;

import dev.annals.consumer.Sql;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The checkpoint statements of a batch, run in the batch's own transaction. */
final class CheckpointSql {

    static final String CHANNEL = "annals_checkpoint";

    private CheckpointSql() {
    }

    /** Creates the rows a consumer lacks (offset 0) and answers all of them: run on partition assignment. */
    static Uni<Map<TopicPartition, Checkpoint>> prepare(String consumer, Collection<TopicPartition> partitions) {
        Uni<Void> inserts = Uni.createFrom().voidItem();
        for (TopicPartition partition : partitions) {
            inserts = inserts.chain(() -> Sql.update("insert into public.annals_checkpoint"
                            + " (consumer, topic, partition, kafka_offset, command_offset) values (?1, ?2, ?3, 0, -1)"
                            + " on conflict do nothing", consumer, partition.topic(), partition.partition()))
                    .replaceWithVoid();
        }
        return inserts.chain(() -> read(consumer, partitions, false));
    }

    /**
     * Locks the rows of the batch's partitions until commit: another instance that was given the same partition
     * in a rebalance waits here, then sees what this batch applied and skips it.
     */
    static Uni<Map<TopicPartition, Checkpoint>> lock(String consumer, Collection<TopicPartition> partitions) {
        return read(consumer, partitions, true);
    }

    private static Uni<Map<TopicPartition, Checkpoint>> read(String consumer, Collection<TopicPartition> partitions,
                                                            boolean forUpdate) {
        StringBuilder sql = new StringBuilder("select topic, partition, kafka_offset, command_offset"
                + " from public.annals_checkpoint where consumer = ?1 and (");
        List<Object> parameters = new ArrayList<>();
        parameters.add(consumer);
        int index = 2;
        for (TopicPartition partition : partitions) {
            if (index > 2) {
                sql.append(" or ");
            }
            sql.append("(topic = ?").append(index++).append(" and partition = ?").append(index++).append(')');
            parameters.add(partition.topic());
            parameters.add(partition.partition());
        }
        sql.append(") order by topic, partition").append(forUpdate ? " for update" : "");
        return Sql.rows(sql.toString(), parameters.toArray()).map(rows -> {
            Map<TopicPartition, Checkpoint> checkpoints = new HashMap<>();
            for (Object[] row : rows) {
                Checkpoint checkpoint = new Checkpoint((String) row[0], ((Number) row[1]).intValue(),
                        ((Number) row[2]).longValue(), ((Number) row[3]).longValue());
                checkpoints.put(checkpoint.topicPartition(), checkpoint);
            }
            return checkpoints;
        });
    }

    /** Moves a checkpoint forward; never back, whatever a late batch of a previous owner says. */
    static Uni<Void> advance(String consumer, Checkpoint checkpoint) {
        return Sql.update("insert into public.annals_checkpoint as c"
                        + " (consumer, topic, partition, kafka_offset, command_offset, updated_at)"
                        + " values (?1, ?2, ?3, ?4, ?5, now()) on conflict (consumer, topic, partition) do update set"
                        + " kafka_offset = greatest(c.kafka_offset, excluded.kafka_offset),"
                        + " command_offset = greatest(c.command_offset, excluded.command_offset), updated_at = now()",
                consumer, checkpoint.topic(), checkpoint.partition(), checkpoint.kafkaOffset(),
                checkpoint.commandOffset()).replaceWithVoid();
    }

    /** Queued now, delivered by PostgreSQL when the transaction commits, so waiting readers wake at once. */
    static Uni<Void> notifyCommitted(String consumer, Checkpoint checkpoint) {
        return Sql.column("select count(*) from (select pg_notify(?1, ?2)) n", Long.class, CHANNEL,
                notification(consumer, checkpoint)).replaceWithVoid();
    }

    /** {@code {"consumer":"bank-accounts","topic":"annals.bank-account.events","partition":3,"commandOffset":41}} */
    static String notification(String consumer, Checkpoint checkpoint) {
        return "{\"consumer\":\"" + consumer + "\",\"topic\":\"" + checkpoint.topic() + "\",\"partition\":"
                + checkpoint.partition() + ",\"commandOffset\":" + checkpoint.commandOffset() + ",\"kafkaOffset\":"
                + checkpoint.kafkaOffset() + "}";
    }

    /** Waits for a rebuild's swap to finish (it takes the same lock exclusively) and keeps it out until commit. */
    static Uni<Void> shareProjectionLock(String projection) {
        return Sql.column("select count(*) from (select pg_advisory_xact_lock_shared(hashtext(?1))) l", Long.class,
                ProjectionLocks.key(projection)).replaceWithVoid();
    }

    /** Points unqualified table names at the generation in service and answers it. */
    static Uni<Integer> useServingGeneration(String projection, String schemaPrefix) {
        return Sql.column("select generation from public.annals_projection where name = ?1", Integer.class, projection)
                .chain(generations -> {
                    if (generations.isEmpty()) {
                        return Uni.createFrom().failure(new IllegalStateException("projection " + projection
                                + " is not registered in annals_projection"));
                    }
                    int generation = generations.get(0);
                    return useSchema(schemaPrefix + generation).replaceWith(generation);
                });
    }

    static Uni<Void> useSchema(String schema) {
        return Sql.column("select set_config('search_path', ?1, true)", String.class, schema).replaceWithVoid();
    }
}
