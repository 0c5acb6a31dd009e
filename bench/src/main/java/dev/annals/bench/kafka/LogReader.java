package dev.annals.bench.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/** Reads committed records of a topic with a plain consumer, as any client of the log would. */
public final class LogReader {

    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    private final String bootstrapServers;

    public LogReader(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** The committed records between {@code from} and {@code to} (both per partition): how many, how big. */
    public LogSample sample(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        long[] records = {0};
        long[] bytes = {0};
        read(from, to, record -> {
            records[0]++;
            bytes[0] += Math.max(record.serializedKeySize(), 0) + Math.max(record.serializedValueSize(), 0);
            for (Header header : record.headers()) {
                bytes[0] += header.key().length() + (header.value() == null ? 0 : header.value().length);
            }
        });
        return new LogSample(records[0], records[0] == 0 ? 0 : (double) bytes[0] / records[0]);
    }

    /** Reads from {@code from} to {@code to}; returns how long that took, the plain client's pace. */
    public Duration readThrough(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to) {
        long start = System.nanoTime();
        read(from, to, record -> { });
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private void read(Map<TopicPartition, Long> from, Map<TopicPartition, Long> to,
                      Consumer<ConsumerRecord<byte[], byte[]>> each) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = List.copyOf(to.keySet());
            consumer.assign(partitions);
            partitions.forEach(p -> consumer.seek(p, from.getOrDefault(p, 0L)));
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < to.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("could not read up to " + to + " within " + TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < to.get(new TopicPartition(record.topic(), record.partition()))) {
                        each.accept(record);
                    }
                }
            }
        }
    }
}
