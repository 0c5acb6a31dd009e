package dev.annals.consumer.runtime;

import dev.annals.consumer.LogPosition;
import dev.annals.consumer.Sql;
import dev.annals.telemetry.Traces;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The consumer of one projection, on a thread of its own: poll a batch, apply it and its checkpoint in one
 * transaction, repeat. Live, it is a member of the projection's consumer group; rebuilding, it reads every
 * partition from offset 0 into the next generation's tables, then swaps them in.
 *
 * <p>Why a plain {@link KafkaConsumer} and not a SmallRye channel: the seek to the database checkpoint must happen
 * inside the rebalance callback, before the first record of a new partition is returned; a rebuild needs a second,
 * temporary consumer per projection; and consumer services declare projections as beans, not as channels.
 *
 * <p>Exactly once: the checkpoint rows of the batch's partitions are locked in the batch's transaction and records
 * below them are skipped, so even two instances that both believe they own a partition apply each event once.
 */
final class ProjectionRunner implements Runnable {

    private static final Logger LOG = Logger.getLogger(ProjectionRunner.class);
    private static final AtomicLong INSTANCES = new AtomicLong();
    /** At most this many deadlines of a partition fire in one check; the rest in the next. */
    private static final int DEADLINES_PER_CHECK = 100;
    /** How long to wait for the answer about one topic before leaving it to the subscription. */
    private static final Duration DESCRIBE_TIMEOUT = Duration.ofSeconds(10);
    /** What a reactor's poll interval allows beyond its reactions: the checkpoint's transaction, dead letters. */
    private static final Duration MAX_POLL_MARGIN = Duration.ofSeconds(60);

    private final ProjectionPlan plan;
    private final Integer rebuildGeneration;
    private final String consumerName;
    private final RunnerServices services;
    private final EventDecoder decoder;
    private final Map<TopicPartition, Long> checkpointed = new ConcurrentHashMap<>();
    private final AtomicLong applied = new AtomicLong();
    private volatile boolean running = true;
    private volatile RunnerState state = RunnerState.STARTING;
    private volatile String lastError;
    private volatile Instant lastErrorAt;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private Map<TopicPartition, Long> rebuildTarget = Map.of();
    /** A rebuild runner's name in the lease: unique, so that two instances never take each other's for theirs. */
    private final String runnerId = UUID.randomUUID().toString();
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private long leaseRenewedAt;
    private long deadlinesCheckedAt;
    /** The partition the last poll read alone (every other one paused), to find the end of a command in it. */
    private TopicPartition polledAlone;
    /** The partitions whose last applied event did not end its command (one larger than a poll): no swap there. */
    private final Set<TopicPartition> insideCommand = new HashSet<>();
    /**
     * Whether an aggregate may be parked in this consumer's tables, so that batches look for theirs (see {@link
     * Parking}); null until the next batch asks the database (after a partition assignment: another instance may
     * have parked one of them).
     */
    private volatile Boolean mayHaveParked;
    /** When a reactor's event first failed for a transient reason not the runtime's own, by its position. */
    private final Map<LogPosition, Long> failingSince = new ConcurrentHashMap<>();
    /** A reactor's reactions, outside any transaction; null for a projection. */
    private final Reactions reactions;

    private ProjectionRunner(ProjectionPlan plan, Integer rebuildGeneration, RunnerServices services) {
        this.plan = plan;
        this.rebuildGeneration = rebuildGeneration;
        this.consumerName = rebuildGeneration == null ? plan.name() : plan.rebuildConsumer(rebuildGeneration);
        this.services = services;
        this.decoder = new EventDecoder(plan.types(), plan.handlers());
        this.reactions = plan.reacting().isEmpty() ? null : new Reactions(plan, services, this::useTables,
                () -> running, new Reactions.Notes() {
                    @Override
                    public void waiting(Throwable failure) {
                        if (state != RunnerState.RETRYING) {
                            LOG.warnf("reactor %s: waiting, then trying again (%s)", consumerName,
                                    Failures.describe(failure));
                        }
                        state = RunnerState.RETRYING;
                        failed(failure);
                        services.metrics().retry(plan.name(), "transient");
                    }

                    @Override
                    public void retrying(Throwable failure) {
                        failed(failure);
                        services.metrics().retry(plan.name(), "handler");
                    }

                    @Override
                    public boolean pastTransientLimit(BatchEntry entry) {
                        long first = failingSince.computeIfAbsent(entry.position(),
                                key -> System.nanoTime());
                        return System.nanoTime() - first >= services.settings().transientLimit().toNanos();
                    }
                });
    }

    static ProjectionRunner live(ProjectionPlan plan, RunnerServices services) {
        return new ProjectionRunner(plan, null, services);
    }

    static ProjectionRunner rebuild(ProjectionPlan plan, int generation, RunnerServices services) {
        return new ProjectionRunner(plan, generation, services);
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            if (isRebuild()) {
                if (!holdLease()) {
                    return;
                }
                assignEveryPartition(kafka);
            } else {
                requireReadable(kafka);
                kafka.subscribe(plan.topicPattern(), new SeekToCheckpoints());
            }
            state = RunnerState.RUNNING;
            while (running) {
                // a rebuild of topics that do not exist yet has nothing to read: it swaps at once
                if (!kafka.assignment().isEmpty() || !isRebuild()) {
                    Batch batch = batchOf(kafka.poll(services.settings().pollTimeout()));
                    if (!batch.isEmpty()) {
                        apply(batch);
                    }
                }
                if (plan.reacting().isPresent()) {
                    fireDueDeadlines(kafka);
                }
                if (isRebuild()) {
                    renewLeaseIfIdle();
                    if (caughtUp(kafka) && swapIn(kafka)) {
                        state = RunnerState.SWAPPED;
                        LOG.infof("projection %s: generation %d is in service", plan.name(), rebuildGeneration);
                        return;
                    }
                }
            }
            state = RunnerState.STOPPED;
        } catch (RebuildLease.LeaseLost lost) {
            state = RunnerState.STOPPED;
            LOG.infof("%s; stopping", lost.getMessage());
        } catch (WakeupException | InterruptException stopped) {
            state = running ? RunnerState.FAILED : RunnerState.STOPPED;
        } catch (RuntimeException | Error failure) {
            state = running ? RunnerState.FAILED : RunnerState.STOPPED;
            if (running) {
                failed(failure);
                LOG.errorf(failure, "projection %s stopped", consumerName);
            }
        }
    }

    /** Asks the consumer to stop; it leaves the group and ends the thread after the current batch. */
    void stop() {
        running = false;
        stopRequested.countDown();
        KafkaConsumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
    }

    String consumerName() {
        return consumerName;
    }

    Integer rebuildGeneration() {
        return rebuildGeneration;
    }

    boolean isRebuild() {
        return rebuildGeneration != null;
    }

    RunnerState state() {
        return state;
    }

    long applied() {
        return applied.get();
    }

    String lastError() {
        return lastError;
    }

    Instant lastErrorAt() {
        return lastErrorAt;
    }

    private Map<String, Object> consumerProperties() {
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, services.settings().batchSize());
        // a topic created after start-up (a new aggregate type) is found within seconds, not 5 minutes
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        if (!isRebuild()) {
            properties.put(ConsumerConfig.GROUP_ID_CONFIG, plan.consumerGroup());
        }
        if (reactions != null) {
            // the longest a reactor goes between polls: its events' reactions, then its deadlines', each phase
            // starting none after time-per-poll and abandoning any after reaction-timeout; Kafka's default (5
            // minutes) may be shorter than that, and a member past it is evicted over and over
            Duration phase = services.reactors().timePerPoll().plus(services.reactors().reactionTimeout());
            properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                    (int) phase.multipliedBy(2).plus(MAX_POLL_MARGIN).toMillis());
        }
        properties.putAll(services.settings().kafka());
        // the service's shared Kafka settings (servers, security...) under the consumer's own; the role, and so the
        // client.id, is unique in the JVM: a projection may run several consumers here
        return services.kafka().config(consumerName + "-" + INSTANCES.incrementAndGet(), properties);
    }

    private final class SeekToCheckpoints implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // a rebalance during the poll meant for one partition alone: that poll may have read others too
            polledAlone = null;
            seekToCheckpoints(consumer, partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            polledAlone = null;
            checkpointed.keySet().removeAll(partitions);
            insideCommand.removeAll(partitions);
            // another instance counts their failures now; if they come back, from their first failure there
            failingSince.keySet().removeIf(position -> partitions.contains(
                    new TopicPartition(position.topic(), position.partition())));
        }
    }

    /** Kafka's committed offsets are only informative: the position always comes from the database. */
    private void seekToCheckpoints(KafkaConsumer<String, byte[]> kafka, Collection<TopicPartition> partitions) {
        if (partitions.isEmpty()) {
            return;
        }
        Map<TopicPartition, Checkpoint> checkpoints = awaitRetrying(() -> services.transactions()
                .inTransaction(sql -> CheckpointSql.prepare(sql, consumerName, partitions)));
        for (TopicPartition partition : partitions) {
            long offset = checkpoints.get(partition).kafkaOffset();
            kafka.seek(partition, offset);
            checkpointed.put(partition, offset);
        }
        if (!Boolean.TRUE.equals(mayHaveParked)) {
            mayHaveParked = null; // another instance may have parked an aggregate of these: the next batch asks
        }
        LOG.debugf("projection %s: partitions %s at %s", consumerName, partitions, checkpoints.values());
    }

    /**
     * A pattern subscription quietly leaves out a topic its user may not describe, exactly as one that does not
     * exist yet, and the projection would wait for it for ever, RUNNING and reading nothing. Asking for each topic
     * by name tells the two apart: Kafka refuses a topic without DESCRIBE by name ({@code
     * TopicAuthorizationException}, the projection FAILED, liveness down) and answers a missing one with no
     * partitions (the subscription picks it up once created). A broker that cannot be reached yet is not a refusal:
     * the consumer waits for it as before.
     */
    private void requireReadable(KafkaConsumer<String, byte[]> kafka) {
        for (String topic : plan.topics()) {
            try {
                kafka.partitionsFor(topic, DESCRIBE_TIMEOUT);
            } catch (TimeoutException notYet) {
                LOG.debugf("projection %s: no answer about %s yet (%s)", plan.name(), topic, notYet.getMessage());
            }
        }
    }

    private void assignEveryPartition(KafkaConsumer<String, byte[]> kafka) {
        Set<TopicPartition> partitions = new HashSet<>();
        for (String topic : plan.topics()) {
            List<PartitionInfo> infos = waitingForKafka(() -> kafka.partitionsFor(topic));
            if (infos != null) {
                infos.forEach(info -> partitions.add(new TopicPartition(info.topic(), info.partition())));
            }
        }
        Set<TopicPartition> added = new HashSet<>(partitions);
        added.removeAll(kafka.assignment());
        if (added.isEmpty() && !kafka.assignment().isEmpty()) {
            return;
        }
        kafka.assign(partitions);
        polledAlone = null; // the new partitions are not paused: the next poll is not one partition's alone
        seekToCheckpoints(kafka, added);
        Map<TopicPartition, Long> target = new HashMap<>(rebuildTarget);
        target.putAll(waitingForKafka(() -> kafka.endOffsets(added)));
        rebuildTarget = target;
    }

    /**
     * A question to Kafka asked again, with the retries' backoff, for as long as Kafka does not answer in time: a
     * broker away for a minute must not end a rebuild that nothing restarts.
     */
    private <T> T waitingForKafka(Supplier<T> question) {
        for (int attempt = 0; ; attempt++) {
            try {
                T answer = question.get();
                goingOnAgain();
                return answer;
            } catch (TimeoutException notNow) {
                if (!running) {
                    throw notNow;
                }
                failed(notNow);
                state = RunnerState.RETRYING;
                LOG.warnf("projection %s: Kafka did not answer in time (%s); asking again", consumerName,
                        notNow.getMessage());
                awaitStop(backoff(attempt));
            }
        }
    }

    /**
     * Takes the rebuild's lease, standing by while another runner holds it. False when there is nothing left to
     * rebuild (another runner swapped this generation in) or the runner was stopped while it waited.
     */
    private boolean holdLease() {
        Duration lease = services.settings().rebuildLease();
        while (running) {
            RebuildLease.Claim claim = awaitRetrying(() -> services.transactions().inTransaction(sql ->
                    RebuildLease.claim(sql, plan.name(), rebuildGeneration, runnerId, lease)));
            switch (claim) {
                case HELD -> {
                    leaseRenewedAt = System.nanoTime();
                    return true;
                }
                case OVER -> {
                    state = RunnerState.STOPPED;
                    LOG.infof("projection %s: generation %d is no longer being rebuilt", plan.name(),
                            rebuildGeneration);
                    return false;
                }
                case TAKEN -> {
                    if (state != RunnerState.STANDBY) {
                        LOG.infof("projection %s: another instance rebuilds generation %d; standing by",
                                plan.name(), rebuildGeneration);
                    }
                    state = RunnerState.STANDBY;
                    awaitStop(lease.dividedBy(3));
                }
            }
        }
        state = RunnerState.STOPPED;
        return false;
    }

    /**
     * A reactor's deadlines that came due in the partitions this consumer holds, fired side by side as reactions
     * (see {@link Reactions#fire}), none started after time-per-poll. One whose handler fails stays, and fires again
     * after a backoff, with the same derived keys.
     */
    private void fireDueDeadlines(KafkaConsumer<String, byte[]> kafka) {
        long now = System.nanoTime();
        if (now - deadlinesCheckedAt < services.settings().deadlineCheckInterval().toNanos()) {
            return;
        }
        deadlinesCheckedAt = now;
        long until = now + services.reactors().timePerPoll().toNanos();
        for (TopicPartition partition : kafka.assignment()) {
            List<Deadlines.Due> due = awaitRetrying(() -> services.transactions().inTransaction(sql -> useTables(sql)
                    .chain(() -> Deadlines.due(sql, partition.topic(), partition.partition(), DEADLINES_PER_CHECK))));
            if (running && !due.isEmpty()) {
                reactions.fire(due, partition, until).forEach(failed -> deadlineFailed(failed.due(), failed.failure()));
            }
        }
    }

    private void deadlineFailed(Deadlines.Due due, Throwable failure) {
        failed(failure);
        Duration backoff = backoff(due.attempts());
        LOG.warnf("reactor %s: deadline %s failed (%s); it fires again in %d ms", plan.name(), due.deadline(),
                Failures.describe(failure), backoff.toMillis());
        awaitRetrying(() -> services.transactions().inTransaction(sql -> useTables(sql)
                .invoke(() -> Deadlines.failed(sql, due.deadline(), Failures.describe(failure), backoff))));
    }

    /** The wait before a failed deadline fires again: the retries' backoff, doubling with each attempt. */
    private Duration backoff(int attempts) {
        Duration wait = services.settings().initialBackoff().multipliedBy(1L << Math.min(attempts, 20));
        return wait.compareTo(services.settings().maxBackoff()) > 0 ? services.settings().maxBackoff() : wait;
    }

    /** A rebuild that applies nothing for a while (it waits for the live side) still says it is alive. */
    private void renewLeaseIfIdle() {
        Duration sinceRenewed = Duration.ofNanos(System.nanoTime() - leaseRenewedAt);
        if (sinceRenewed.compareTo(services.settings().rebuildLease().dividedBy(3)) >= 0) {
            awaitRetrying(() -> services.transactions().inTransaction(sql ->
                    RebuildLease.renew(sql, plan.name(), rebuildGeneration, runnerId)));
            leaseRenewedAt = System.nanoTime();
        }
    }

    private void awaitStop(Duration atMost) {
        try {
            stopRequested.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /**
     * Every partition read up to its end as the rebuild began, and none inside a command larger than a poll: a
     * generation goes into service with whole commands only.
     */
    private boolean caughtUp(KafkaConsumer<String, byte[]> kafka) {
        if (!insideCommand.isEmpty()) {
            return false;
        }
        for (var target : rebuildTarget.entrySet()) {
            Long at = checkpointed.get(target.getKey());
            if (at == null || at < target.getValue() || kafka.position(target.getKey()) < target.getValue()) {
                return false;
            }
        }
        return true;
    }

    /**
     * The swap, tried again while the database is away (a failover, a dropped connection): it is one transaction,
     * so a try that failed changed nothing, and one whose commit went through unseen is found swapped by the next.
     */
    private boolean swapIn(KafkaConsumer<String, byte[]> kafka) {
        SwapOutcome outcome = awaitRetrying(() -> Uni.createFrom()
                .item(() -> services.swapper().trySwap(plan, rebuildGeneration, runnerId)));
        goingOnAgain();
        return switch (outcome) {
            case SWAPPED -> true;
            case BEHIND -> {
                assignEveryPartition(kafka); // the live side may have seen a partition created since it began
                yield false;
            }
            case NOT_HELD -> throw new RebuildLease.LeaseLost(plan.name(), rebuildGeneration);
        };
    }

    /**
     * The polled records as one transaction's batch, ending each partition at a command's last event: a poll that
     * stops inside a command leaves that command's events for the next batch (the consumer is sought back to its
     * first event), so that no reader ever sees half a command — an order book with 101 resting bids between an
     * {@code OrderRested} and its {@code OrderDropped}.
     *
     * <p>{@code max.poll.records} is shared by the partitions of a poll, so the last partition of one often gets
     * only the first events of a command. When a partition's records hold no command end at all, the next poll
     * reads that partition alone (every other one paused), where a command that fits a poll is whole. Only a
     * command with more events than a poll of its partition alone holds is applied across transactions; its
     * offset is then reached with its last event (see {@link BatchEntry}).
     */
    private Batch batchOf(ConsumerRecords<String, byte[]> records) {
        TopicPartition alone = polledAlone;
        if (alone != null) {
            consumer.resume(consumer.paused());
            polledAlone = null;
        }
        List<BatchEntry> entries = new ArrayList<>(records.count());
        Map<TopicPartition, Long> heldBack = new HashMap<>();
        TopicPartition readAloneNext = null;
        for (TopicPartition partition : records.partitions()) {
            List<BatchEntry> slice = records.records(partition).stream().map(decoder::decode).toList();
            int whole = wholeCommands(slice);
            boolean largerThanAPoll = whole == 0
                    && (partition.equals(alone) || slice.size() >= services.settings().batchSize());
            if (whole < slice.size() && !largerThanAPoll) {
                heldBack.put(partition, slice.get(whole).offset());
                consumer.seek(partition, slice.get(whole).offset());
                slice = slice.subList(0, whole);
                if (whole == 0 && readAloneNext == null) {
                    readAloneNext = partition;
                }
            }
            entries.addAll(slice);
        }
        Map<TopicPartition, Long> positions = new HashMap<>();
        for (TopicPartition partition : consumer.assignment()) {
            long position = heldBack.getOrDefault(partition, consumer.position(partition));
            Long known = checkpointed.get(partition);
            if (!records.records(partition).isEmpty() || known == null || position > known) {
                positions.put(partition, position);
            }
        }
        if (readAloneNext != null) {
            Set<TopicPartition> others = new HashSet<>(consumer.assignment());
            others.remove(readAloneNext);
            consumer.pause(others);
            polledAlone = readAloneNext;
        }
        return new Batch(entries, positions);
    }

    /** How many of a partition's entries end at a command's last event: up to the last such one, 0 if none does. */
    private static int wholeCommands(List<BatchEntry> slice) {
        for (int end = slice.size(); end > 0; end--) {
            if (slice.get(end - 1).endsItsCommand()) {
                return end;
            }
        }
        return 0;
    }

    private void apply(Batch polled) {
        long started = System.nanoTime();
        for (BatchEntry entry : polled.entries()) {
            if (entry.isPoison() && entry.offset() >= checkpointed.getOrDefault(entry.partition(), 0L)) {
                deadLetter(entry, entry.poison(), 1);
            }
        }
        Batch batch = reactions != null ? react(polled) : applyInOneTransaction(polled);
        checkpointed.putAll(batch.positions());
        noteCommandEnds(batch);
        services.metrics().batch(plan.name(), Duration.ofNanos(System.nanoTime() - started));
        if (!isRebuild()) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            batch.positions().forEach((partition, position) -> offsets.put(partition, new OffsetAndMetadata(position)));
            // for tools such as kafka-consumer-groups only: the position is always read back from the database
            consumer.commitAsync(offsets, null);
        }
    }

    /** A projection's batch: in one transaction, or a command at a time if that fails. */
    private Batch applyInOneTransaction(Batch batch) {
        try {
            awaitRetrying(() -> transaction(batch), services.settings().transientLimit());
            count(batch);
            leaseRenewedAt = System.nanoTime();
        } catch (RebuildLease.LeaseLost stop) {
            throw stop;
        } catch (RuntimeException failure) {
            Failures.rethrowIfFatal(failure);
            if (!running) {
                throw failure;
            }
            LOG.warnf("projection %s: a batch of %d failed (%s); applying its events one at a time", consumerName,
                    batch.entries().size(), Failures.describe(failure));
            applyOneByOne(batch);
        }
        return batch;
    }

    /**
     * A reactor's poll (see {@link Reactions}): its reactions, each outside any transaction, then the checkpoints
     * in a short one — each partition's up to its first event left for the next poll, where the consumer is sought
     * back. A reaction that failed every attempt is dead-lettered here, its aggregate parked (see {@link Parking}),
     * without another try: the poll's time is bounded by its reactions' (see {@code max.poll.interval.ms}).
     * Answers the batch as far as it got.
     */
    private Batch react(Batch batch) {
        List<BatchEntry> toReact = batch.entries().stream().filter(entry -> !entry.isPoison()
                && entry.offset() >= checkpointed.getOrDefault(entry.partition(), 0L)).toList();
        long until = System.nanoTime() + services.reactors().timePerPoll().toNanos();
        Map<TopicPartition, Long> positions = new HashMap<>(batch.positions());
        List<BatchEntry> done = new ArrayList<>();
        Map<String, List<Reactions.Reacted>> failedRuns = new LinkedHashMap<>();
        for (Reactions.Reacted reacted : reactions.react(toReact, until)) {
            BatchEntry entry = reacted.entry();
            if (reacted.outcome() != Reactions.Outcome.LEFT) {
                failingSince.remove(entry.position());
            }
            switch (reacted.outcome()) {
                case DONE -> done.add(entry);
                case LEFT -> positions.merge(entry.partition(), entry.offset(), Math::min);
                case FAILED -> failedRuns.computeIfAbsent(Parking.key(entry), key -> new ArrayList<>()).add(reacted);
            }
        }
        failedRuns.values().forEach(this::deadLetterRun);
        positions.forEach((partition, position) -> {
            if (position < batch.positions().get(partition)) {
                consumer.seek(partition, position);
            }
        });
        List<BatchEntry> recorded = batch.entries().stream()
                .filter(entry -> entry.offset() < positions.get(entry.partition())).toList();
        Batch reactedTo = new Batch(recorded, positions);
        awaitRetrying(() -> services.transactions().inTransaction(sql -> useTables(sql)
                .chain(() -> CheckpointSql.lock(sql, consumerName, positions.keySet()))
                .invoke(stored -> writeCheckpoints(sql, reactedTo, stored, commandOffsets(recorded)))));
        boolean waiting = positions.entrySet().stream()
                .anyMatch(position -> position.getValue() < batch.positions().get(position.getKey()));
        count(new Batch(done, Map.of()), !waiting); // an aggregate still waiting keeps the state RETRYING
        return reactedTo;
    }

    /**
     * A run of one aggregate's events whose reaction failed every attempt (or said it never will): once the
     * database is known to answer — an outage never dead-letters — the event to blame goes to the dead-letter topic
     * (the run's first when events are missing before it, else the one with the handler), and the aggregate is
     * parked at the run's first event with the rest held, for a redrive.
     */
    private void deadLetterRun(List<Reactions.Reacted> run) {
        Throwable failure = run.getFirst().failure();
        List<BatchEntry> entries = run.stream().map(Reactions.Reacted::entry).toList();
        BatchEntry blamed = failure instanceof VersionOrder.MissingEvents ? entries.getFirst() : entries.getLast();
        LOG.warnf("reactor %s: the reaction to %s failed every attempt: %s", consumerName, blamed.position(),
                Failures.describe(failure));
        awaitRetrying(() -> services.transactions().inTransaction(sql -> sql.query("select 1")));
        failed(failure);
        deadLetter(blamed, failure, Failures.isPermanent(failure) ? 1
                : Math.max(1, services.settings().handlerAttempts()));
        awaitRetrying(() -> services.transactions().inTransaction(sql -> useTables(sql).invoke(() -> {
            Parking.park(sql, entries.getFirst(), Failures.describe(failure));
            entries.subList(1, entries.size()).forEach(entry -> Parking.hold(sql, entry));
        })));
    }

    /** Each partition's last command all of whose events are in {@code entries}. */
    private static Map<TopicPartition, Long> commandOffsets(List<BatchEntry> entries) {
        Map<TopicPartition, Long> commandOffsets = new HashMap<>();
        entries.stream().filter(BatchEntry::endsItsCommand).forEach(entry ->
                commandOffsets.merge(entry.partition(), entry.commandOffset(), Math::max));
        return commandOffsets;
    }

    /** Which partitions now stand inside a command (its last applied event not the command's last). */
    private void noteCommandEnds(Batch batch) {
        Map<TopicPartition, BatchEntry> lastOf = new HashMap<>();
        batch.entries().forEach(entry -> lastOf.put(entry.partition(), entry));
        lastOf.forEach((partition, last) -> {
            if (last.endsItsCommand()) {
                insideCommand.remove(partition);
            } else {
                insideCommand.add(partition);
            }
        });
    }

    /**
     * A failed batch again, a command at a time (its events together, so that no reader sees half of it), and the
     * events of a command that still fails one at a time, to find the one that cannot be applied.
     */
    private void applyOneByOne(Batch batch) {
        Map<TopicPartition, Integer> remaining = new HashMap<>();
        batch.entries().forEach(entry -> remaining.merge(entry.partition(), 1, Integer::sum));
        for (List<BatchEntry> command : commands(batch.entries())) {
            BatchEntry last = command.getLast();
            TopicPartition partition = last.partition();
            boolean lastOfPartition = remaining.merge(partition, -command.size(), Integer::sum) == 0;
            long next = lastOfPartition ? batch.positions().get(partition) : last.offset() + 1;
            if (command.size() > 1 && applyTogether(new Batch(command, Map.of(partition, next)))) {
                continue;
            }
            for (int i = 0; i < command.size(); i++) {
                BatchEntry entry = command.get(i);
                long after = i == command.size() - 1 ? next : entry.offset() + 1;
                applyAlone(entry, new Batch(List.of(entry), Map.of(partition, after)));
            }
        }
        Map<TopicPartition, Long> withoutEntries = new HashMap<>(batch.positions());
        batch.entries().forEach(entry -> withoutEntries.remove(entry.partition()));
        if (!withoutEntries.isEmpty()) {
            awaitRetrying(() -> transaction(new Batch(List.of(), withoutEntries)));
        }
    }

    /** The entries in runs of one command each: consecutive entries of a partition with the same command offset. */
    private static List<List<BatchEntry>> commands(List<BatchEntry> entries) {
        List<List<BatchEntry>> commands = new ArrayList<>();
        List<BatchEntry> current = new ArrayList<>();
        for (BatchEntry entry : entries) {
            if (!current.isEmpty()) {
                BatchEntry previous = current.getLast();
                if (!previous.partition().equals(entry.partition()) || previous.endsItsCommand()
                        || previous.commandOffset() != entry.commandOffset()) {
                    commands.add(current);
                    current = new ArrayList<>();
                }
            }
            current.add(entry);
        }
        if (!current.isEmpty()) {
            commands.add(current);
        }
        return commands;
    }

    /** One command's events in one transaction; false when it fails for a reason other than the database. */
    private boolean applyTogether(Batch command) {
        try {
            awaitRetrying(() -> transaction(command), lastTryGrace()); // the batch had its time
            count(command);
            return true;
        } catch (RebuildLease.LeaseLost stop) {
            throw stop;
        } catch (RuntimeException failure) {
            Failures.rethrowIfFatal(failure);
            if (!running) {
                throw failure;
            }
            return false;
        }
    }

    /**
     * One event in its own transaction, retried with backoff. It goes to the dead-letter topic only when it still
     * fails once the database is known to answer: a database that is away never sends an event there.
     */
    private void applyAlone(BatchEntry entry, Batch single) {
        int attempts = Math.max(1, services.settings().handlerAttempts());
        RuntimeException firstFailure;
        try {
            retrying(() -> transaction(single), services.settings().transientLimit())
                    .onFailure(this::isEventFailure).invoke(failure -> services.metrics().retry(plan.name(), "handler"))
                    .onFailure(this::isEventFailure).retry()
                    .withBackOff(services.settings().initialBackoff(), services.settings().maxBackoff())
                    .atMost(attempts - 1)
                    .await().indefinitely();
            count(single);
            return;
        } catch (RebuildLease.LeaseLost stop) {
            throw stop;
        } catch (RuntimeException failure) {
            Failures.rethrowIfFatal(failure);
            if (!running) {
                throw failure;
            }
            firstFailure = failure;
        }
        awaitRetrying(() -> services.transactions().inTransaction(sql -> sql.query("select 1")));
        try {
            if (Failures.isPermanent(firstFailure)) {
                throw firstFailure; // the handler said so: no last try
            }
            awaitRetrying(() -> transaction(single), lastTryGrace());
            count(single);
        } catch (RebuildLease.LeaseLost stop) {
            throw stop;
        } catch (RuntimeException failure) {
            Failures.rethrowIfFatal(failure);
            if (!running) {
                throw failure;
            }
            failed(failure);
            deadLetter(entry, failure, Failures.isPermanent(failure) ? 1 : attempts + 1);
            BatchEntry poisoned = entry.envelope() != null ? entry.deadLettered(failure)
                    : BatchEntry.poison(entry.record(), failure);
            mayHaveParked = true;
            awaitRetrying(() -> transaction(new Batch(List.of(poisoned), single.positions())));
        }
    }

    private boolean isEventFailure(Throwable failure) {
        return running && !Failures.isFatal(failure) && !(failure instanceof RebuildLease.LeaseLost)
                && !Failures.isTransient(failure) && !Failures.isPermanent(failure);
    }

    private void deadLetter(BatchEntry entry, Throwable reason, int attempts) {
        boolean sentBefore = awaitRetrying(() -> services.transactions().inTransaction(sql ->
                DeadLetterLedger.has(sql, plan.name(), entry.partition(), entry.offset())));
        if (sentBefore) {
            // a rebuild failing an event the live consumer (or an earlier rebuild) dead-lettered: one letter is
            // enough; its gap is recorded in this generation all the same
            LOG.infof("projection %s: %s-%d@%d fails again (%s); its dead letter is in %s already", consumerName,
                    entry.record().topic(), entry.record().partition(), entry.offset(), Failures.describe(reason),
                    plan.deadLetterTopic());
            return;
        }
        LOG.warnf("projection %s: %s-%d@%d goes to %s: %s", consumerName, entry.record().topic(),
                entry.record().partition(), entry.offset(), plan.deadLetterTopic(), Failures.describe(reason));
        services.deadLetters().send(plan.name(), entry.record(), reason, attempts, () -> running, failure -> {
            state = RunnerState.RETRYING;
            failed(new IllegalStateException("cannot store the dead letter of " + entry.record().topic() + "-"
                    + entry.record().partition() + "@" + entry.offset() + " in " + plan.deadLetterTopic() + ": "
                    + failure, failure));
            services.metrics().retry(plan.name(), "dead-letter");
        });
        goingOnAgain(); // stored: a quiet partition must not say RETRYING until its next event
        awaitRetrying(() -> services.transactions().inTransaction(sql -> DeadLetterLedger.record(sql, plan.name(),
                entry.partition(), entry.offset(), rebuildGeneration, Failures.describe(reason))));
        services.metrics().events(plan.name(), ProjectionMetrics.DEAD_LETTERED, 1);
    }

    private void count(Batch batch) {
        count(batch, true);
    }

    private void count(Batch batch, boolean goingOn) {
        long handled = batch.entries().stream().filter(e -> !e.isPoison() && e.handler() != null).count();
        long ignored = batch.entries().stream().filter(e -> !e.isPoison() && e.handler() == null).count();
        applied.addAndGet(handled);
        services.metrics().events(plan.name(), ProjectionMetrics.APPLIED, handled);
        services.metrics().events(plan.name(), ProjectionMetrics.IGNORED, ignored);
        if (goingOn) {
            goingOnAgain();
        }
    }

    /** What was waited for answered: RETRYING ends, said once. */
    private void goingOnAgain() {
        if (state == RunnerState.RETRYING) {
            state = RunnerState.RUNNING;
            LOG.infof("projection %s: going on again", consumerName);
        }
    }

    /** The batch's transaction: the read model's changes and the checkpoints, committed together or not at all. */
    private Uni<Void> transaction(Batch batch) {
        return services.transactions().inTransaction(sql -> useTables(sql)
                .chain(() -> CheckpointSql.lock(sql, consumerName, batch.positions().keySet()))
                .chain(stored -> applyEntries(sql, batch, stored)
                        .invoke(commandOffsets -> writeCheckpoints(sql, batch, stored, commandOffsets)))
                .replaceWithVoid());
    }

    private Uni<Void> useTables(Sql sql) {
        if (isRebuild()) {
            // first: the lease row stays locked until commit, so a swap cannot slip in under this batch
            return RebuildLease.renew(sql, plan.name(), rebuildGeneration, runnerId)
                    .invoke(() -> CheckpointSql.useSchema(sql, plan.generationSchema(rebuildGeneration)));
        }
        CheckpointSql.shareProjectionLock(sql, plan.name());
        CheckpointSql.useServingGeneration(sql, plan.name(), plan.generationPrefix());
        return Uni.createFrom().voidItem();
    }

    /**
     * Each entry at or past its partition's checkpoint, in log order: the version rule's check, then its handler.
     * Handlers that only queue statements cost no round trip here; the statements go with the commit.
     */
    private Uni<Map<TopicPartition, Long>> applyEntries(Sql sql, Batch batch, Map<TopicPartition, Checkpoint> stored) {
        List<BatchEntry> fresh = batch.entries().stream().filter(entry -> {
            Checkpoint checkpoint = stored.get(entry.partition());
            return checkpoint == null || entry.offset() >= checkpoint.kafkaOffset(); // else applied before
        }).toList();
        Boolean known = mayHaveParked;
        Uni<Boolean> anyParked = known != null ? Uni.createFrom().item(known)
                : Parking.any(sql).invoke(any -> mayHaveParked = any);
        return anyParked.chain(any -> any ? Parking.parkedAmong(sql, fresh) : Uni.createFrom().item(Set.<String>of()))
                .chain(alreadyParked -> applyEntries(sql, fresh, new HashSet<>(alreadyParked)));
    }

    private Uni<Map<TopicPartition, Long>> applyEntries(Sql sql, List<BatchEntry> fresh, Set<String> parked) {
        Map<TopicPartition, Long> commandOffsets = new HashMap<>();
        List<BatchEntry> toApply = new ArrayList<>(fresh.size());
        for (BatchEntry entry : fresh) {
            // a command's offset is reached once its last event is applied (or dead-lettered): a batch that ends
            // inside a command must not let a token of it read half of it
            if (entry.endsItsCommand()) {
                commandOffsets.merge(entry.partition(), entry.commandOffset(), Math::max);
            }
            if (entry.isPoison()) {
                if (entry.envelope() != null) { // dead-lettered: its aggregate is parked here
                    Parking.park(sql, entry, Failures.describe(entry.poison()));
                    parked.add(Parking.key(entry));
                }
                continue;
            }
            if (entry.envelope() != null && parked.contains(Parking.key(entry))) {
                Parking.hold(sql, entry);
                continue;
            }
            toApply.add(entry);
        }
        // one after the other (a handler may read what an earlier one wrote), without a stack frame per entry
        return Multi.createFrom().iterable(toApply)
                .onItem().transformToUniAndConcatenate(entry -> applyTraced(entry, sql))
                .collect().last()
                .replaceWith(commandOffsets);
    }

    /** One entry, in a span of the event's trace if the consumer handles it (see {@link ConsumerSpans}). */
    private Uni<Void> applyTraced(BatchEntry entry, Sql sql) {
        if (entry.handler() == null) {
            return plan.apply(entry.type(), entry.event(), entry.envelope(), entry.position(), sql);
        }
        Span span = services.spans().handling(plan, entry);
        return plan.apply(entry.type(), entry.event(), entry.envelope(), entry.position(), sql, Traces.of(span))
                .onTermination().invoke((ignored, failure, cancelled) -> ConsumerSpans.end(span, failure));
    }

    private void writeCheckpoints(Sql sql, Batch batch, Map<TopicPartition, Checkpoint> stored,
                                  Map<TopicPartition, Long> commandOffsets) {
        for (var position : batch.positions().entrySet()) {
            TopicPartition partition = position.getKey();
            Checkpoint before = stored.get(partition);
            Checkpoint after = new Checkpoint(partition.topic(), partition.partition(),
                    Math.max(position.getValue(), before == null ? 0 : before.kafkaOffset()),
                    Math.max(commandOffsets.getOrDefault(partition, Checkpoint.NO_COMMAND),
                            before == null ? Checkpoint.NO_COMMAND : before.commandOffset()));
            CheckpointSql.advance(sql, consumerName, after);
            if (!isRebuild()) {
                CheckpointSql.notifyCommitted(sql, consumerName, after);
            }
        }
    }

    /** {@code work}, retried with backoff for as long as the failure is transient and the consumer runs. */
    private <T> Uni<T> retrying(Supplier<Uni<T>> work) {
        return retrying(work, null);
    }

    /**
     * The same, but a transient failure that is not the runtime's own (see {@link Failures#isTheRuntimes}) is
     * retried only for {@code limit} (none: for ever), then fails the work: a handler's own call that keeps failing
     * must not hold every partition for ever.
     */
    private <T> Uni<T> retrying(Supplier<Uni<T>> work, Duration limit) {
        TransientWait wait = new TransientWait(limit);
        return Uni.createFrom().<T>deferred(work::get)
                .onFailure().invoke(failure -> {
                    if (!wait.decide(failure)) {
                        return;
                    }
                    if (state != RunnerState.RETRYING) {
                        // the database away, or (a reactor's) a command without an answer yet
                        LOG.warnf("projection %s: waiting, then trying again (%s)", consumerName,
                                Failures.describe(failure));
                    }
                    state = RunnerState.RETRYING;
                    failed(failure);
                    services.metrics().retry(plan.name(), "transient");
                })
                .onFailure(wait::retries).retry()
                .withBackOff(services.settings().initialBackoff(), services.settings().maxBackoff()).indefinitely();
    }

    /** Whether a failure is waited for: transient, and the runtime's own or within the limit since the first. */
    private final class TransientWait {
        private final Duration limit;
        private long firstAt;
        private boolean retry;

        TransientWait(Duration limit) {
            this.limit = limit;
        }

        boolean decide(Throwable failure) {
            retry = running && Failures.isTransient(failure) && (limit == null || Failures.isTheRuntimes(failure)
                    || withinLimit());
            if (!retry && running && Failures.isTransient(failure)) {
                LOG.warnf("projection %s: still failing after annals.consumer.transient-limit (%d ms): %s",
                        consumerName, limit.toMillis(), Failures.describe(failure));
            }
            return retry;
        }

        boolean retries(Throwable failure) {
            return retry;
        }

        private boolean withinLimit() {
            long now = System.nanoTime();
            if (firstAt == 0) {
                firstAt = now;
            }
            return now - firstAt < limit.toNanos();
        }
    }

    /**
     * How long a last try, made right after {@code select 1} answered, waits out a transient failure that may be
     * the database's own (a connection refused is an I/O error like any other): a database that flaps then does
     * not dead-letter the event, a handler's own call that keeps failing does, soon.
     */
    private Duration lastTryGrace() {
        return services.settings().maxBackoff().multipliedBy(3);
    }

    private <T> T awaitRetrying(Supplier<Uni<T>> work, Duration limit) {
        return retrying(work, limit).await().indefinitely();
    }

    private <T> T awaitRetrying(Supplier<Uni<T>> work) {
        return retrying(work).await().indefinitely();
    }

    private void failed(Throwable failure) {
        lastError = Failures.describe(failure);
        lastErrorAt = Instant.now();
    }

}
