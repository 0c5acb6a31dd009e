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

    @WithDefault("1")
    short replicationFactor();

    /** Create missing topics at start-up; off where an operator (Strimzi's KafkaTopic) owns them. */
    @WithDefault("true")
    boolean create();

    /** How long start-up waits for the broker before failing. */
    @WithDefault("60s")
    Duration timeout();
}
