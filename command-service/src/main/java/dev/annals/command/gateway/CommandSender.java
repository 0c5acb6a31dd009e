package dev.annals.command.gateway;

import dev.annals.command.wire.KafkaHeaderMaps;
import dev.annals.core.envelope.CommandCodec;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.envelope.EncodedRecord;
import dev.annals.core.topic.Topics;
import dev.annals.kafka.KafkaClients;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Produces commands to {@code annals.<type>.commands}, keyed by aggregate id, with an idempotent {@code acks=all}
 * producer. Every wait is bounded by {@code annals.gateway.send-timeout}, so an unreachable broker costs a
 * request a few seconds, never a hang.
 *
 * <p>A plain Kafka producer rather than a SmallRye emitter: the gateway needs each send's own outcome and
 * deadline, and one producer serves the commands topics of every type.
 */
@Singleton
public class CommandSender {

    private final KafkaProducer<String, byte[]> producer;

    CommandSender(KafkaClients kafka, GatewayConfig config) {
        int timeoutMs = (int) config.sendTimeout().toMillis();
        int lingerMs = 1;
        this.producer = new KafkaProducer<>(kafka.config("gateway-producer", Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, lingerMs,
                ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMs,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(1, timeoutMs - lingerMs))),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends a command; the future fails when Kafka did not take it in time. Blocks the caller at most the send
     * timeout while the broker's metadata is unknown, so call it from a worker thread.
     */
    public CompletableFuture<RecordMetadata> send(CommandEnvelope command) {
        EncodedRecord encoded = CommandCodec.encode(command);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(Topics.commands(command.aggregateType()), null,
                command.aggregateId(), encoded.value(), KafkaHeaderMaps.toKafka(encoded.headers()));
        CompletableFuture<RecordMetadata> sent = new CompletableFuture<>();
        try {
            producer.send(record, (metadata, error) -> {
                if (error != null) {
                    sent.completeExceptionally(error);
                } else {
                    sent.complete(metadata);
                }
            });
        } catch (RuntimeException e) {
            sent.completeExceptionally(e);
        }
        return sent;
    }

    @PreDestroy
    void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
