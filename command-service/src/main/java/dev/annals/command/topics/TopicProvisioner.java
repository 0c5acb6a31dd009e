package dev.annals.command.topics;

import dev.annals.command.processor.CommandTopology;
import dev.annals.core.topic.TopicPolicy;
import dev.annals.core.topic.Topics;
import dev.annals.kafka.KafkaClients;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Creates the topics the command side writes, idempotently, and checks that those that already exist have the
 * configured partition count: a command, its events and its aggregate's snapshot must share a partition number.
 * The aggregate store's changelog is created by Kafka Streams with the commands topic's partition count.
 */
public final class TopicProvisioner {

    private static final Logger LOG = Logger.getLogger(TopicProvisioner.class);

    private TopicProvisioner() {
    }

    /** The topics of the command side, with their policies. */
    public static List<NewTopic> commandSideTopics(Collection<String> aggregateTypes, TopicsConfig config) {
        List<NewTopic> topics = new ArrayList<>();
        for (String type : aggregateTypes) {
            topics.add(topic(Topics.commands(type), TopicPolicy.COMMANDS, config));
            topics.add(topic(Topics.events(type), TopicPolicy.EVENTS, config));
        }
        topics.add(topic(Topics.COMMAND_REPLIES, TopicPolicy.COMMAND_REPLIES, config));
        topics.add(topic(Topics.deadLetter(CommandTopology.DEAD_LETTER_CONSUMER), TopicPolicy.DEAD_LETTER, config));
        return topics;
    }

    public static void provision(KafkaClients kafka, List<NewTopic> topics, TopicsConfig config) {
        provision(kafka, topics, List.of(), config);
    }

    /**
     * Creates {@code topics} (if so configured) and checks them and those of {@code alsoIfTheyExist} (the changelogs
     * Kafka Streams creates itself, which exist from the second start on).
     */
    public static void provision(KafkaClients kafka, List<NewTopic> topics, List<String> alsoIfTheyExist,
                                 TopicsConfig config) {
        if (config.minInsyncReplicas() < 1 || config.minInsyncReplicas() > config.replicationFactor()) {
            throw new IllegalStateException("annals.topics.min-insync-replicas (" + config.minInsyncReplicas()
                    + ") must be between 1 and annals.topics.replication-factor (" + config.replicationFactor() + ")");
        }
        long timeoutMs = config.timeout().toMillis();
        Map<String, Object> adminConfig = kafka.config("topic-admin", Map.of(
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 30_000)));
        try (Admin admin = Admin.create(adminConfig)) {
            if (config.create()) {
                create(admin, topics, timeoutMs);
            }
            Map<String, TopicDescription> described = verifyPartitions(admin, topics, timeoutMs);
            verifyDurability(admin, described, alsoIfTheyExist, config, timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create or check the topics at " + kafka.bootstrapServers() + ": "
                    + e, e);
        }
    }

    private static void create(Admin admin, List<NewTopic> topics, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        var results = admin.createTopics(topics).values();
        for (var entry : results.entrySet()) {
            try {
                entry.getValue().get(timeoutMs, TimeUnit.MILLISECONDS);
                LOG.infof("created topic %s", entry.getKey());
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
            }
        }
    }

    /** Checks the partition counts; answers the topics as described, for the other checks. */
    private static Map<String, TopicDescription> verifyPartitions(Admin admin, List<NewTopic> topics, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> names = topics.stream().map(NewTopic::name).toList();
        // a topic created a moment ago may not be in every broker's metadata yet: ask again until it is
        Map<String, TopicDescription> described = Uni.createFrom()
                .completionStage(() -> admin.describeTopics(names).allTopicNames().toCompletionStage())
                .onFailure(TopicProvisioner::notKnownYet).retry()
                .withBackOff(Duration.ofMillis(100), Duration.ofSeconds(1)).expireIn(timeoutMs)
                .await().atMost(Duration.ofMillis(timeoutMs));
        for (NewTopic wanted : topics) {
            int actual = described.get(wanted.name()).partitions().size();
            boolean ofAnAggregateType = Topics.aggregateTypeOfCommands(wanted.name()).isPresent()
                    || Topics.aggregateTypeOfEvents(wanted.name()).isPresent();
            if (ofAnAggregateType) {
                if (actual != wanted.numPartitions()) {
                    throw new IllegalStateException("topic " + wanted.name() + " has " + actual
                            + " partitions, annals.topics.partitions says " + wanted.numPartitions()
                            + "; commands and events of a type must be co-partitioned");
                }
            }
        }
        return described;
    }

    /**
     * Refuses to start on a topic less durable than configured: fewer replicas than
     * {@code annals.topics.replication-factor}, or a {@code min.insync.replicas} below
     * {@code annals.topics.min-insync-replicas} (one made by hand, or by a devstack run, say). Such a topic would
     * acknowledge writes a single broker's loss could take.
     */
    private static void verifyDurability(Admin admin, Map<String, TopicDescription> created,
                                         List<String> alsoIfTheyExist, TopicsConfig config, long timeoutMs)
            throws InterruptedException, ExecutionException, TimeoutException {
        Set<String> existing = admin.listTopics().names().get(timeoutMs, TimeUnit.MILLISECONDS);
        List<String> others = alsoIfTheyExist.stream().filter(existing::contains).toList();
        Map<String, TopicDescription> described = new LinkedHashMap<>(created);
        if (!others.isEmpty()) {
            described.putAll(admin.describeTopics(others).allTopicNames().get(timeoutMs, TimeUnit.MILLISECONDS));
        }
        List<String> names = List.copyOf(described.keySet());
        List<ConfigResource> resources = names.stream()
                .map(name -> new ConfigResource(ConfigResource.Type.TOPIC, name)).toList();
        Map<ConfigResource, Config> configs = admin.describeConfigs(resources).all()
                .get(timeoutMs, TimeUnit.MILLISECONDS);
        List<String> weak = new ArrayList<>();
        for (String name : names) {
            int replicas = described.get(name).partitions().stream()
                    .mapToInt(partition -> partition.replicas().size()).min().orElse(0);
            ConfigEntry minIsr = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, name))
                    .get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG);
            int minInsync = minIsr == null ? 1 : Integer.parseInt(minIsr.value());
            if (replicas < config.replicationFactor() || minInsync < config.minInsyncReplicas()) {
                weak.add(name + " (" + replicas + " replicas, min.insync.replicas " + minInsync + ")");
            }
        }
        if (!weak.isEmpty()) {
            throw new IllegalStateException("topics less durable than annals.topics.replication-factor ("
                    + config.replicationFactor() + ") and min-insync-replicas (" + config.minInsyncReplicas()
                    + ") say: " + weak + "; raise them (kafka-reassign-partitions, kafka-configs) or configure less");
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

    private static NewTopic topic(String name, TopicPolicy policy, TopicsConfig config) {
        Map<String, String> configs = new LinkedHashMap<>(policy.configs());
        configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, Short.toString(config.minInsyncReplicas()));
        return new NewTopic(name, config.partitions(), config.replicationFactor()).configs(configs);
    }
}
