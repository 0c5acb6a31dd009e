package dev.annals.command.testing;

import dev.annals.command.wire.KafkaHeaderMaps;
import dev.annals.core.envelope.CloudEventCodec;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.topic.Topics;
import dev.annals.devstack.testing.SharedInfrastructure;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Reads an events topic straight from the broker, as any Kafka client would: what the tests check the REST
 * answers against.
 */
public final class EventLog {

    private EventLog() {
    }

    /** Every committed event of the type, in partition order. */
    public static List<EventEnvelope> read(String type) {
        return records(Topics.events(type)).stream()
                .map(record -> CloudEventCodec.decode(KafkaHeaderMaps.toMap(record.headers()), record.value()))
                .toList();
    }

    /** Every committed record of any topic, in partition order. */
    public static List<ConsumerRecord<String, byte[]>> records(String topic) {
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            List<TopicPartition> partitions = partitionsOf(consumer, topic);
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, byte[]>> records = new ArrayList<>();
            while (partitions.stream().anyMatch(partition -> consumer.position(partition) < end.get(partition))) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
            return records;
        }
    }

    /** The events of one aggregate, in order. */
    public static List<EventEnvelope> of(String type, String aggregateId) {
        return read(type).stream().filter(event -> event.aggregateId().equals(aggregateId)).toList();
    }

    /** Sum of the end offsets of the type's events topic: changes with every record written. */
    public static long endOffsets(String type) {
        String topic = Topics.events(type);
        try (KafkaConsumer<String, byte[]> consumer = consumer()) {
            return consumer.endOffsets(partitionsOf(consumer, topic)).values().stream()
                    .mapToLong(Long::longValue).sum();
        }
    }

    /** Every partition of a topic. */
    public static List<TopicPartition> partitionsOf(Consumer<?, ?> consumer, String topic) {
        return consumer.partitionsFor(topic).stream()
                .map(info -> new TopicPartition(topic, info.partition())).toList();
    }

    private static KafkaConsumer<String, byte[]> consumer() {
        return new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.endpoints().kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new ByteArrayDeserializer());
    }
}
