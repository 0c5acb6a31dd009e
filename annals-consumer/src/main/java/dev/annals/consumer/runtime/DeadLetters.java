package dev.annals.consumer.runtime;

import dev.annals.core.topic.TopicPolicy;
import dev.annals.core.topic.Topics;
import dev.annals.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * Sends the events a projection cannot apply to {@code annals.dlq.<projection>}: the original key, value and
 * headers, plus headers that say why ({@code annals_error}), from where and after how many attempts. A send is
 * retried until Kafka takes it (or the consumer stops): an event leaves its partition only through the database
 * or through here.
 */
final class DeadLetters implements AutoCloseable {

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
    /**
     * Each provisioning call gets this long, not the admin client's own 5 s default (kept short for status reads): a
     * broker of a cluster that is still starting beside the services can take longer than that to answer at all.
     */
    private static final int PROVISION_TIMEOUT_MS = 30_000;
    /** A little longer than the calls' own timeout, so that Kafka's answer (and its reason) comes first. */
    private static final long AWAIT_MS = PROVISION_TIMEOUT_MS + 5_000L;

    private final KafkaProducer<String, byte[]> producer;

    DeadLetters(KafkaClients kafka) {
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
    static void provision(Admin admin, String consumer, int partitions, short replicationFactor,
                          short minInsyncReplicas, boolean create)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalStateException("annals.consumer.dead-letter-min-insync-replicas (" + minInsyncReplicas
                    + ") must be between 1 and annals.consumer.dead-letter-replication-factor (" + replicationFactor
                    + ")");
        }
        Map<String, String> configs = new java.util.LinkedHashMap<>(TopicPolicy.DEAD_LETTER.configs());
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Short.toString(minInsyncReplicas));
        NewTopic topic = new NewTopic(Topics.deadLetter(consumer), partitions, replicationFactor).configs(configs);
        if (!create) {
            requireExisting(admin, topic.name());
        } else {
            try {
                admin.createTopics(java.util.List.of(topic), new CreateTopicsOptions().timeoutMs(PROVISION_TIMEOUT_MS))
                        .all().get(AWAIT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create " + topic.name() + ": " + e.getCause(),
                            e.getCause());
                }
            }
        }
        requireDurable(admin, topic.name(), replicationFactor, minInsyncReplicas);
    }

    private static void requireExisting(Admin admin, String topic)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        try {
            if (!admin.listTopics(new ListTopicsOptions().timeoutMs(PROVISION_TIMEOUT_MS)).names()
                    .get(AWAIT_MS, TimeUnit.MILLISECONDS).contains(topic)) {
                throw new IllegalStateException(topic + " does not exist (or this service's Kafka user may not describe"
                        + " it), and annals.consumer.create-dead-letter-topics is false: create it first (in"
                        + " Kubernetes, its KafkaTopic)");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list the topics to find " + topic + ": " + e.getCause(),
                    e.getCause());
        }
    }

    private static void requireDurable(Admin admin, String topic, short replicationFactor, short minInsyncReplicas)
            throws InterruptedException, java.util.concurrent.TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            // a topic created a moment ago may not be in every broker's metadata yet: ask again until it is
            int replicas = Uni.createFrom()
                    .completionStage(() -> admin.describeTopics(java.util.List.of(topic),
                                    new DescribeTopicsOptions().timeoutMs(PROVISION_TIMEOUT_MS)).allTopicNames()
                            .toCompletionStage())
                    .onFailure(DeadLetters::notKnownYet).retry()
                    .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).expireIn(PROVISION_TIMEOUT_MS)
                    .await().atMost(Duration.ofMillis(2L * PROVISION_TIMEOUT_MS))
                    .get(topic).partitions().stream().mapToInt(partition -> partition.replicas().size()).min()
                    .orElse(0);
            var minIsr = admin.describeConfigs(java.util.List.of(resource),
                            new DescribeConfigsOptions().timeoutMs(PROVISION_TIMEOUT_MS)).all()
                    .get(AWAIT_MS, TimeUnit.MILLISECONDS)
                    .get(resource).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            int minInsync = minIsr == null ? 1 : Integer.parseInt(minIsr.value());
            if (replicas < replicationFactor || minInsync < minInsyncReplicas) {
                throw new IllegalStateException(topic + " has " + replicas + " replicas and min.insync.replicas "
                        + minInsync + ", less than annals.consumer.dead-letter-replication-factor ("
                        + replicationFactor + ") and dead-letter-min-insync-replicas (" + minInsyncReplicas + ")");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot describe " + topic + ": " + e.getCause(), e.getCause());
        }
    }

    private static boolean notKnownYet(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownTopicOrPartitionException) {
                return true;
            }
        }
        return false;
    }

    /** Blocks until the dead letter is stored, retrying while {@code running} holds. */
    void send(String consumer, ConsumerRecord<String, byte[]> record, Throwable error, int attempts,
              BooleanSupplier running) {
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
                        emitter.fail(failure);
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
