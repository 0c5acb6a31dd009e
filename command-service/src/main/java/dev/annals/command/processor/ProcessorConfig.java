package dev.annals.command.processor;

import io.quarkus.runtime.configuration.MemorySize;
import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The command processor: a Kafka Streams application with exactly-once processing. */
@ConfigMapping(prefix = "annals.processor")
public interface ProcessorConfig {

    /** Kafka Streams {@code application.id}: the consumer group and the prefix of the changelog topics. */
    @WithDefault("annals-command-processor")
    String applicationId();

    /**
     * {@code in-memory} (default) or {@code rocksdb}. In memory, the aggregates and remembered answers of every
     * partition an instance holds (standbys included) are on the heap, bounded by nothing but each aggregate's and
     * each window's own limits: for development, tests and small deployments. RocksDB keeps them on disk, its memory
     * bounded by {@link #rocksdbMemory}: production's.
     */
    @WithDefault("in-memory")
    StoreKind store();

    /**
     * With the {@code rocksdb} store: the memory all of this instance's RocksDB stores share (block cache, memtables,
     * index and filter blocks), off the heap.
     */
    @WithDefault("256M")
    MemorySize rocksdbMemory();

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

    /**
     * How long the first answer to a command with an {@code Idempotency-Key} is given to its retries, counted from
     * the answer. Longer than any client retries for; the commands topic keeps commands for seven days.
     */
    @WithDefault("24h")
    Duration idempotencyWindow();

    /**
     * Most answers the window keeps per partition of each aggregate type. Beyond it, or past
     * {@link #idempotencyMaxBytes}, a command with a new key is refused (503 {@code IDEMPOTENCY_WINDOW_FULL}) rather
     * than an older answer forgotten early.
     */
    @WithDefault("100000")
    long idempotencyMaxKeys();

    /**
     * Most bytes the window keeps per partition of each aggregate type: each answer costs its key and encoded
     * value (the reply, with its events) and a measured overhead ({@code IdempotencyWindow.ENTRY_OVERHEAD}), about
     * what it takes of the heap in the in-memory store.
     */
    @WithDefault("64M")
    MemorySize idempotencyMaxBytes();

    /**
     * Most bytes one caller's answers may take of a partition's window: its share. A caller who fills it is refused
     * alone (429 {@code IDEMPOTENCY_SHARE_FULL}); everyone else's keyed commands and retries go on.
     */
    @WithDefault("4M")
    MemorySize idempotencyCallerShare();

    /**
     * A share of its own for some callers, by principal: a consumer service that sends many keyed commands, e.g.
     * {@code annals.processor.idempotency-caller-shares."payment-service"=32M}.
     */
    Map<String, MemorySize> idempotencyCallerShares();

    /** Largest snapshot (version and state as JSON) an aggregate may grow to; a command past it is refused. */
    @WithDefault("256K")
    MemorySize maxAggregateSize();

    /** Largest answer a command may have (it carries all the command's events); a command past it is refused. */
    @WithDefault("256K")
    MemorySize maxEventsSize();

    /** Any other Kafka Streams setting, passed as is: {@code annals.processor.streams."max.poll.records"=100}. */
    Map<String, String> streams();

    default ProcessorLimits limits() {
        Map<String, Long> shares = new HashMap<>();
        idempotencyCallerShares().forEach((caller, share) -> shares.put(caller, share.asLongValue()));
        return new ProcessorLimits(idempotencyWindow(), new WindowBounds(idempotencyMaxKeys(),
                idempotencyMaxBytes().asLongValue(), idempotencyCallerShare().asLongValue(), shares),
                Math.toIntExact(maxAggregateSize().asLongValue()), Math.toIntExact(maxEventsSize().asLongValue()));
    }
}
