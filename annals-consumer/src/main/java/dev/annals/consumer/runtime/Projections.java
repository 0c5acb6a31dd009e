package dev.annals.consumer.runtime;

import dev.annals.consumer.Projection;
import dev.annals.consumer.schema.ProjectionSchemas;
import dev.annals.consumer.schema.RebuildInProgressException;
import dev.annals.core.AggregateType;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The projections of this service and their consumers. At start-up it finds every {@link Projection} bean,
 * creates the runtime's tables and each projection's, and starts one consumer thread per projection (plus one
 * per rebuild under way). Operations go through here: status, rebuild, and, for crash tests, stop and restart.
 */
@ApplicationScoped
public class Projections {

    private static final Logger LOG = Logger.getLogger(Projections.class);
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final Map<String, AggregateType<?, ?, ?>> serviceTypes = new TreeMap<>();
    private final Instance<Projection> discovered;
    private final ProjectionSchemas schemas;
    private final ConsumerSettings settings;
    private final ReactiveTransactions transactions;
    private final ProjectionMetrics metrics;
    private final String bootstrapServers;
    private final Map<String, ProjectionPlan> plans = new ConcurrentHashMap<>();
    private final Map<String, Running> live = new ConcurrentHashMap<>();
    private final Map<String, Running> rebuilds = new ConcurrentHashMap<>();
    private RunnerServices services;
    private EndOffsets endOffsets;

    private record Running(ProjectionRunner runner, Thread thread) {
    }

    Projections(@Any Instance<Projection> discovered, @Any Instance<AggregateType<?, ?, ?>> types,
                ProjectionSchemas schemas, ConsumerSettings settings, ReactiveTransactions transactions,
                ProjectionMetrics metrics, @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.discovered = discovered;
        types.forEach(type -> serviceTypes.put(type.name(), type));
        this.schemas = schemas;
        this.settings = settings;
        this.transactions = transactions;
        this.metrics = metrics;
        this.bootstrapServers = bootstrapServers;
    }

    void onStart(@Observes @Priority(20) StartupEvent start) {
        schemas.migrateRuntime();
        endOffsets = new EndOffsets(bootstrapServers);
        services = new RunnerServices(settings, bootstrapServers, transactions, new DeadLetters(bootstrapServers),
                metrics, schemas::trySwap);
        Set<String> disabled = settings.disabled().orElse(Set.of());
        for (Projection projection : discovered) {
            if (disabled.contains(projection.name())) {
                LOG.infof("projection %s is disabled (annals.consumer.disabled)", projection.name());
            } else {
                start(projection);
            }
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        List<Running> all = new ArrayList<>(rebuilds.values());
        all.addAll(live.values());
        all.forEach(running -> running.runner().stop());
        all.forEach(Projections::join);
        if (services != null) {
            services.deadLetters().close();
        }
        if (endOffsets != null) {
            endOffsets.close();
        }
    }

    /**
     * Starts consuming into a projection: registers it, migrates its tables, creates its dead-letter topic, and
     * resumes a rebuild that was under way. Projection beans are started at start-up; this is for code that
     * adds one later.
     */
    public synchronized void start(Projection projection) {
        ProjectionPlan plan = ProjectionPlan.of(projection, serviceTypes);
        ProjectionPlan known = plans.putIfAbsent(plan.name(), plan);
        if (known != null && known.projection() != projection) {
            throw new IllegalArgumentException("two projections are named " + plan.name());
        }
        if (live.containsKey(plan.name())) {
            throw new IllegalStateException("projection " + plan.name() + " is running already");
        }
        provisionDeadLetters(plan);
        ProjectionSchemas.Generations generations = schemas.register(plan);
        launch(live, plan.name(), ProjectionRunner.live(plan, services));
        if (generations.rebuilding() != null && !rebuilds.containsKey(plan.name())) {
            LOG.infof("projection %s: resuming the rebuild into generation %d", plan.name(),
                    generations.rebuilding());
            launch(rebuilds, plan.name(), ProjectionRunner.rebuild(plan, generations.rebuilding(), services));
        }
        LOG.infof("projection %s: consuming %s into %s (generation %d)", plan.name(), plan.topics(),
                plan.publishedSchema(), generations.serving());
    }

    /** Replays the projection from offset 0 into fresh tables, then swaps them in; answers the new generation. */
    public synchronized int rebuild(String name) {
        ProjectionPlan plan = plan(name);
        Running previous = rebuilds.get(name);
        if (previous != null && previous.thread().isAlive()) {
            throw new RebuildInProgressException(name, previous.runner().rebuildGeneration());
        }
        int generation = schemas.startRebuild(plan);
        launch(rebuilds, name, ProjectionRunner.rebuild(plan, generation, services));
        return generation;
    }

    /** Stops a projection's live consumer and waits for its thread to end. */
    public void stop(String name) {
        Running running = live.remove(name);
        if (running != null) {
            running.runner().stop();
            join(running);
        }
    }

    /** Starts the live consumer of a known projection again, e.g. after {@link #crashOnce} ended it. */
    public synchronized void restart(String name) {
        stop(name);
        launch(live, name, ProjectionRunner.live(plan(name), services));
    }

    /** For crash tests: the live consumer dies at {@code point} of its next batch, as if the process was killed. */
    public void crashOnce(String name, FaultPoint point) {
        Running running = live.get(name);
        if (running == null) {
            throw new NoSuchElementException("projection " + name + " is not running");
        }
        running.runner().crashOnce(point);
    }

    public Optional<RunnerState> state(String name) {
        return Optional.ofNullable(live.get(name)).map(running -> running.runner().state());
    }

    public Optional<RunnerState> rebuildState(String name) {
        return Optional.ofNullable(rebuilds.get(name)).map(running -> running.runner().state());
    }

    public Collection<String> names() {
        return new TreeMap<>(plans).keySet();
    }

    public ProjectionPlan plan(String name) {
        ProjectionPlan plan = plans.get(name);
        if (plan == null) {
            throw new NoSuchElementException("no projection is named " + name);
        }
        return plan;
    }

    /** The status of every projection, with end offsets read from Kafka now. */
    public List<ProjectionStatus> status() {
        return names().stream().map(this::status).toList();
    }

    public ProjectionStatus status(String name) {
        ProjectionPlan plan = plan(name);
        Map<TopicPartition, Long> ends = endOffsets.committedEnds(plan.topics());
        Map<String, long[]> checkpoints = schemas.checkpoints(name);
        List<ProjectionStatus.PartitionStatus> partitions = new ArrayList<>();
        long lag = 0;
        for (var end : new TreeMap<>(asText(ends)).entrySet()) {
            long[] checkpoint = checkpoints.getOrDefault(end.getKey(), new long[]{0, Checkpoint.NO_COMMAND});
            long partitionLag = Math.max(0, end.getValue() - checkpoint[0]);
            lag += partitionLag;
            String[] topicPartition = end.getKey().split("/");
            partitions.add(new ProjectionStatus.PartitionStatus(topicPartition[0],
                    Integer.parseInt(topicPartition[1]), checkpoint[0], checkpoint[1], end.getValue(), partitionLag));
            metrics.lag(name, new TopicPartition(topicPartition[0],
                    Integer.parseInt(topicPartition[1])), partitionLag);
        }
        long deadLetters = endOffsets.records(List.of(plan.deadLetterTopic()));
        metrics.deadLetters(name, deadLetters);
        ProjectionSchemas.Generations generations = schemas.generations(plan);
        Running running = live.get(name);
        ProjectionRunner runner = running == null ? null : running.runner();
        return new ProjectionStatus(name, runner == null ? null : runner.state(), generations.serving(),
                plan.topics(), lag, partitions, deadLetters, runner == null ? 0 : runner.applied(),
                runner == null || runner.lastError() == null ? null
                        : new ProjectionStatus.Failure(runner.lastError(), runner.lastErrorAt()),
                rebuildStatus(plan, generations, ends));
    }

    private ProjectionStatus.Rebuild rebuildStatus(ProjectionPlan plan, ProjectionSchemas.Generations generations,
                                                   Map<TopicPartition, Long> ends) {
        if (generations.rebuilding() == null) {
            return null;
        }
        Map<String, long[]> checkpoints = schemas.checkpoints(plan.rebuildConsumer(generations.rebuilding()));
        long lag = asText(ends).entrySet().stream().mapToLong(end -> Math.max(0, end.getValue()
                - checkpoints.getOrDefault(end.getKey(), new long[]{0})[0])).sum();
        Running running = rebuilds.get(plan.name());
        return new ProjectionStatus.Rebuild(generations.rebuilding(),
                running == null ? null : running.runner().state(), lag);
    }

    private static Map<String, Long> asText(Map<TopicPartition, Long> offsets) {
        Map<String, Long> byName = new TreeMap<>();
        offsets.forEach((partition, offset) -> byName.put(partition.topic() + "/" + partition.partition(), offset));
        return byName;
    }

    private void provisionDeadLetters(ProjectionPlan plan) {
        try {
            DeadLetters.provision(endOffsets.admin(), plan.name(), settings.deadLetterPartitions(),
                    settings.deadLetterReplicationFactor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create " + plan.deadLetterTopic() + " in time", e);
        }
    }

    private static void launch(Map<String, Running> registry, String name, ProjectionRunner runner) {
        Thread thread = new Thread(runner, "annals-projection-" + runner.consumerName());
        thread.setDaemon(true);
        registry.put(name, new Running(runner, thread));
        thread.start();
    }

    private static void join(Running running) {
        try {
            running.thread().join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
