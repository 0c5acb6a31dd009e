package dev.annals.command.topics;

import dev.annals.command.processor.CommandTopology;
import dev.annals.core.topic.TopicPolicy;
import dev.annals.core.topic.Topics;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
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

    public static void provision(String bootstrapServers, List<NewTopic> topics, TopicsConfig config) {
        long timeoutMs = config.timeout().toMillis();
        Map<String, Object> adminConfig = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeoutMs,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(timeoutMs, 30_000));
        try (Admin admin = Admin.create(adminConfig)) {
            if (config.create()) {
                create(admin, topics, timeoutMs);
            }
            verifyPartitions(admin, topics, timeoutMs);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot create or check the topics at " + bootstrapServers + ": " + e, e);
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

    private static void verifyPartitions(Admin admin, List<NewTopic> topics, long timeoutMs)
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
        return new NewTopic(name, config.partitions(), config.replicationFactor()).configs(policy.configs());
    }
}
