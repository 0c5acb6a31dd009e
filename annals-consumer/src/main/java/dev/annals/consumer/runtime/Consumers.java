package dev.annals.consumer.runtime;

import dev.annals.consumer.Projection;
import dev.annals.consumer.Reactor;
import dev.annals.consumer.runtime.checkpoint.Checkpoint;
import dev.annals.consumer.runtime.failure.DeadLetters;
import dev.annals.consumer.runtime.failure.Failures;
import dev.annals.consumer.runtime.failure.ParkedAggregate;
import dev.annals.consumer.runtime.failure.Parking;
import dev.annals.consumer.runtime.failure.Redrive;
import dev.annals.consumer.runtime.failure.RedriveException;
import dev.annals.consumer.runtime.loop.ConsumerRunner;
import dev.annals.consumer.runtime.reactor.KafkaCommandBus;
import dev.annals.consumer.runtime.reactor.ReactionContext;
import dev.annals.consumer.runtime.reactor.ReactorSettings;
import dev.annals.consumer.runtime.rebuild.NoRebuildInProgressException;
import dev.annals.consumer.runtime.rebuild.NotRebuildableException;
import dev.annals.consumer.schema.ConsumerSchemas;
import dev.annals.consumer.schema.RebuildInProgressException;
import dev.annals.core.AggregateType;
import dev.annals.kafka.KafkaClients;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.validation.Validator;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * The projections and reactors of this service and their consumers. At start-up it finds every {@link Projection}
 * and {@link Reactor} bean, creates the runtime's tables and each consumer's, and starts one consumer thread per
 * projection or reactor (plus one per rebuild under way). Reactors send their commands through one
 * {@link KafkaCommandBus}, started with the first of them. Operations go through here: status, rebuild, stop and
 * start.
 */
@ApplicationScoped
public class Consumers {

    private static final Logger LOG = Logger.getLogger(Consumers.class);
    private static final long STOP_TIMEOUT_SECONDS = 30;

    private final Map<String, AggregateType<?, ?, ?>> serviceTypes = new TreeMap<>();
    private final Instance<Projection> discovered;
    private final Instance<Reactor> discoveredReactors;
    private final ReactorSettings reactorSettings;
    private final Instance<Validator> validators;
    private final String applicationName;
    private KafkaCommandBus commandBus;
    private final ConsumerSchemas schemas;
    private final ConsumerSettings settings;
    private final ReactiveTransactions transactions;
    private final ConsumerMetrics metrics;
    private final KafkaClients kafka;
    private final Tracer tracer;
    private final Map<String, ConsumerPlan> plans = new ConcurrentHashMap<>();
    private final Map<String, List<Running>> live = new ConcurrentHashMap<>();
    /** Rebuild runners by projection: one, or more in tests that play several instances (one rebuilds at a time). */
    private final Map<String, List<Running>> rebuilds = new ConcurrentHashMap<>();
    private RunnerServices services;
    private DeadLetters deadLetters;
    private EndOffsets endOffsets;
    /** Looks for rebuilds under way that no runner here serves (see {@link #watchRebuilds}). */
    private ScheduledExecutorService rebuildWatch;

    private record Running(ConsumerRunner runner, Thread thread) {
    }

    Consumers(@Any Instance<Projection> discovered, @Any Instance<Reactor> discoveredReactors,
                @Any Instance<AggregateType<?, ?, ?>> types, ConsumerSchemas schemas, ConsumerSettings settings,
                ReactorSettings reactorSettings, ReactiveTransactions transactions, ConsumerMetrics metrics,
                KafkaClients kafka, Instance<Validator> validators, Tracer tracer,
                @ConfigProperty(name = "quarkus.application.name") String applicationName) {
        this.tracer = tracer;
        this.discovered = discovered;
        this.discoveredReactors = discoveredReactors;
        this.reactorSettings = reactorSettings;
        this.validators = validators;
        this.applicationName = applicationName;
        types.forEach(type -> serviceTypes.put(type.name(), type));
        this.schemas = schemas;
        this.settings = settings;
        this.transactions = transactions;
        this.metrics = metrics;
        this.kafka = kafka;
    }

    void onStart(@Observes @Priority(20) StartupEvent start) {
        requireUsable(reactorSettings);
        schemas.migrateRuntime();
        endOffsets = new EndOffsets(kafka);
        deadLetters = new DeadLetters(kafka);
        services = new RunnerServices(settings, reactorSettings, kafka, transactions, deadLetters,
                metrics, schemas::trySwap, new ConsumerSpans(tracer));
        Set<String> disabled = settings.disabled().orElse(Set.of());
        for (Projection projection : discovered) {
            if (disabled.contains(projection.name())) {
                LOG.infof("projection %s is disabled (annals.consumer.disabled)", projection.name());
            } else {
                start(projection);
            }
        }
        for (Reactor reactor : discoveredReactors) {
            if (disabled.contains(reactor.name())) {
                LOG.infof("reactor %s is disabled (annals.consumer.disabled)", reactor.name());
            } else {
                start(reactor);
            }
        }
        rebuildWatch = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "annals-rebuild-watch");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.rebuildLease().dividedBy(3).toMillis();
        rebuildWatch.scheduleWithFixedDelay(this::watchRebuilds, every, every, TimeUnit.MILLISECONDS);
    }

    /**
     * Every instance serves every rebuild under way with a runner — the one holding its lease, or one standing by
     * to take it over — and not only an instance that started while it was under way: otherwise a rebuild whose
     * runner's instance is scaled away (or stopped) is held by nobody, and every new rebuild is refused while
     * none runs. A runner here that ended FAILED is left as it is: liveness is down, and the restart resumes it.
     */
    void watchRebuilds() {
        for (String name : List.copyOf(plans.keySet())) {
            ConsumerPlan plan = plans.get(name);
            if (plan == null || !plan.isRebuildable() || !live.containsKey(name)) {
                continue;
            }
            try {
                synchronized (this) {
                    List<Running> here = rebuilds.getOrDefault(name, List.of());
                    boolean served = here.stream().anyMatch(running -> running.thread().isAlive()
                            || running.runner().state() == RunnerState.FAILED);
                    Integer underWay = served ? null : schemas.generations(plan).rebuilding();
                    if (underWay != null && live.containsKey(name)) {
                        LOG.infof("projection %s: a rebuild into generation %d is under way and no runner here"
                                + " serves it; starting one", name, underWay);
                        launchRebuild(plan, underWay);
                    }
                }
            } catch (RuntimeException unanswered) {
                LOG.debugf("projection %s: cannot tell whether a rebuild is under way (%s)", name,
                        unanswered.getMessage());
            }
        }
    }

    void onStop(@Observes ShutdownEvent stop) {
        if (rebuildWatch != null) {
            rebuildWatch.shutdownNow();
        }
        List<Running> all = new ArrayList<>();
        rebuilds.values().forEach(all::addAll);
        live.values().forEach(all::addAll);
        stopAll(all);
        if (commandBus != null) {
            commandBus.close();
        }
        if (deadLetters != null) {
            deadLetters.close();
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
        start(ConsumerPlan.of(projection, serviceTypes));
    }

    /**
     * Starts a reactor: registers it, migrates its tables, creates its dead-letter topic, starts the command bus if
     * it is the first. Reactor beans are started at start-up; this is for code that adds one later.
     */
    public synchronized void start(Reactor reactor) {
        start(ConsumerPlan.of(reactor, commandBus(), validator(), Clock.systemUTC()));
    }

    private void start(ConsumerPlan plan) {
        ConsumerPlan known = plans.putIfAbsent(plan.name(), plan);
        if (known != null && known.source() != plan.source()) {
            throw new IllegalArgumentException("two projections or reactors are named " + plan.name());
        }
        if (live.containsKey(plan.name())) {
            throw new IllegalStateException("projection " + plan.name() + " is running already");
        }
        provisionDeadLetters(plan);
        run(plan);
    }

    /**
     * Registers the projection's tables, starts its live consumer, and a runner for a rebuild under way: it resumes
     * the rebuild, or stands by while another instance's runner holds it.
     */
    private void run(ConsumerPlan plan) {
        ConsumerSchemas.Generations generations = schemas.register(plan);
        launchLive(plan);
        if (generations.rebuilding() != null && !rebuilding(plan.name())) {
            LOG.infof("projection %s: a rebuild into generation %d is under way; starting a runner for it",
                    plan.name(), generations.rebuilding());
            launchRebuild(plan, generations.rebuilding());
        }
        LOG.infof("projection %s: consuming %s into %s (generation %d)", plan.name(), plan.topics(),
                plan.publishedSchema(), generations.serving());
    }

    /** Replays the projection from offset 0 into fresh tables, then swaps them in; answers the new generation. */
    public synchronized int rebuild(String name) {
        ConsumerPlan plan = plan(name);
        if (!plan.isRebuildable()) {
            throw new NotRebuildableException(name);
        }
        if (rebuilding(name)) {
            throw new RebuildInProgressException(name, rebuilds.get(name).getFirst().runner().rebuildGeneration());
        }
        int generation = schemas.startRebuild(plan);
        launchRebuild(plan, generation);
        return generation;
    }

    /**
     * Cancels the projection's rebuild under way, wherever its runner is: the generation in service stays, the
     * rebuild's tables go, and every runner of it stops (here at once, elsewhere at its next batch or lease check).
     * Answers the cancelled generation.
     *
     * @throws NoRebuildInProgressException if none is under way
     */
    public synchronized int cancelRebuild(String name) {
        ConsumerPlan plan = plan(name);
        List<Running> here = rebuilds.remove(name);
        if (here != null) {
            stopAll(here);
        }
        return schemas.cancelRebuild(plan).orElseThrow(() -> new NoRebuildInProgressException(name));
    }

    /**
     * Stops a projection's consumers here, its live ones and a rebuild's runner, and waits for their threads to
     * end. {@link #start} runs it again as a restarted service would: from its checkpoints, resuming a rebuild
     * under way.
     */
    public synchronized void stop(String name) {
        List<Running> running = live.remove(name);
        if (running != null) {
            stopAll(running);
        }
        List<Running> rebuild = rebuilds.remove(name);
        if (rebuild != null) {
            stopAll(rebuild);
        }
    }

    /** The states of every rebuild runner of the projection here, oldest first. */
    private List<RunnerState> rebuildRunnerStates(String name) {
        return rebuilds.getOrDefault(name, List.of()).stream().map(running -> running.runner().state()).toList();
    }

    /** The state of the projection's (first) live consumer here. */
    public Optional<RunnerState> state(String name) {
        return Optional.ofNullable(live.get(name)).filter(consumers -> !consumers.isEmpty())
                .map(consumers -> consumers.getFirst().runner().state());
    }

    /**
     * True if a consumer of the projection here ended on an unexpected error: a live one, or the runner of a
     * rebuild (which nothing else would resume: the restart that liveness brings does).
     */
    public boolean hasFailed(String name) {
        return live.getOrDefault(name, List.of()).stream()
                .anyMatch(consumer -> consumer.runner().state() == RunnerState.FAILED)
                || rebuilds.getOrDefault(name, List.of()).stream()
                .anyMatch(runner -> runner.runner().state() == RunnerState.FAILED);
    }

    /** The state of the projection's rebuild here: of the runner that holds it, if one does, else of the first. */
    public Optional<RunnerState> rebuildState(String name) {
        List<RunnerState> states = rebuildRunnerStates(name);
        return states.stream().filter(state -> state != RunnerState.STANDBY).findFirst()
                .or(() -> states.stream().findFirst());
    }

    /**
     * Whether the reactors' commands can be answered here: the reply topic is read (see {@link
     * KafkaCommandBus#isReading}), or no reactor runs. With the reason when not.
     */
    public Optional<String> replyReaderDown() {
        KafkaCommandBus bus = commandBus;
        if (bus == null || bus.isReading()) {
            return Optional.empty();
        }
        return Optional.of("the reactors' reply reader cannot read " + bus.replyTopic() + ": "
                + Optional.ofNullable(bus.readerFailure()).orElse("it stopped"));
    }

    public Collection<String> names() {
        return new TreeMap<>(plans).keySet();
    }

    public ConsumerPlan plan(String name) {
        ConsumerPlan plan = plans.get(name);
        if (plan == null) {
            throw new NoSuchElementException("no projection is named " + name);
        }
        return plan;
    }

    /** The status of every projection, with end offsets read from Kafka now. */
    public List<ConsumerStatus> status() {
        return names().stream().map(this::status).toList();
    }

    /**
     * The status of one projection. Without the database it cannot be told (an {@link IllegalStateException});
     * without Kafka's end offsets — Kafka unreachable, or a right the service's user lacks — it is told without the
     * lag and the dead letters, saying why, since the state and the last error matter most then.
     */
    public ConsumerStatus status(String name) {
        ConsumerPlan plan = plan(name);
        List<String> unavailable = new ArrayList<>();
        Map<TopicPartition, Long> ends = fromKafka(() -> endOffsets.committedEnds(plan.topics()), unavailable);
        Map<TopicPartition, Checkpoint> checkpoints = schemas.checkpoints(name);
        List<ConsumerStatus.PartitionStatus> partitions = new ArrayList<>();
        long lag = 0;
        for (var end : sorted(ends == null ? Map.of() : ends).entrySet()) {
            TopicPartition partition = end.getKey();
            Checkpoint checkpoint = checkpoints.getOrDefault(partition,
                    new Checkpoint(partition.topic(), partition.partition(), 0, Checkpoint.NO_COMMAND));
            long partitionLag = Math.max(0, end.getValue() - checkpoint.kafkaOffset());
            lag += partitionLag;
            partitions.add(new ConsumerStatus.PartitionStatus(partition.topic(), partition.partition(),
                    checkpoint.kafkaOffset(), checkpoint.commandOffset(), end.getValue(), partitionLag));
            metrics.lag(name, partition, partitionLag);
        }
        Long deadLetters = fromKafka(() -> endOffsets.records(List.of(plan.deadLetterTopic())), unavailable);
        if (deadLetters != null) {
            metrics.deadLetters(name, deadLetters);
        }
        ConsumerSchemas.Generations generations = schemas.generations(plan);
        List<ConsumerRunner> runners = live.getOrDefault(name, List.of()).stream().map(Running::runner).toList();
        ConsumerStatus.Failure lastError = runners.stream().filter(runner -> runner.lastError() != null)
                .max(Comparator.comparing(ConsumerRunner::lastErrorAt))
                .map(runner -> new ConsumerStatus.Failure(runner.lastError(), runner.lastErrorAt())).orElse(null);
        Long parked = parkedCount(name, unavailable);
        return new ConsumerStatus(name, plan.kind(), state(name).orElse(null), generations.serving(), plan.topics(),
                ends == null ? null : lag, partitions, deadLetters, parked,
                runners.stream().mapToLong(ConsumerRunner::applied).sum(), lastError,
                rebuildStatus(plan, generations, ends), unavailable.isEmpty() ? null : String.join("; ", unavailable));
    }

    /**
     * Reactor settings that cannot work are refused at start, named: no aggregate could react with a concurrency
     * (or events in flight) below 1, and a reaction given less time than one command's answer would be abandoned
     * before any answer came.
     */
    static void requireUsable(ReactorSettings reactors) {
        if (reactors.concurrency() < 1) {
            throw new IllegalStateException("annals.reactor.concurrency is at least 1, not " + reactors.concurrency());
        }
        if (reactors.maxInFlight() < 1) {
            throw new IllegalStateException("annals.reactor.max-in-flight is at least 1, not "
                    + reactors.maxInFlight());
        }
        if (reactors.reactionTimeout().compareTo(reactors.replyTimeout()) <= 0) {
            throw new IllegalStateException("annals.reactor.reaction-timeout (" + reactors.reactionTimeout()
                    + ") must be longer than annals.reactor.reply-timeout (" + reactors.replyTimeout()
                    + "): a reaction would be abandoned before its command's answer could come");
        }
    }

    /** The aggregates parked in the consumer {@code name} (see {@link Parking}). */
    public List<ParkedAggregate> parked(String name) {
        return new Redrive(plan(name), services).parked();
    }

    /**
     * Applies a parked aggregate's events again, the parked one first, then those held behind it, and unparks it;
     * answers how many were applied. A {@link RedriveException} says it is not parked, or still fails (then
     * nothing changed).
     */
    public int redrive(String name, String aggregateType, String aggregateId, boolean skipParkedEvent) {
        return new Redrive(plan(name), services).run(aggregateType, aggregateId, skipParkedEvent);
    }

    private Long parkedCount(String name, List<String> unavailable) {
        try {
            return (long) parked(name).size();
        } catch (RuntimeException e) {
            unavailable.add("parked aggregates unknown: " + Failures.describe(e));
            return null;
        }
    }

    /** What Kafka answers, or null with the reason added to {@code unavailable}. */
    private static <T> T fromKafka(Supplier<T> question, List<String> unavailable) {
        try {
            return question.get();
        } catch (IllegalStateException e) {
            unavailable.add(e.getMessage());
            return null;
        }
    }

    private ConsumerStatus.Rebuild rebuildStatus(ConsumerPlan plan, ConsumerSchemas.Generations generations,
                                                   Map<TopicPartition, Long> ends) {
        if (generations.rebuilding() == null) {
            return null;
        }
        Map<TopicPartition, Checkpoint> checkpoints =
                schemas.checkpoints(plan.rebuildConsumer(generations.rebuilding()));
        Long lag = ends == null ? null : ends.entrySet().stream().mapToLong(end -> Math.max(0, end.getValue()
                - (checkpoints.containsKey(end.getKey()) ? checkpoints.get(end.getKey()).kafkaOffset() : 0))).sum();
        return new ConsumerStatus.Rebuild(generations.rebuilding(), rebuildState(plan.name()).orElse(null), lag);
    }

    private static Map<TopicPartition, Long> sorted(Map<TopicPartition, Long> offsets) {
        Map<TopicPartition, Long> byName = new TreeMap<>(Comparator.comparing(TopicPartition::topic)
                .thenComparingInt(TopicPartition::partition));
        byName.putAll(offsets);
        return byName;
    }

    private void provisionDeadLetters(ConsumerPlan plan) {
        try {
            DeadLetters.provision(endOffsets.admin(), plan.name(), settings.deadLetterPartitions(),
                    settings.deadLetterReplicationFactor(), settings.deadLetterMinInsyncReplicas(),
                    settings.createDeadLetterTopics());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (TimeoutException e) {
            throw new IllegalStateException("Kafka did not create " + plan.deadLetterTopic() + " in time", e);
        }
    }

    private KafkaCommandBus commandBus() {
        if (commandBus == null) {
            try {
                commandBus = KafkaCommandBus.start(kafka, endOffsets.admin(), reactorSettings, applicationName);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (TimeoutException e) {
                throw new IllegalStateException("Kafka did not provision the reply topic in time", e);
            }
            LOG.infof("reactors send commands as %s and read their answers from %s", commandBus.principal(),
                    commandBus.replyTopic());
        }
        return commandBus;
    }

    /** Bean Validation of the commands reactors send, as the gateway checks a client's. */
    private ReactionContext.CommandValidator validator() {
        if (!validators.isResolvable()) {
            return ReactionContext.CommandValidator.NONE;
        }
        Validator validator = validators.get();
        return command -> validator.validate(command).stream()
                .map(violation -> violation.getPropertyPath() + " " + violation.getMessage())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private boolean rebuilding(String name) {
        return rebuilds.getOrDefault(name, List.of()).stream().anyMatch(rebuild -> rebuild.thread().isAlive());
    }

    private void launchRebuild(ConsumerPlan plan, int generation) {
        ConsumerRunner runner = ConsumerRunner.rebuild(plan, generation, services);
        List<Running> runners = new CopyOnWriteArrayList<>();
        runners.add(launch(runner));
        rebuilds.put(plan.name(), runners);
    }

    private void launchLive(ConsumerPlan plan) {
        List<Running> consumers = new CopyOnWriteArrayList<>();
        consumers.add(launch(ConsumerRunner.live(plan, services)));
        live.put(plan.name(), consumers);
    }

    private static Running launch(ConsumerRunner runner) {
        Thread thread = new Thread(runner, "annals-consumer-" + runner.consumerName());
        thread.setDaemon(true);
        thread.start();
        return new Running(runner, thread);
    }

    /** Asks every consumer to stop first, so they wind down side by side, then waits for each thread. */
    private static void stopAll(Collection<Running> consumers) {
        consumers.forEach(running -> running.runner().stop());
        for (Running running : consumers) {
            try {
                running.thread().join(TimeUnit.SECONDS.toMillis(STOP_TIMEOUT_SECONDS));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}
