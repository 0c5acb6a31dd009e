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
import dev.annals.consumer.runtime.loop.Positions;
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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A reactor's polls and deadlines: reacted to outside any transaction (see {@link Reactions}), then the
 * checkpoints in a short one — each partition's up to its first event left for the next poll, where the consumer is
 * sought back. A reaction that failed every attempt is dead-lettered here, its aggregate parked (see {@link
 * Parking}), without another try: the poll's time is bounded by its reactions' (see {@code max.poll.interval.ms}).
 */
public final class ReactorBatches implements BatchHandling {

    private static final Logger LOG = Logger.getLogger(ReactorBatches.class);
    /** At most this many deadlines of a partition fire in one check; the rest in the next. */
    private static final int DEADLINES_PER_CHECK = 100;
    /** What a reactor's poll interval allows beyond its reactions: the checkpoint's transaction, dead letters. */
    private static final Duration MAX_POLL_MARGIN = Duration.ofSeconds(60);

    private final RunnerParts parts;
    private final Membership membership;
    private final Reactions reactions;
    /** When an event's reaction first failed for a transient reason not the runtime's own, by its position. */
    private final Map<LogPosition, Long> failingSince = new ConcurrentHashMap<>();
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
    }

    /**
     * The longest a reactor goes between polls: its events' reactions, then its deadlines', each phase starting
     * none after time-per-poll and abandoning any after reaction-timeout; Kafka's default (5 minutes) may be shorter
     * than that, and a member past it is evicted over and over.
     */
    @Override
    public void configure(Map<String, Object> properties) {
        ReactorSettings reactors = parts.services().reactors();
        Duration phase = reactors.timePerPoll().plus(reactors.reactionTimeout());
        properties.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG,
                (int) phase.multipliedBy(2).plus(MAX_POLL_MARGIN).toMillis());
    }

    @Override
    public void revoked(Collection<TopicPartition> partitions) {
        // another instance counts their failures now; if they come back, from their first failure there
        failingSince.keySet().removeIf(position -> partitions.contains(
                new TopicPartition(position.topic(), position.partition())));
    }

    /** Answers the batch as far as it got. */
    @Override
    public Batch apply(KafkaConsumer<String, byte[]> kafka, Batch batch) {
        Positions positions = parts.positions();
        List<BatchEntry> toReact = batch.entries().stream()
                .filter(entry -> !entry.isPoison() && positions.isNew(entry)).toList();
        long until = System.nanoTime() + parts.services().reactors().timePerPoll().toNanos();
        Map<TopicPartition, Long> next = new HashMap<>(batch.positions());
        List<BatchEntry> done = new ArrayList<>();
        Map<String, List<Reactions.Reacted>> failedRuns = new LinkedHashMap<>();
        for (Reactions.Reacted reacted : reactions.react(toReact, until)) {
            BatchEntry entry = reacted.entry();
            if (reacted.outcome() != Reactions.Outcome.LEFT) {
                failingSince.remove(entry.position());
            }
            switch (reacted.outcome()) {
                case DONE -> done.add(entry);
                case LEFT -> next.merge(entry.partition(), entry.offset(), Math::min);
                case FAILED -> failedRuns.computeIfAbsent(Parking.key(entry), key -> new ArrayList<>()).add(reacted);
            }
        }
        failedRuns.values().forEach(this::deadLetterRun);
        next.forEach((partition, position) -> {
            if (position < batch.positions().get(partition)) {
                kafka.seek(partition, position);
            }
        });
        List<BatchEntry> recorded = batch.entries().stream()
                .filter(entry -> entry.offset() < next.get(entry.partition())).toList();
        Batch reactedTo = new Batch(recorded, next);
        parts.retrying().await(() -> parts.services().transactions().inTransaction(sql -> membership.useTables(sql)
                .chain(() -> CheckpointStore.lock(sql, parts.consumerName(), next.keySet()))
                .invoke(stored -> CheckpointStore.advanceAll(sql, parts.consumerName(), next, stored,
                        CommandBoundaries.commandOffsets(recorded), membership.tellsReaders()))));
        boolean waiting = next.entrySet().stream()
                .anyMatch(position -> position.getValue() < batch.positions().get(position.getKey()));
        parts.counted(new Batch(done, Map.of()), !waiting); // an aggregate still waiting keeps the state RETRYING
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
     * The deadlines that came due in the partitions this consumer holds, fired side by side as reactions (see
     * {@link Reactions#fire}), none started after time-per-poll. One whose handler fails stays, and fires again
     * after a backoff, with the same derived keys.
     */
    @Override
    public void afterPoll(KafkaConsumer<String, byte[]> kafka) {
        long now = System.nanoTime();
        if (now - deadlinesCheckedAt < parts.services().settings().deadlineCheckInterval().toNanos()) {
            return;
        }
        deadlinesCheckedAt = now;
        List<Reactions.DueIn> due = new ArrayList<>();
        for (TopicPartition partition : kafka.assignment()) {
            parts.retrying().await(() -> parts.services().transactions().inTransaction(sql -> membership.useTables(sql)
                    .chain(() -> Deadlines.due(sql, partition.topic(), partition.partition(), DEADLINES_PER_CHECK))))
                    .forEach(deadline -> due.add(new Reactions.DueIn(deadline, partition)));
        }
        // every partition's side by side: silent calls in several partitions cost one reaction-timeout, not one each
        long until = System.nanoTime() + parts.services().reactors().timePerPoll().toNanos();
        if (parts.health().running() && !due.isEmpty()) {
            reactions.fire(due, until).forEach(failed -> deadlineFailed(failed.due(), failed.failure()));
        }
    }

    private void deadlineFailed(Deadlines.Due due, Throwable failure) {
        parts.health().failed(failure);
        Duration backoff = parts.retrying().backoff(due.attempts());
        LOG.warnf("reactor %s: deadline %s failed (%s); it fires again in %d ms", parts.plan().name(), due.deadline(),
                Failures.describe(failure), backoff.toMillis());
        parts.retrying().await(() -> parts.services().transactions().inTransaction(sql -> membership.useTables(sql)
                .invoke(() -> Deadlines.failed(sql, due.deadline(), Failures.describe(failure), backoff))));
    }
}
