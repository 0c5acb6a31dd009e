package dev.annals.consumer.runtime.reactor;

import dev.annals.consumer.LogPosition;
import dev.annals.consumer.runtime.RunnerServices;
import dev.annals.consumer.runtime.checkpoint.CheckpointStore;
import dev.annals.consumer.runtime.failure.Failures;
import dev.annals.consumer.runtime.failure.Parking;
import dev.annals.consumer.runtime.loop.Batch;
import dev.annals.consumer.runtime.loop.BatchEntry;
import dev.annals.consumer.runtime.loop.BatchHandling;
import dev.annals.consumer.runtime.loop.CommandBoundaries;
import dev.annals.consumer.runtime.loop.Membership;
import dev.annals.consumer.runtime.loop.RunnerHealth;
import dev.annals.consumer.runtime.loop.RunnerParts;
import dev.annals.consumer.runtime.loop.VersionOrder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A reactor's polls and deadlines. A poll's events are handed to their reactions ({@link ReactionPipeline}) and the
 * loop polls again at once: reactions run outside any transaction, each aggregate's in order, and a slow one holds
 * up its own aggregate only. Each partition's checkpoint moves, in a short transaction, past the events whose
 * reactions are recorded ({@link InFlight}). A reaction that failed every attempt is dead-lettered and its aggregate
 * parked (see {@link Parking}). Deadlines are fired the same way: side by side, the loop not waiting for them.
 */
public final class ReactorBatches implements BatchHandling {

    private static final Logger LOG = Logger.getLogger(ReactorBatches.class);
    /** At most this many deadlines of a partition fire in one check; the rest in the next. */
    private static final int DEADLINES_PER_CHECK = 100;
    /** What a reactor's poll interval allows: a checkpoint's transaction, dead letters, the deadlines' listing. */
    private static final Duration MAX_POLL_INTERVAL = Duration.ofMinutes(5);

    private final RunnerParts parts;
    private final Membership membership;
    private final Reactions reactions;
    private final InFlight inFlight = new InFlight();
    private final ReactionPipeline pipeline;
    /** When an event's reaction first failed for a transient reason not the runtime's own, by its position. */
    private final Map<LogPosition, Long> failingSince = new ConcurrentHashMap<>();
    /** The deadlines firing now, not listed again until they end. */
    private final Set<String> firing = ConcurrentHashMap.newKeySet();
    private final Queue<Reactions.FailedDeadline> failedDeadlines = new ConcurrentLinkedQueue<>();
    private long deadlinesCheckedAt;

    public ReactorBatches(RunnerParts parts, Membership membership) {
        this.parts = parts;
        this.membership = membership;
        RunnerServices services = parts.services();
        RunnerHealth health = parts.health();
        this.reactions = new Reactions(parts.plan(), services, membership::useTables, health::running,
                new Reactions.Notes() {
                    @Override
                    public void waiting(Throwable failure) {
                        health.waiting(failure);
                        services.metrics().retry(parts.plan().name(), "transient");
                    }

                    @Override
                    public void retrying(Throwable failure) {
                        health.failed(failure);
                        services.metrics().retry(parts.plan().name(), "handler");
                    }

                    @Override
                    public boolean pastTransientLimit(BatchEntry entry) {
                        long first = failingSince.computeIfAbsent(entry.position(), key -> System.nanoTime());
                        return System.nanoTime() - first >= services.settings().transientLimit().toNanos();
                    }
                });
        this.pipeline = new ReactionPipeline(reactions, services.reactors().concurrency(), inFlight,
                this::deadLetterRun);
    }

    /**
     * The loop waits for no reaction, so the time between polls is its own work only (a checkpoint's transaction,
     * listing due deadlines, a dead letter Kafka is slow to take): Kafka's default is kept, named here.
     */
    @Override
    public void configure(Map<String, Object> properties) {
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) MAX_POLL_INTERVAL.toMillis());
    }

    @Override
    public void revoked(Collection<TopicPartition> partitions) {
        inFlight.forget(partitions);
        // another instance counts their failures now; if they come back, from their first failure there
        failingSince.keySet().removeIf(position -> partitions.contains(
                new TopicPartition(position.topic(), position.partition())));
    }

    /**
     * Hands the poll's new events to their reactions, up to {@code annals.reactor.max-in-flight} events waiting for
     * theirs: a partition that would pass it is sought back, read again once reactions have caught up. Answers the
     * checkpoints written.
     */
    @Override
    public Batch apply(KafkaConsumer<String, byte[]> kafka, Batch batch) {
        pipeline.rethrowIfHalted();
        inFlight.polled(batch.positions());
        Map<TopicPartition, List<BatchEntry>> fresh = new LinkedHashMap<>();
        for (BatchEntry entry : batch.entries()) {
            if (!entry.isPoison() && parts.positions().isNew(entry) && !inFlight.isPending(entry)) {
                fresh.computeIfAbsent(entry.partition(), partition -> new ArrayList<>()).add(entry);
            }
        }
        int limit = parts.services().reactors().maxInFlight();
        boolean heldBack = false;
        for (var slice : fresh.entrySet()) {
            if (inFlight.size() > 0 && inFlight.size() + slice.getValue().size() > limit) {
                long first = slice.getValue().getFirst().offset();
                kafka.seek(slice.getKey(), first);
                inFlight.polled(Map.of(slice.getKey(), first));
                heldBack = true;
                continue;
            }
            pipeline.react(slice.getValue());
        }
        if (heldBack) {
            awaitReactions(limit);
        }
        return checkpoint();
    }

    @Override
    public void awaitSettled(Duration atMost) {
        try {
            inFlight.awaitBelow(1, atMost);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        pipeline.rethrowIfHalted();
        parts.positions().advanced(checkpoint().positions());
    }

    private void awaitReactions(int limit) {
        try {
            inFlight.awaitBelow(limit, parts.services().settings().pollTimeout());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Moves each partition's checkpoint past the events whose reactions are recorded; answers it as a batch. */
    private Batch checkpoint() {
        InFlight.Passed passed = inFlight.take();
        if (passed.isEmpty()) {
            return new Batch(List.of(), Map.of());
        }
        Map<TopicPartition, Long> commandOffsets = CommandBoundaries.commandOffsets(passed.entries());
        parts.retrying().await(() -> parts.services().transactions().inTransaction(sql -> membership.useTables(sql)
                .chain(() -> CheckpointStore.lock(sql, parts.consumerName(), passed.positions().keySet()))
                .invoke(stored -> CheckpointStore.advanceAll(sql, parts.consumerName(), passed.positions(), stored,
                        commandOffsets, membership.tellsReaders()))));
        Batch recorded = new Batch(passed.entries(), passed.positions());
        parts.counted(recorded, !passed.entries().isEmpty());
        return recorded;
    }

    /**
     * A run of one aggregate's events whose reaction failed every attempt (or said it never will): once the
     * database is known to answer — an outage never dead-letters — the event to blame goes to the dead-letter topic
     * (the run's first when events are missing before it, else the one with the handler), and the aggregate is
     * parked at the run's first event with the rest held, for a redrive. On a worker thread, before the
     * aggregate's next reaction.
     */
    private void deadLetterRun(List<BatchEntry> entries, Throwable failure) {
        entries.forEach(entry -> failingSince.remove(entry.position()));
        BatchEntry blamed = failure instanceof VersionOrder.MissingEvents ? entries.getFirst() : entries.getLast();
        LOG.warnf("reactor %s: the reaction to %s failed every attempt: %s", parts.consumerName(), blamed.position(),
                Failures.describe(failure));
        parts.retrying().awaitDatabase();
        parts.health().failed(failure);
        parts.deadLettering().send(blamed, failure, Failures.isPermanent(failure) ? 1
                : Math.max(1, parts.services().settings().handlerAttempts()));
        parts.retrying().await(() -> parts.services().transactions().inTransaction(sql -> membership.useTables(sql)
                .invoke(() -> {
                    Parking.park(sql, entries.getFirst(), Failures.describe(failure));
                    entries.subList(1, entries.size()).forEach(entry -> Parking.hold(sql, entry));
                })));
    }

    /**
     * After each poll: the checkpoints the reactions finished since let through, failed deadlines noted, and the
     * deadlines that came due in the partitions this consumer holds handed on, each after its aggregate's reactions
     * (see {@link ReactionPipeline#fire}), the loop not waiting for them. One whose handler fails stays, and fires
     * again after a backoff, with the same derived keys.
     */
    @Override
    public void afterPoll(KafkaConsumer<String, byte[]> kafka) {
        pipeline.rethrowIfHalted();
        parts.positions().advanced(checkpoint().positions());
        for (Reactions.FailedDeadline failed; (failed = failedDeadlines.poll()) != null; ) {
            deadlineFailed(failed.due(), failed.failure());
            firing.remove(firingName(failed.due())); // only now: listed before its backoff, it would fire at once
        }
        long now = System.nanoTime();
        if (now - deadlinesCheckedAt < parts.services().settings().deadlineCheckInterval().toNanos()) {
            return;
        }
        deadlinesCheckedAt = now;
        for (TopicPartition partition : kafka.assignment()) {
            List<Deadlines.Due> due = parts.retrying().await(() -> parts.services().transactions().inTransaction(
                    sql -> membership.useTables(sql).chain(() -> Deadlines.due(sql, partition.topic(),
                            partition.partition(), DEADLINES_PER_CHECK))));
            for (Deadlines.Due deadline : due) {
                String name = firingName(deadline);
                if (parts.health().running() && firing.add(name)) {
                    pipeline.fire(deadline, partition, () -> firing.remove(name),
                            failure -> failedDeadlines.add(new Reactions.FailedDeadline(deadline, failure)));
                }
            }
        }
    }

    private static String firingName(Deadlines.Due due) {
        return due.deadline().name() + "/" + due.deadline().key();
    }

    private void deadlineFailed(Deadlines.Due due, Throwable failure) {
        Failures.rethrowIfFatal(failure);
        parts.health().failed(failure);
        Duration backoff = parts.retrying().backoff(due.attempts());
        LOG.warnf("reactor %s: deadline %s failed (%s); it fires again in %d ms", parts.plan().name(), due.deadline(),
                Failures.describe(failure), backoff.toMillis());
        parts.retrying().await(() -> parts.services().transactions().inTransaction(sql -> membership.useTables(sql)
                .invoke(() -> Deadlines.failed(sql, due.deadline(), Failures.describe(failure), backoff))));
    }
}
