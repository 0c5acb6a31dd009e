package dev.annals.consumer.runtime.checkpoint;

import dev.annals.consumer.Sql;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Row;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The checkpoint statements of a batch, run in the batch's own transaction. */
public final class CheckpointStore {

    static final String CHANNEL = "annals_checkpoint";

    private CheckpointStore() {
    }

    /** Creates the rows a consumer lacks (offset 0) and answers all of them: run on partition assignment. */
    public static Uni<Map<TopicPartition, Checkpoint>> prepare(Sql sql, String consumer,
                                                        Collection<TopicPartition> partitions) {
        for (TopicPartition partition : partitions) {
            sql.exec("insert into public.annals_checkpoint (consumer, topic, partition, kafka_offset, command_offset)"
                    + " values ($1, $2, $3, 0, -1) on conflict do nothing", consumer, partition.topic(),
                    partition.partition());
        }
        return read(sql, consumer, partitions, false);
    }

    /**
     * Locks the rows of the batch's partitions until commit: another instance that was given the same partition
     * in a rebalance waits here, then sees what this batch applied and skips it.
     */
    public static Uni<Map<TopicPartition, Checkpoint>> lock(Sql sql, String consumer, Collection<TopicPartition> partitions) {
        return read(sql, consumer, partitions, true);
    }

    private static Uni<Map<TopicPartition, Checkpoint>> read(Sql sql, String consumer,
                                                            Collection<TopicPartition> partitions,
                                                            boolean forUpdate) {
        List<String> topics = new ArrayList<>(partitions.size());
        List<Integer> numbers = new ArrayList<>(partitions.size());
        for (TopicPartition partition : partitions) {
            topics.add(partition.topic());
            numbers.add(partition.partition());
        }
        return sql.query("select c.topic, c.partition, c.kafka_offset, c.command_offset"
                        + " from public.annals_checkpoint c join unnest($2::text[], $3::int[]) p (topic, partition)"
                        + " on c.topic = p.topic and c.partition = p.partition where c.consumer = $1"
                        + " order by c.topic, c.partition" + (forUpdate ? " for update of c" : ""),
                        consumer, topics.toArray(String[]::new), numbers.toArray(Integer[]::new))
                .map(rows -> {
                    Map<TopicPartition, Checkpoint> checkpoints = new HashMap<>();
                    for (Row row : rows) {
                        Checkpoint checkpoint = new Checkpoint(row.getString(0), row.getInteger(1), row.getLong(2),
                                row.getLong(3));
                        checkpoints.put(checkpoint.topicPartition(), checkpoint);
                    }
                    return checkpoints;
                });
    }

    /** Moves a checkpoint forward; never back, whatever a late batch of a previous owner says. */
    static void advance(Sql sql, String consumer, Checkpoint checkpoint) {
        sql.exec("insert into public.annals_checkpoint as c"
                        + " (consumer, topic, partition, kafka_offset, command_offset, updated_at)"
                        + " values ($1, $2, $3, $4, $5, now()) on conflict (consumer, topic, partition) do update set"
                        + " kafka_offset = greatest(c.kafka_offset, excluded.kafka_offset),"
                        + " command_offset = greatest(c.command_offset, excluded.command_offset), updated_at = now()",
                consumer, checkpoint.topic(), checkpoint.partition(), checkpoint.kafkaOffset(),
                checkpoint.commandOffset());
    }

    /**
     * The checkpoints of a batch that was applied (or reacted to) under the lock of {@code stored}: each partition
     * moves to its position and to the last command all of whose events it applied; {@code notify}: waiting readers
     * of the serving tables are told at commit (a rebuild's are not theirs yet).
     */
    public static void advanceAll(Sql sql, String consumer, Map<TopicPartition, Long> positions,
                           Map<TopicPartition, Checkpoint> stored, Map<TopicPartition, Long> commandOffsets,
                           boolean notify) {
        for (var position : positions.entrySet()) {
            TopicPartition partition = position.getKey();
            Checkpoint before = stored.get(partition);
            Checkpoint after = new Checkpoint(partition.topic(), partition.partition(),
                    Math.max(position.getValue(), before == null ? 0 : before.kafkaOffset()),
                    Math.max(commandOffsets.getOrDefault(partition, Checkpoint.NO_COMMAND),
                            before == null ? Checkpoint.NO_COMMAND : before.commandOffset()));
            advance(sql, consumer, after);
            if (notify) {
                notifyCommitted(sql, consumer, after);
            }
        }
    }

    /** Queued now, delivered by PostgreSQL when the transaction commits, so waiting readers wake at once. */
    static void notifyCommitted(Sql sql, String consumer, Checkpoint checkpoint) {
        sql.exec("select pg_notify($1, $2)", CHANNEL, notification(consumer, checkpoint));
    }

    /** {@code {"consumer":"bank-accounts","topic":"annals.bank-account.events","partition":3,"commandOffset":41}} */
    public static String notification(String consumer, Checkpoint checkpoint) {
        return "{\"consumer\":\"" + consumer + "\",\"topic\":\"" + checkpoint.topic() + "\",\"partition\":"
                + checkpoint.partition() + ",\"commandOffset\":" + checkpoint.commandOffset() + ",\"kafkaOffset\":"
                + checkpoint.kafkaOffset() + "}";
    }

    /** Waits for a rebuild's swap to finish (it takes the same lock exclusively) and keeps it out until commit. */
    public static void shareProjectionLock(Sql sql, String projection) {
        sql.exec("select pg_advisory_xact_lock_shared(hashtext($1))", ConsumerLocks.key(projection));
    }

    /** Points unqualified table names at the generation in service. */
    public static void useServingGeneration(Sql sql, String projection, String schemaPrefix) {
        sql.exec("select set_config('search_path', $2 || generation, true) from public.annals_projection"
                        + " where name = $1", projection, schemaPrefix)
                .expectRows(1, () -> "projection " + projection + " is not registered in annals_projection");
    }

    public static void useSchema(Sql sql, String schema) {
        sql.exec("select set_config('search_path', $1, true)", schema);
    }
}
