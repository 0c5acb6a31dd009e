package dev.annals.consumer.runtime;

import dev.annals.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Partitions and end offsets through Kafka's Admin client, for lag and dead-letter counts. */
public final class EndOffsets implements AutoCloseable {

    private static final int TIMEOUT_MS = 5_000;

    private final Admin admin;

    EndOffsets(KafkaClients kafka) {
        admin = Admin.create(kafka.config("offsets-admin", Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, TIMEOUT_MS,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, TIMEOUT_MS)));
    }

    Admin admin() {
        return admin;
    }

    /** The last stable offset of every partition of the topics that exist (what read_committed can reach). */
    Map<TopicPartition, Long> committedEnds(Collection<String> topics) {
        return ends(partitions(topics), OffsetSpec.latest(), IsolationLevel.READ_COMMITTED);
    }

    /** How many records the topics hold: end minus start, summed. */
    long records(Collection<String> topics) {
        var partitions = partitions(topics);
        if (partitions.isEmpty()) {
            return 0;
        }
        Map<TopicPartition, Long> ends = ends(partitions, OffsetSpec.latest(), IsolationLevel.READ_UNCOMMITTED);
        Map<TopicPartition, Long> starts = ends(partitions, OffsetSpec.earliest(), IsolationLevel.READ_UNCOMMITTED);
        return ends.entrySet().stream().mapToLong(e -> e.getValue() - starts.getOrDefault(e.getKey(), 0L)).sum();
    }

    private Collection<TopicPartition> partitions(Collection<String> topics) {
        Map<TopicPartition, Boolean> partitions = new HashMap<>();
        for (var description : admin.describeTopics(topics).topicNameValues().entrySet()) {
            try {
                TopicDescription topic = description.getValue().get(TIMEOUT_MS, TimeUnit.MILLISECONDS);
                topic.partitions().forEach(p -> partitions.put(new TopicPartition(topic.name(), p.partition()), true));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException)) {
                    throw new IllegalStateException("cannot describe " + description.getKey() + ": " + e.getCause());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not describe " + description.getKey() + " in time");
            }
        }
        return partitions.keySet();
    }

    private Map<TopicPartition, Long> ends(Collection<TopicPartition> partitions, OffsetSpec spec,
                                           IsolationLevel isolation) {
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        partitions.forEach(partition -> request.put(partition, spec));
        try {
            Map<TopicPartition, Long> offsets = new HashMap<>();
            admin.listOffsets(request, new ListOffsetsOptions(isolation)).all().get(TIMEOUT_MS, TimeUnit.MILLISECONDS)
                    .forEach((partition, info) -> offsets.put(partition, info.offset()));
            return offsets;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot read end offsets from Kafka: " + e, e);
        }
    }

    @Override
    public void close() {
        admin.close(java.time.Duration.ofSeconds(5));
    }
}
