package dev.annals.consumer.runtime.loop;

import dev.annals.consumer.Sql;
import dev.annals.consumer.runtime.ConsumerPlan;
import dev.annals.consumer.runtime.ConsumerSettings;
import dev.annals.consumer.runtime.ConsumerSpans;
import dev.annals.consumer.runtime.checkpoint.Checkpoint;
import dev.annals.consumer.runtime.checkpoint.CheckpointStore;
import dev.annals.consumer.runtime.failure.Failures;
import dev.annals.consumer.runtime.failure.Parking;
import dev.annals.consumer.runtime.rebuild.RebuildLease;
import dev.annals.telemetry.Traces;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A projection's batches: each in one transaction with its checkpoints, so that a read model and its position
 * commit together or not at all. A batch that fails is applied again a command at a time, and a command that still
 * fails an event at a time, to find the event that cannot be applied: that one is dead-lettered and its aggregate
 * parked (see {@link Parking}), and the partition goes on.
 *
 * <p>Exactly once: the checkpoint rows of the batch's partitions are locked in the batch's transaction and records
 * below them are skipped, so even two instances that both believe they own a partition apply each event once.
 */
public final class ProjectionBatches implements BatchHandling {

    private static final Logger LOG = Logger.getLogger(ProjectionBatches.class);

    private final RunnerParts parts;
    private final Membership membership;
    /**
     * Whether an aggregate may be parked in this consumer's tables, so that batches look for theirs; null until the
     * next batch asks the database (after a partition assignment: another instance may have parked one of them).
     */
    private volatile Boolean mayHaveParked;

    ProjectionBatches(RunnerParts parts, Membership membership) {
        this.parts = parts;
        this.membership = membership;
    }

    @Override
    public void assigned(Collection<TopicPartition> partitions) {
        if (!Boolean.TRUE.equals(mayHaveParked)) {
            mayHaveParked = null;
        }
    }

    /** In one transaction, or a command at a time if that fails. */
    @Override
    public Batch apply(KafkaConsumer<String, byte[]> kafka, Batch batch) {
        try {
            parts.retrying().await(() -> transaction(batch), parts.services().settings().transientLimit());
            parts.counted(batch);
        } catch (RuntimeException failure) {
            goOnAfter(failure);
            LOG.warnf("projection %s: a batch of %d failed (%s); applying its events one at a time",
                    parts.consumerName(), batch.entries().size(), Failures.describe(failure));
            applyOneByOne(batch);
        }
        return batch;
    }

    /**
     * A failed batch again, a command at a time (its events together, so that no reader sees half of it), and the
     * events of a command that still fails one at a time, to find the one that cannot be applied.
     */
    private void applyOneByOne(Batch batch) {
        Map<TopicPartition, Integer> remaining = new HashMap<>();
        batch.entries().forEach(entry -> remaining.merge(entry.partition(), 1, Integer::sum));
        for (List<BatchEntry> command : CommandBoundaries.commands(batch.entries())) {
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
            parts.retrying().await(() -> transaction(new Batch(List.of(), withoutEntries)));
        }
    }

    /** One command's events in one transaction; false when it fails for a reason other than the database. */
    private boolean applyTogether(Batch command) {
        try {
            parts.retrying().await(() -> transaction(command), parts.retrying().lastTryGrace()); // the batch had its time
            parts.counted(command);
            return true;
        } catch (RuntimeException failure) {
            goOnAfter(failure);
            return false;
        }
    }

    /**
     * One event in its own transaction, retried with backoff. It goes to the dead-letter topic only when it still
     * fails once the database is known to answer: a database that is away never sends an event there.
     */
    private void applyAlone(BatchEntry entry, Batch single) {
        ConsumerSettings settings = parts.services().settings();
        int attempts = Math.max(1, settings.handlerAttempts());
        RuntimeException firstFailure;
        try {
            parts.retrying().retrying(() -> transaction(single), settings.transientLimit())
                    .onFailure(this::isEventFailure)
                    .invoke(failure -> parts.services().metrics().retry(parts.plan().name(), "handler"))
                    .onFailure(this::isEventFailure).retry()
                    .withBackOff(settings.initialBackoff(), settings.maxBackoff())
                    .atMost(attempts - 1)
                    .await().indefinitely();
            parts.counted(single);
            return;
        } catch (RuntimeException failure) {
            goOnAfter(failure);
            firstFailure = failure;
        }
        parts.retrying().awaitDatabase();
        try {
            if (Failures.isPermanent(firstFailure)) {
                throw firstFailure; // the handler said so: no last try
            }
            parts.retrying().await(() -> transaction(single), parts.retrying().lastTryGrace());
            parts.counted(single);
        } catch (RuntimeException failure) {
            goOnAfter(failure);
            RuntimeException reason = replayOf(entry).orElse(failure);
            parts.health().failed(reason);
            parts.deadLettering().send(entry, reason, Failures.isPermanent(reason) ? 1 : attempts + 1);
            // a replay leaves its aggregate as the log's fold has it: dead-lettered for the record, not parked
            boolean parks = entry.envelope() != null && !(reason instanceof VersionOrder.Replayed);
            BatchEntry poisoned = parks ? entry.deadLettered(reason) : BatchEntry.poison(entry.record(), reason);
            if (parks) {
                mayHaveParked = true;
            }
            parts.retrying().await(() -> transaction(new Batch(List.of(poisoned), single.positions())));
        }
    }

    /** Whether a failed event is a copy of one applied before (its version already reached); asked after a failure. */
    private Optional<RuntimeException> replayOf(BatchEntry entry) {
        if (entry.envelope() == null) {
            return Optional.empty();
        }
        long applied = parts.retrying().await(() -> parts.services().transactions().inTransaction(sql ->
                membership.useTables(sql).chain(() -> VersionOrder.applied(sql, entry.envelope().aggregateType(),
                        entry.envelope().aggregateId()))));
        return applied >= entry.envelope().aggregateVersion()
                ? Optional.of(new VersionOrder.Replayed(entry.envelope(), applied)) : Optional.empty();
    }

    /**
     * A failure the batch goes on after (to the one-at-a-time pass, the next attempt, the dead letter); rethrown
     * when it ends the runner instead: a rebuild's lease lost, an {@link Error}, a stop.
     */
    private void goOnAfter(RuntimeException failure) {
        if (failure instanceof RebuildLease.LeaseLost) {
            throw failure;
        }
        Failures.rethrowIfFatal(failure);
        if (!parts.health().running()) {
            throw failure;
        }
    }

    private boolean isEventFailure(Throwable failure) {
        return parts.health().running() && !Failures.isFatal(failure) && !(failure instanceof RebuildLease.LeaseLost)
                && !Failures.isTransient(failure) && !Failures.isPermanent(failure);
    }

    /** The batch's transaction: the read model's changes and the checkpoints, committed together or not at all. */
    private Uni<Void> transaction(Batch batch) {
        return parts.services().transactions().inTransaction(sql -> membership.useTables(sql)
                .chain(() -> CheckpointStore.lock(sql, parts.consumerName(), batch.positions().keySet()))
                .chain(stored -> applyEntries(sql, batch, stored)
                        .invoke(commandOffsets -> CheckpointStore.advanceAll(sql, parts.consumerName(),
                                batch.positions(), stored, commandOffsets, membership.tellsReaders())))
                .replaceWithVoid());
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
        ConsumerPlan plan = parts.plan();
        if (entry.handler() == null) {
            return plan.apply(entry.type(), entry.event(), entry.envelope(), entry.position(), sql);
        }
        Span span = parts.services().spans().handling(plan, entry);
        return plan.apply(entry.type(), entry.event(), entry.envelope(), entry.position(), sql, Traces.of(span))
                .onTermination().invoke((ignored, failure, cancelled) -> ConsumerSpans.end(span, failure));
    }
}
