package dev.annals.bench.kafka;

import dev.annals.core.envelope.CommandCodec;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.envelope.EncodedRecord;
import dev.annals.core.topic.Topics;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Writes commands straight to {@code annals.<type>.commands}, in the gateway's wire format, as fast as a producer
 * can: a backlog the command processor then works through at its own pace, which measures the processor without
 * the HTTP gateway in front of it, and fills the aggregate store with a million aggregates in seconds, not hours.
 * Nobody waits for the replies.
 */
public final class CommandBacklog implements AutoCloseable {

    private final KafkaProducer<String, byte[]> producer;
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    public CommandBacklog(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.CLIENT_ID_CONFIG, "annals-bench-backlog",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 5,
                ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
                ProducerConfig.COMPRESSION_TYPE_CONFIG, "none"),
                new StringSerializer(), new ByteArraySerializer());
    }

    public void send(String aggregateType, String aggregateId, String commandName, String json) {
        String id = UUID.randomUUID().toString();
        CommandEnvelope command = new CommandEnvelope(id, aggregateType, aggregateId, commandName, Optional.empty(),
                OptionalLong.empty(), id, "bench", json.getBytes(StandardCharsets.UTF_8));
        EncodedRecord encoded = CommandCodec.encode(command);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.commands(aggregateType), aggregateId,
                encoded.value());
        encoded.headers().forEach((name, value) -> record.headers().add(new RecordHeader(name, value)));
        producer.send(record, (metadata, error) -> {
            if (error != null) {
                failure.compareAndSet(null, error);
            }
        });
    }

    /** Waits until every command sent is in the log; fails if any could not be written. */
    public void flush() {
        producer.flush();
        Exception error = failure.get();
        if (error != null) {
            throw new IllegalStateException("a backlog command could not be written", error);
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
