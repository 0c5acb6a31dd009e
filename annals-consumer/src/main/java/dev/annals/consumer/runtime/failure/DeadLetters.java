package dev.annals.consumer.runtime.failure;

import dev.annals.consumer.runtime.OwnTopics;
import dev.annals.core.topic.TopicPolicy;
import dev.annals.core.topic.Topics;
import dev.annals.kafka.KafkaClients;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * Sends the events a projection cannot apply to {@code annals.dlq.<projection>}: the original key, value and
 * headers, plus headers that say why ({@code annals_error}), from where and after how many attempts. A send is
 * retried until Kafka takes it (or the consumer stops): an event leaves its partition only through the database
 * or through here.
 */
public final class DeadLetters implements DeadLetterSink, AutoCloseable {

    static final String ERROR = "annals_error";
    static final String ERROR_CLASS = "annals_error_class";
    static final String SOURCE_TOPIC = "annals_source_topic";
    static final String SOURCE_PARTITION = "annals_source_partition";
    static final String SOURCE_OFFSET = "annals_source_offset";
    static final String CONSUMER = "annals_consumer";
    static final String ATTEMPTS = "annals_attempts";
    static final String FAILED_AT = "annals_failed_at";

    private static final Logger LOG = Logger.getLogger(DeadLetters.class);
    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProducer<String, byte[]> producer;

    public DeadLetters(KafkaClients kafka) {
        producer = new KafkaProducer<>(kafka.config("dead-letter-producer", Map.of(
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis() / 2,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) SEND_TIMEOUT.toMillis())),
                new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Creates {@code annals.dlq.<consumer>} if it is missing (unless {@code create} is off: where the service may not
     * create topics, as in Kubernetes, a missing one stops the start, named), and refuses one that exists with fewer
     * replicas or a lower {@code min.insync.replicas} than configured: a dead letter is the only copy of an event a
     * projection skipped.
     */
    public static void provision(Admin admin, String consumer, int partitions, short replicationFactor,
                          short minInsyncReplicas, boolean create)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        OwnTopics.provision(admin, new NewTopic(Topics.deadLetter(consumer), partitions, replicationFactor)
                        .configs(TopicPolicy.DEAD_LETTER.configs()), minInsyncReplicas, create,
                SETTINGS);
    }

    /** The settings the dead-letter topics are made by, as errors name them. */
    private static final OwnTopics.Settings SETTINGS = new OwnTopics.Settings(
            "annals.consumer.create-dead-letter-topics", "annals.consumer.dead-letter-replication-factor",
            "annals.consumer.dead-letter-min-insync-replicas");

    /**
     * Blocks until the dead letter is stored, retrying while {@code running} holds and telling {@code retrying} of
     * each failure: a letter Kafka will not take (its topic gone, a size it refuses) holds its partition, and the
     * consumer's status must say so rather than RUNNING.
     */
    @Override
    public void send(String consumer, ConsumerRecord<String, byte[]> record, Throwable error, int attempts,
              BooleanSupplier running, Consumer<Throwable> retrying) {
        ProducerRecord<String, byte[]> letter = new ProducerRecord<>(Topics.deadLetter(consumer), record.key(),
                record.value());
        for (Header header : record.headers()) {
            letter.headers().add(header);
        }
        add(letter, ERROR, Failures.describe(error));
        add(letter, ERROR_CLASS, error.getClass().getName());
        add(letter, SOURCE_TOPIC, record.topic());
        add(letter, SOURCE_PARTITION, Integer.toString(record.partition()));
        add(letter, SOURCE_OFFSET, Long.toString(record.offset()));
        add(letter, CONSUMER, consumer);
        add(letter, ATTEMPTS, Integer.toString(attempts));
        add(letter, FAILED_AT, Instant.now().toString());
        Uni.createFrom().<Void>emitter(emitter -> producer.send(letter, (metadata, failure) -> {
                    if (failure == null) {
                        emitter.complete(null);
                    } else {
                        LOG.warnf("cannot store a dead letter of %s in %s yet (%s); retrying", consumer,
                                letter.topic(), failure.toString());
                        try {
                            retrying.accept(failure);
                        } finally {
                            emitter.fail(failure);
                        }
                    }
                }))
                .onFailure(failure -> running.getAsBoolean()).retry()
                .withBackOff(Duration.ofMillis(500), Duration.ofSeconds(10)).indefinitely()
                .await().indefinitely();
    }

    private static void add(ProducerRecord<String, byte[]> letter, String key, String value) {
        letter.headers().add(key, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(5));
    }
}
