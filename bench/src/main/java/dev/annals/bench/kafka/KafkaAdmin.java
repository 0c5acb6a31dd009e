package dev.annals.bench.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.LogDirDescription;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.KafkaFuture;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TopicExistsException;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Collectors;

/** What the bench asks of the broker itself: end offsets, a consumer group's progress, a topic of its own. */
public final class KafkaAdmin implements AutoCloseable {

    private static final Duration POLL = Duration.ofMillis(20);

    private final Admin admin;

    public KafkaAdmin(String bootstrapServers) {
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    /** The last stable offset of every partition: only committed transactions are before it. */
    public Map<TopicPartition, Long> endOffsets(String topic) {
        return offsets(topic, OffsetSpec.latest());
    }

    /** The first offset the broker still holds of every partition. */
    public Map<TopicPartition, Long> startOffsets(String topic) {
        return offsets(topic, OffsetSpec.earliest());
    }

    private Map<TopicPartition, Long> offsets(String topic, OffsetSpec spec) {
        Map<TopicPartition, OffsetSpec> each = get(admin.describeTopics(List.of(topic)).allTopicNames())
                .get(topic).partitions().stream()
                .collect(Collectors.toMap(p -> new TopicPartition(topic, p.partition()), p -> spec));
        return get(admin.listOffsets(each, new ListOffsetsOptions(
                IsolationLevel.READ_COMMITTED)).all()).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
    }

    /** The topics whose names start with {@code prefix} and end with {@code suffix}. */
    public Set<String> topics(String prefix, String suffix) {
        return get(admin.listTopics().names()).stream()
                .filter(name -> name.startsWith(prefix) && name.endsWith(suffix))
                .collect(Collectors.toSet());
    }

    /**
     * The bytes of {@code topic}'s log segments on the brokers' disks, every replica of every partition
     * ({@code describeLogDirs}; the segments' index files are not counted).
     */
    public long logBytes(String topic) {
        Collection<Integer> brokers = get(admin.describeCluster().nodes()).stream().map(Node::id).toList();
        Map<Integer, Map<String, LogDirDescription>> dirs = get(admin.describeLogDirs(brokers).allDescriptions());
        return dirs.values().stream().flatMap(byDir -> byDir.values().stream())
                .flatMap(dir -> dir.replicaInfos().entrySet().stream())
                .filter(replica -> replica.getKey().topic().equals(topic))
                .mapToLong(replica -> replica.getValue().size())
                .sum();
    }

    public int partitions(String topic) {
        return get(admin.describeTopics(List.of(topic)).allTopicNames()).get(topic).partitions().size();
    }

    public void createTopic(String name, int partitions) {
        try {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create topic " + name, e.getCause());
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot create topic " + name, e);
        }
    }

    /**
     * Waits until consumer group {@code group} has committed, on every partition of {@code topic}, the offsets
     * the topic had when this was called: everything written before is processed. The processor commits its
     * input offsets in the same transaction as its output, so this also means the output is visible.
     */
    public void awaitConsumed(String group, String topic, Duration timeout) {
        Map<TopicPartition, Long> ends = endOffsets(topic);
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    get(admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata());
            boolean done = ends.entrySet().stream().allMatch(end -> end.getValue() == 0
                    || (committed.get(end.getKey()) != null
                    && committed.get(end.getKey()).offset() >= end.getValue()));
            if (done) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(group + " did not consume " + topic + " up to " + ends + " within "
                        + timeout + "; it is at " + committed);
            }
            // a remote group's progress: the broker has nothing to notify us with
            LockSupport.parkNanos(POLL.toNanos());
        }
    }

    private static <T> T get(KafkaFuture<T> future) {
        try {
            return future.get(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("Kafka admin call failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka admin call took more than 30 s", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
