package dev.annals.command.topics;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How the topics of every aggregate type are created. */
@ConfigMapping(prefix = "annals.topics")
public interface TopicsConfig {

    /** Partitions of every commands and events topic; the same for all so that they stay co-partitioned. */
    @WithDefault("6")
    int partitions();

    /**
     * Replicas of every topic the service creates, and of Kafka Streams' changelogs: 3 in production, so that a
     * broker can die without losing an acknowledged command or event. devstack's single broker sets 1.
     */
    @WithDefault("3")
    short replicationFactor();

    /**
     * {@code min.insync.replicas} of those topics: a write ({@code acks=all}) is acknowledged only once this many
     * replicas have it. 2 with 3 replicas: one broker may be away, and an acknowledged write is on two.
     */
    @WithDefault("2")
    short minInsyncReplicas();

    /** Create missing topics at start-up; off where an operator (Strimzi's KafkaTopic) owns them. */
    @WithDefault("true")
    boolean create();

    /** How long start-up waits for the broker before failing. */
    @WithDefault("60s")
    Duration timeout();
}
