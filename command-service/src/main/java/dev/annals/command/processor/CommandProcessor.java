package dev.annals.command.processor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.command.topics.TopicProvisioner;
import dev.annals.command.topics.TopicsConfig;
import dev.annals.core.AggregateTypes;
import dev.annals.core.json.DomainJson;
import dev.annals.core.topic.Topics;
import dev.annals.kafka.KafkaClients;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * Runs the command processor: creates the topics, then starts one Kafka Streams instance for the topology of
 * every aggregate type. Any number of service instances may run; Kafka Streams spreads the partitions over them
 * and moves them (with their aggregates) when one stops.
 */
@Singleton
public class CommandProcessor {

    private static final Logger LOG = Logger.getLogger(CommandProcessor.class);

    private final AggregateTypes types;
    private final ProcessorConfig config;
    private final TopicsConfig topics;
    private final KafkaClients kafka;
    private final ReplyTopics replyTopics;
    private final Tracer tracer;
    private final FailedWrites failedWrites = new FailedWrites();
    private volatile KafkaStreams streams;
    private final RestoringStores restoring = new RestoringStores();
    private volatile Path temporaryStateDirectory;
    private final MeterRegistry registry;
    private volatile KafkaStreamsMetrics metrics;

    CommandProcessor(AggregateTypes types, ProcessorConfig config, TopicsConfig topics,
                     KafkaClients kafka, ReplyTopics replyTopics, Tracer tracer, MeterRegistry registry) {
        this.types = types;
        this.registry = registry;
        this.tracer = tracer;
        this.config = config;
        this.topics = topics;
        this.kafka = kafka;
        this.replyTopics = replyTopics;
    }

    // Runs before the messaging channels start (they observe at a later priority), so the reply topic exists
    // when the gateway's reply consumer subscribes.
    void start(@Observes @Priority(10) StartupEvent startup) {
        List<String> typeNames = types.names();
        TopicProvisioner.provision(kafka, TopicProvisioner.commandSideTopics(typeNames, topics),
                changelogs(typeNames), topics);
        streams = newInstance(stateDirectory());
        streams.setGlobalStateRestoreListener(restoring);
        // Kafka Streams' own metrics (kafka_stream_*: threads, tasks, commits, restoration) and how many of this
        // instance's store partitions are restoring, which an operator is woken for when it stays above zero
        metrics = new KafkaStreamsMetrics(streams);
        metrics.bindTo(registry);
        Gauge.builder("annals.processor.restoring.partitions", restoring, RestoringStores::count)
                .description("store partitions of the command processor restoring from their changelogs")
                .register(registry);
        streams.start();
        LOG.infof("command processor %s started for %s", config.applicationId(), types.all());
    }

    void stop(@Observes ShutdownEvent shutdown) {
        KafkaStreams running = streams;
        if (running != null) {
            running.close(Duration.ofSeconds(10));
        }
        if (metrics != null) {
            metrics.close();
        }
        if (temporaryStateDirectory != null) {
            deleteRecursively(temporaryStateDirectory);
        }
    }

    /** The changelogs of every store of every type, which Kafka Streams creates with the same durability. */
    private List<String> changelogs(List<String> typeNames) {
        List<String> changelogs = new ArrayList<>();
        for (String type : typeNames) {
            for (String store : List.of(Topics.aggregateStore(type), Topics.outcomeStore(type),
                    Topics.outcomeExpiryStore(type))) {
                changelogs.add(Topics.changelog(config.applicationId(), store));
            }
        }
        return changelogs;
    }

    /** RUNNING once it owns its partitions; their aggregates may still be restoring (see {@link #ready()}). */
    public KafkaStreams.State state() {
        KafkaStreams running = streams;
        return running == null ? KafkaStreams.State.CREATED : running.state();
    }

    /** RUNNING and every active task's stores restored: it can decide every command of its partitions now. */
    public boolean ready() {
        return restoring.ready(state());
    }

    /** Changelog partitions being restored now. */
    public int restoringPartitions() {
        return restoring.count();
    }

    /** For tests: stops deciding commands (they wait in their topics) until {@link #resume()}. */
    public void pause() {
        streams.pause();
    }

    public void resume() {
        streams.resume();
    }

    /** Partitions (of all types) whose commands this instance processes now. */
    public int activeTasks() {
        KafkaStreams running = streams;
        return running == null ? 0 : activeTasks(running);
    }

    public static int activeTasks(KafkaStreams instance) {
        return instance.metadataForLocalThreads().stream().mapToInt(thread -> thread.activeTasks().size()).sum();
    }

    public Topology topology() {
        return CommandTopology.build(types.all(), config.store(), config.limits(), failedWrites, json(),
                replyTopics, tracer);
    }

    /**
     * A new, unstarted Kafka Streams instance of this processor, with its own state directory. The service
     * starts one; tests start more to show that instances share the work without losing updates.
     */
    public KafkaStreams newInstance(Path stateDirectory) {
        KafkaStreams instance = new KafkaStreams(topology(), streamsProperties(stateDirectory));
        // A failing stream thread is replaced rather than taking the whole instance down; EOS aborts its
        // transaction, so nothing it half did is visible.
        instance.setUncaughtExceptionHandler(error -> {
            LOG.error("command processor thread failed; replacing it", error);
            return StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse.REPLACE_THREAD;
        });
        return instance;
    }

    public Properties streamsProperties(Path stateDirectory) {
        Properties properties = exactlyOnce(kafka, config.applicationId(), stateDirectory, config.commitInterval());
        properties.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        properties.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.threads());
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) topics.replicationFactor());
        properties.put(StreamsConfig.topicPrefix(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG),
                (int) topics.minInsyncReplicas());
        properties.putAll(config.streams());
        properties.put(StreamsConfig.PRODUCTION_EXCEPTION_HANDLER_CLASS_CONFIG, WriteFailureHandler.class);
        properties.put(FailedWrites.CONFIG_KEY, failedWrites);
        if (config.store() == StoreKind.ROCKSDB) {
            properties.put(StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, BoundedRocksDbMemory.class);
            properties.put(BoundedRocksDbMemory.MEMORY_CONFIG, config.rocksdbMemory().asLongValue());
        }
        config.limits().requireBelow(maxRequestSize(properties));
        return properties;
    }

    /** The producer's {@code max.request.size} as configured, Kafka's 1 MiB when it is not. */
    private static long maxRequestSize(Properties properties) {
        Object size = properties.getOrDefault(StreamsConfig.producerPrefix(ProducerConfig.MAX_REQUEST_SIZE_CONFIG),
                properties.getOrDefault(ProducerConfig.MAX_REQUEST_SIZE_CONFIG, 1024 * 1024));
        return Long.parseLong(size.toString().strip());
    }

    /**
     * The settings every instance of the processor needs, whatever else is configured, on top of the service's
     * shared Kafka settings (which Kafka Streams hands to each client it makes).
     */
    public static Properties exactlyOnce(KafkaClients kafka, String applicationId, Path stateDirectory,
                                         Duration commitInterval) {
        Properties properties = kafka.streams("processor", Map.of());
        properties.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        properties.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        properties.put(StreamsConfig.STATE_DIR_CONFIG, stateDirectory.toString());
        properties.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitInterval.toMillis());
        // An idle poll blocks the stream thread, and with it a due commit, for poll.ms (100 ms by default): a
        // lone command would wait that long for its reply. Never poll longer than half a commit interval.
        properties.put(StreamsConfig.POLL_MS_CONFIG, Math.max(1, commitInterval.toMillis() / 2));
        // A transactional request the broker refuses for now (CONCURRENT_TRANSACTIONS, while it still writes the
        // last transaction's markers) is retried after retry.backoff.ms: 100 ms by default, five commit intervals
        // that every command in flight waits out. 5 ms halved the p99 of a deposit in the bench (figure 5, run
        // side by side with 100). Real errors still back off exponentially, up to retry.backoff.max.ms.
        properties.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5);
        // Kafka Streams keeps a closing member in the group until its session times out, so that a quick restart
        // finds its partitions waiting; here an instance that stops hands them over at once instead, and one that
        // dies is noticed after 10 s rather than 45 s.
        properties.put(StreamsConfig.mainConsumerPrefix("internal.leave.group.on.close"), true);
        properties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        properties.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 3_000);
        return properties;
    }

    private Path stateDirectory() {
        try {
            if (config.stateDir().isPresent()) {
                return Files.createDirectories(config.stateDir().get());
            }
            temporaryStateDirectory = Files.createTempDirectory("annals-command-processor-");
            return temporaryStateDirectory;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the processor's state directory", e);
        }
    }

    private static ObjectMapper json() {
        return DomainJson.newMapper();
    }

    private static void deleteRecursively(Path directory) {
        try (Stream<Path> paths = Files.walk(directory)) {
            paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.warnf("could not delete %s: %s", directory, e);
        }
    }
}
