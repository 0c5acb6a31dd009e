package dev.annals.consumer.runtime;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** {@code annals.consumer.*}: how every projection and reactor of the service consumes. See docs/configuration.md. */
@ConfigMapping(prefix = "annals.consumer")
public interface ConsumerSettings {

    /** Most events applied in one transaction ({@code max.poll.records}). */
    @WithDefault("500")
    int batchSize();

    /** How long one poll waits for events. */
    @WithDefault("1s")
    Duration pollTimeout();

    /** Tries of an event whose handler fails before it goes to the dead-letter topic. */
    @WithDefault("3")
    int handlerAttempts();

    /**
     * How long one event (or the batch it is in) may keep failing for a transient reason that is not the
     * runtime's own — an I/O error or a timeout, such as a handler's own call to another system — before it is
     * dead-lettered with that reason, once the database is known to answer. The database or the command processor
     * being away is waited for, however long. A handler that knows a failure is for good throws {@code
     * PermanentFailure}: dead-lettered at once.
     */
    @WithDefault("5m")
    Duration transientLimit();

    /** First wait before a retry; doubles up to {@link #maxBackoff()}. */
    @WithDefault("100ms")
    Duration initialBackoff();

    @WithDefault("5s")
    Duration maxBackoff();

    /**
     * How long a rebuild runner holds the rebuild without a sign of life before a standing-by runner of another
     * instance takes it over. It renews the lease with every batch, and a third of this apart when it is idle.
     */
    @WithDefault("30s")
    Duration rebuildLease();

    /** How often a reactor looks for deadlines that came due: how late one may fire, at most. */
    @WithDefault("1s")
    Duration deadlineCheckInterval();

    /** Consumers and reactors of the service that are not started (by name). */
    Optional<Set<String>> disabled();

    /**
     * The JDBC datasource of the migration role, which owns the projections' schemas and runs Flyway, the DDL of a
     * rebuild and its swap (e.g. {@code migration}, configured as {@code quarkus.datasource.migration.*}). Unset,
     * the default datasource does everything. Set, the default datasource's login ({@code
     * quarkus.datasource.username}) is the runtime role the batches run as, and is granted rows in the
     * projections' tables and the checkpoints only, no DDL (docs/security.md).
     */
    Optional<String> migrationDatasource();

    /**
     * Whether the service creates its dead-letter topics. Off where it may not create topics (Kubernetes: the
     * manifests' KafkaTopics make them): then a missing one stops the start, named.
     */
    @WithDefault("true")
    boolean createDeadLetterTopics();

    /** Partitions of each {@code annals.dlq.<projection>} topic this service creates. */
    @WithDefault("1")
    int deadLetterPartitions();

    /** Replicas of those topics: 3 in production; devstack's single broker sets 1. */
    @WithDefault("3")
    short deadLetterReplicationFactor();

    /** Their {@code min.insync.replicas}: a dead letter is stored once this many replicas have it. */
    @WithDefault("2")
    short deadLetterMinInsyncReplicas();

    /** Any other Kafka consumer setting, e.g. {@code annals.consumer.kafka."fetch.max.wait.ms"=100}. */
    Map<String, String> kafka();
}
