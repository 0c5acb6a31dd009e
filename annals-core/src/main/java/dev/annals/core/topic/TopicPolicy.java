package dev.annals.core.topic;

import java.time.Duration;
import java.util.Map;

/**
 * How long Kafka keeps each kind of topic, as topic configs for the Admin client (in dev) and Strimzi
 * {@code KafkaTopic} resources (in Kubernetes).
 */
public enum TopicPolicy {

    /** Commands are only needed until processed; a week covers any outage. */
    COMMANDS(Map.of("cleanup.policy", "delete", "retention.ms", millis(Duration.ofDays(7)))),

    /** The event store: never deleted, never compacted. */
    EVENTS(Map.of("cleanup.policy", "delete", "retention.ms", "-1", "retention.bytes", "-1")),

    /** Aggregate snapshots: only the latest per aggregate id matters. */
    AGGREGATES(Map.of("cleanup.policy", "compact")),

    /** A reply is useless once its request has timed out. */
    COMMAND_REPLIES(Map.of("cleanup.policy", "delete", "retention.ms", millis(Duration.ofHours(1)))),

    /** Dead letters wait two weeks for someone to look at them. */
    DEAD_LETTER(Map.of("cleanup.policy", "delete", "retention.ms", millis(Duration.ofDays(14))));

    private final Map<String, String> configs;

    TopicPolicy(Map<String, String> configs) {
        this.configs = configs;
    }

    /** Topic-level configs, e.g. {@code cleanup.policy=compact}. */
    public Map<String, String> configs() {
        return configs;
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }
}
