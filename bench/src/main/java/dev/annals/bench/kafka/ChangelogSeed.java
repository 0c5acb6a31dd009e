package dev.annals.bench.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongFunction;

/**
 * Fills the processor's changelog with many aggregates fast: copies of one real snapshot the processor wrote,
 * under new aggregate ids, in the partition the processor's own writes would use (the same key bytes, the same
 * default partitioner). A cold start restores them like any other; deciding a million commands to make them would
 * take the processor longer than the whole bench may run (figure 3 is its rate).
 */
public final class ChangelogSeed {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final String bootstrapServers;

    public ChangelogSeed(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** A committed snapshot of the changelog, to copy. */
    public byte[] template(String changelog) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(changelog, TIMEOUT).stream()
                    .map(info -> new TopicPartition(changelog, info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.value() != null) {
                        return record.value();
                    }
                }
            }
            throw new IllegalStateException(changelog + " has no snapshot to copy");
        }
    }

    /** Writes {@code snapshot} under the ids {@code id(from)} … {@code id(to - 1)}. */
    public void write(String changelog, byte[] snapshot, long from, long to, LongFunction<String> id) {
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024), new StringSerializer(), new ByteArraySerializer())) {
            AtomicReference<Exception> failure = new AtomicReference<>();
            for (long n = from; n < to; n++) {
                producer.send(new ProducerRecord<>(changelog, id.apply(n), snapshot), (metadata, error) -> {
                    if (error != null) {
                        failure.compareAndSet(null, error);
                    }
                });
            }
            producer.flush();
            if (failure.get() != null) {
                throw new IllegalStateException("a seeded snapshot could not be written", failure.get());
            }
        }
    }
}
