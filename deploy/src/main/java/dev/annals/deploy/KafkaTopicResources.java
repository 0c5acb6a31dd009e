package dev.annals.deploy;

import dev.annals.core.topic.TopicPolicy;
import dev.annals.core.topic.Topics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Strimzi {@code KafkaTopic} resources for every topic the services use, with the partitions and retention
 * command-service and projection-service give them where they may create topics ({@link TopicPolicy}): in
 * Kubernetes they may not ({@code annals.topics.create=false}, {@code annals.consumer.create-dead-letter-topics=false})
 * and check these instead. Kafka Streams' own changelogs are left to Kafka Streams (command-service's user may
 * create its {@code annals-command-processor-*} topics), since their names follow its stores.
 */
public final class KafkaTopicResources {

    /** command-service's processor dead-letters commands it cannot read under this consumer name. */
    static final String COMMAND_PROCESSOR = "command-processor";
    /** command-service's {@code annals.topics.partitions}: commands and events of a type are co-partitioned. */
    static final int PARTITIONS = 6;
    /** projection-service's {@code annals.consumer.dead-letter-partitions}. */
    static final int DEAD_LETTER_PARTITIONS = 1;
    /** Production's durability; the dev overlay, with one broker, patches both to 1. */
    static final int REPLICAS = 3;
    static final int MIN_INSYNC_REPLICAS = 2;

    private KafkaTopicResources() {
    }

    /**
     * The topics of the base: commands and events of each type, the replies, the processor's dead letters and the
     * dead-letter topic of each of projection-service's {@code projections} (the ACL file's list of its consumers,
     * which the system tests' KafkaAclCoverageIT holds to what the running service uses).
     */
    public static List<Map<String, Object>> of(List<String> aggregateTypes, List<String> projections,
                                               String cluster) {
        List<Map<String, Object>> topics = new ArrayList<>();
        for (String type : aggregateTypes) {
            topics.add(topic(Topics.commands(type), PARTITIONS, TopicPolicy.COMMANDS, cluster));
            topics.add(topic(Topics.events(type), PARTITIONS, TopicPolicy.EVENTS, cluster));
        }
        topics.add(topic(Topics.COMMAND_REPLIES, PARTITIONS, TopicPolicy.COMMAND_REPLIES, cluster));
        topics.add(topic(Topics.deadLetter(COMMAND_PROCESSOR), PARTITIONS, TopicPolicy.DEAD_LETTER, cluster));
        for (String projection : projections) {
            topics.add(topic(Topics.deadLetter(projection), DEAD_LETTER_PARTITIONS, TopicPolicy.DEAD_LETTER,
                    cluster));
        }
        return topics;
    }

    /**
     * The topics of a consumer service of one's own, which its component brings: its reply topic (if it sends
     * commands) and the dead-letter topic of each of its consumers.
     */
    public static List<Map<String, Object>> ofConsumerService(String service, boolean sendsCommands,
                                                                 List<String> consumers, String cluster) {
        List<Map<String, Object>> topics = new ArrayList<>();
        if (sendsCommands) {
            topics.add(topic(Topics.replies(service), 1, TopicPolicy.COMMAND_REPLIES, cluster));
        }
        for (String consumer : consumers) {
            topics.add(topic(Topics.deadLetter(consumer), DEAD_LETTER_PARTITIONS, TopicPolicy.DEAD_LETTER, cluster));
        }
        return topics;
    }

    private static Map<String, Object> topic(String name, int partitions, TopicPolicy policy, String cluster) {
        Map<String, Object> labels = new LinkedHashMap<>();
        labels.put("strimzi.io/cluster", cluster);
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("name", name);
        metadata.put("labels", labels);
        // sorted: the file must come out the same on every run
        Map<String, Object> config = new TreeMap<>(policy.configs());
        config.put("min.insync.replicas", Integer.toString(MIN_INSYNC_REPLICAS));
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("partitions", partitions);
        spec.put("replicas", REPLICAS);
        spec.put("config", config);
        Map<String, Object> topic = new LinkedHashMap<>();
        topic.put("apiVersion", KafkaUserResources.API_VERSION);
        topic.put("kind", "KafkaTopic");
        topic.put("metadata", metadata);
        topic.put("spec", spec);
        return topic;
    }
}
