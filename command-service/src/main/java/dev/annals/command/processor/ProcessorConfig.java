package dev.annals.command.processor;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/** The command processor: a Kafka Streams application with exactly-once processing. */
@ConfigMapping(prefix = "annals.processor")
public interface ProcessorConfig {

    /** Kafka Streams {@code application.id}: the consumer group and the prefix of the changelog topics. */
    @WithDefault("annals-command-processor")
    String applicationId();

    /** {@code in-memory} (default) or {@code rocksdb}. */
    @WithDefault("in-memory")
    StoreKind store();

    /**
     * Local state directory; every instance needs its own. Unset: a fresh temporary directory per start, so the
     * aggregates are restored from the changelog each time (which the in-memory store does anyway).
     */
    Optional<Path> stateDir();

    /** Warm copies of each partition's aggregates on other instances, for fast failover. */
    @WithDefault("0")
    int standbyReplicas();

    @WithDefault("1")
    int threads();

    /**
     * How often the Kafka transaction is committed. A reply is visible only after its commit, so this bounds the
     * added latency of a command; longer means fewer, bigger transactions.
     */
    @WithDefault("20ms")
    Duration commitInterval();

    /** How many idempotency keys (with their first outcome) each aggregate remembers; the oldest is forgotten. */
    @WithDefault("100")
    int idempotencyKeysPerAggregate();

    /** Any other Kafka Streams setting, passed as is: {@code annals.processor.streams."max.poll.records"=100}. */
    Map<String, String> streams();
}
