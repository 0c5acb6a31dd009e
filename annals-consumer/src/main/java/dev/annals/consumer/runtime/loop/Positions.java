package dev.annals.consumer.runtime.loop;

import dev.annals.consumer.runtime.RunnerServices;
import dev.annals.consumer.runtime.checkpoint.Checkpoint;
import dev.annals.consumer.runtime.checkpoint.CheckpointStore;
import dev.annals.consumer.runtime.failure.Retrying;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Where a runner stands in each partition it holds: the checkpoint it read on assignment or wrote since. Kafka's
 * committed offsets are only informative: a position always comes from the database.
 */
public final class Positions {

    private static final Logger LOG = Logger.getLogger(Positions.class);

    private final String consumerName;
    private final RunnerServices services;
    private final Retrying retrying;
    private final Map<TopicPartition, Long> checkpointed = new ConcurrentHashMap<>();

    Positions(String consumerName, RunnerServices services, Retrying retrying) {
        this.consumerName = consumerName;
        this.services = services;
        this.retrying = retrying;
    }

    /** Reads (creating them at 0 if new) the partitions' checkpoints and seeks the consumer there. */
    public void seekToCheckpoints(KafkaConsumer<String, byte[]> kafka, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Checkpoint> checkpoints = retrying.await(() -> services.transactions()
                .inTransaction(sql -> CheckpointStore.prepare(sql, consumerName, partitions)));
        for (TopicPartition partition : partitions) {
            long offset = checkpoints.get(partition).kafkaOffset();
            kafka.seek(partition, offset);
            checkpointed.put(partition, offset);
        }
        LOG.debugf("consumer %s: partitions %s at %s", consumerName, partitions, checkpoints.values());
    }

    /** The partition's checkpoint, null if this runner does not know it. */
    public Long of(TopicPartition partition) {
        return checkpointed.get(partition);
    }

    /** Whether an entry is at or past its partition's checkpoint: not applied before. */
    public boolean isNew(BatchEntry entry) {
        return entry.offset() >= checkpointed.getOrDefault(entry.partition(), 0L);
    }

    /** Whether the partition's checkpoint is at {@code offset} or past it. */
    public boolean reached(TopicPartition partition, long offset) {
        Long at = checkpointed.get(partition);
        return at != null && at >= offset;
    }

    public void advanced(Map<TopicPartition, Long> positions) {
        checkpointed.putAll(positions);
    }

    void forget(Collection<TopicPartition> partitions) {
        checkpointed.keySet().removeAll(partitions);
    }
}
