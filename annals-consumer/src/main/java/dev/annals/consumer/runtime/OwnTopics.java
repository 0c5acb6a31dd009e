package dev.annals.consumer.runtime;

import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.CreateTopicsOptions;
import org.apache.kafka.clients.admin.DescribeConfigsOptions;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

/**
 * The topics a consumer service owns — its dead-letter topics, its reply topic — made at start-up where it may
 * create topics, and checked everywhere: one that exists with fewer replicas or a lower {@code
 * min.insync.replicas} than configured is refused, since what such a topic holds may be the only copy.
 */
public final class OwnTopics {

    /** The keys a topic is configured by, as an error names them. */
    public record Settings(String create, String replicationFactor, String minInsyncReplicas) {
    }

    /**
     * Each provisioning call gets this long, not the admin client's own 5 s default (kept short for status reads): a
     * broker of a cluster that is still starting beside the services can take longer than that to answer at all.
     */
    private static final int PROVISION_TIMEOUT_MS = 30_000;
    /** A little longer than the calls' own timeout, so that Kafka's answer (and its reason) comes first. */
    private static final long AWAIT_MS = PROVISION_TIMEOUT_MS + 5_000L;

    private OwnTopics() {
    }

    /**
     * Creates {@code topic} (with {@code minInsyncReplicas}) if it is missing — unless {@code create} is off: where
     * the service may not create topics, as in Kubernetes, a missing one stops the start, named — and refuses one
     * that is less durable than asked.
     */
    public static void provision(Admin admin, NewTopic topic, short minInsyncReplicas, boolean create, Settings settings)
            throws InterruptedException, TimeoutException {
        short replicationFactor = topic.replicationFactor();
        if (minInsyncReplicas < 1 || minInsyncReplicas > replicationFactor) {
            throw new IllegalStateException(settings.minInsyncReplicas() + " (" + minInsyncReplicas
                    + ") must be between 1 and " + settings.replicationFactor() + " (" + replicationFactor + ")");
        }
        Map<String, String> configs = new LinkedHashMap<>(topic.configs() == null ? Map.of() : topic.configs());
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Short.toString(minInsyncReplicas));
        NewTopic wanted = new NewTopic(topic.name(), topic.numPartitions(), replicationFactor).configs(configs);
        if (!create) {
            requireExisting(admin, wanted.name(), settings);
        } else {
            try {
                admin.createTopics(List.of(wanted), new CreateTopicsOptions().timeoutMs(PROVISION_TIMEOUT_MS))
                        .all().get(AWAIT_MS, TimeUnit.MILLISECONDS);
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create " + wanted.name() + ": " + e.getCause(),
                            e.getCause());
                }
            }
        }
        requireDurable(admin, wanted.name(), replicationFactor, minInsyncReplicas, settings);
    }

    private static void requireExisting(Admin admin, String topic, Settings settings)
            throws InterruptedException, TimeoutException {
        try {
            if (!admin.listTopics(new ListTopicsOptions().timeoutMs(PROVISION_TIMEOUT_MS)).names()
                    .get(AWAIT_MS, TimeUnit.MILLISECONDS).contains(topic)) {
                throw new IllegalStateException(topic + " does not exist (or this service's Kafka user may not describe"
                        + " it), and " + settings.create() + " is false: create it first (in Kubernetes, its"
                        + " KafkaTopic)");
            }
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list the topics to find " + topic + ": " + e.getCause(),
                    e.getCause());
        }
    }

    private static void requireDurable(Admin admin, String topic, short replicationFactor, short minInsyncReplicas,
                                       Settings settings) throws InterruptedException, TimeoutException {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try {
            // a topic created a moment ago may not be in every broker's metadata yet, and each request goes to
            // whichever broker is least loaded: ask again until the one asked knows it
            int replicas = untilKnown(() -> admin.describeTopics(List.of(topic),
                            new DescribeTopicsOptions().timeoutMs(PROVISION_TIMEOUT_MS)).allTopicNames()
                            .toCompletionStage())
                    .get(topic).partitions().stream().mapToInt(partition -> partition.replicas().size()).min()
                    .orElse(0);
            var minIsr = untilKnown(() -> admin.describeConfigs(List.of(resource),
                            new DescribeConfigsOptions().timeoutMs(PROVISION_TIMEOUT_MS)).all().toCompletionStage())
                    .get(resource).get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            int minInsync = minIsr == null ? 1 : Integer.parseInt(minIsr.value());
            if (replicas < replicationFactor || minInsync < minInsyncReplicas) {
                throw new IllegalStateException(topic + " has " + replicas + " replicas and min.insync.replicas "
                        + minInsync + ", less than " + settings.replicationFactor() + " (" + replicationFactor
                        + ") and " + settings.minInsyncReplicas() + " (" + minInsyncReplicas + ")");
            }
        } catch (CompletionException e) {
            throw new IllegalStateException("cannot describe " + topic + ": " + e.getCause(), e.getCause());
        }
    }

    private static <T> T untilKnown(Supplier<CompletionStage<T>> request) {
        return Uni.createFrom().completionStage(request)
                .onFailure(OwnTopics::notKnownYet).retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).expireIn(PROVISION_TIMEOUT_MS)
                .await().atMost(Duration.ofMillis(2L * PROVISION_TIMEOUT_MS));
    }

    private static boolean notKnownYet(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof UnknownTopicOrPartitionException) {
                return true;
            }
        }
        return false;
    }
}
