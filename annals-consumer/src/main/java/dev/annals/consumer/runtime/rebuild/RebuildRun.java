package dev.annals.consumer.runtime.rebuild;

import dev.annals.consumer.Sql;
import dev.annals.consumer.runtime.RunnerState;
import dev.annals.consumer.runtime.checkpoint.CheckpointStore;
import dev.annals.consumer.runtime.loop.Batch;
import dev.annals.consumer.runtime.loop.Membership;
import dev.annals.consumer.runtime.loop.RunnerHealth;
import dev.annals.consumer.runtime.loop.RunnerParts;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * A rebuild runner's hold on its projection: the rebuild's lease (standing by while another instance's runner holds
 * it, taking over when that one's lapses), every partition from offset 0 into the next generation's tables, and the
 * swap once it has caught up with where the log stood as it began — whole commands only.
 */
public final class RebuildRun implements Membership {

    private static final Logger LOG = Logger.getLogger(RebuildRun.class);

    private final RunnerParts parts;
    private final int generation;
    /** This runner's name in the lease: unique, so that two instances never take each other's for theirs. */
    private final String runnerId = UUID.randomUUID().toString();
    private ConsumerRebalanceListener seek;
    private Map<TopicPartition, Long> target = Map.of();
    private long leaseRenewedAt;

    public RebuildRun(RunnerParts parts, int generation) {
        this.parts = parts;
        this.generation = generation;
    }

    @Override
    public void configure(Map<String, Object> properties) {
        // no group: a rebuild assigns itself every partition
    }

    @Override
    public boolean join(KafkaConsumer<String, byte[]> kafka, ConsumerRebalanceListener seek) {
        this.seek = seek;
        if (!holdLease()) {
            return false;
        }
        assignEveryPartition(kafka);
        return true;
    }

    /**
     * Takes the rebuild's lease, standing by while another runner holds it. False when there is nothing left to
     * rebuild (another runner swapped this generation in) or the runner was stopped while it waited.
     */
    private boolean holdLease() {
        RunnerHealth health = parts.health();
        String name = parts.plan().name();
        Duration lease = parts.services().settings().rebuildLease();
        while (health.running()) {
            RebuildLease.Claim claim = parts.retrying().await(() -> parts.services().transactions().inTransaction(
                    sql -> RebuildLease.claim(sql, name, generation, runnerId, lease)));
            switch (claim) {
                case HELD -> {
                    leaseRenewedAt = System.nanoTime();
                    return true;
                }
                case OVER -> {
                    health.state(RunnerState.STOPPED);
                    LOG.infof("projection %s: generation %d is no longer being rebuilt", name, generation);
                    return false;
                }
                case TAKEN -> {
                    if (health.state() != RunnerState.STANDBY) {
                        LOG.infof("projection %s: another instance rebuilds generation %d; standing by", name,
                                generation);
                    }
                    health.state(RunnerState.STANDBY);
                    health.awaitStop(lease.dividedBy(3));
                }
            }
        }
        health.state(RunnerState.STOPPED);
        return false;
    }

    /** Every partition of the projection's topics, the new ones sought to their checkpoints and their end noted. */
    private void assignEveryPartition(KafkaConsumer<String, byte[]> kafka) {
        Set<TopicPartition> partitions = new HashSet<>();
        for (String topic : parts.plan().topics()) {
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
        seek.onPartitionsAssigned(added);
        Map<TopicPartition, Long> grown = new HashMap<>(target);
        grown.putAll(waitingForKafka(() -> kafka.endOffsets(added)));
        target = grown;
    }

    /**
     * A question to Kafka asked again, with the retries' backoff, for as long as Kafka does not answer in time: a
     * broker away for a minute must not end a rebuild that nothing restarts.
     */
    private <T> T waitingForKafka(Supplier<T> question) {
        RunnerHealth health = parts.health();
        for (int attempt = 0; ; attempt++) {
            try {
                T answer = question.get();
                health.goingOnAgain();
                return answer;
            } catch (TimeoutException notNow) {
                if (!health.running()) {
                    throw notNow;
                }
                health.waiting(notNow);
                health.awaitStop(parts.retrying().backoff(attempt));
            }
        }
    }

    @Override
    public boolean reads(KafkaConsumer<String, byte[]> kafka) {
        return !kafka.assignment().isEmpty();
    }

    /** First: the lease row stays locked until commit, so a swap cannot slip in under this transaction. */
    @Override
    public Uni<Void> useTables(Sql sql) {
        return RebuildLease.renew(sql, parts.plan().name(), generation, runnerId)
                .invoke(() -> CheckpointStore.useSchema(sql, parts.plan().generationSchema(generation)));
    }

    @Override
    public boolean tellsReaders() {
        return false;
    }

    @Override
    public void committed(KafkaConsumer<String, byte[]> kafka, Batch batch) {
        leaseRenewedAt = System.nanoTime(); // its transactions renewed the lease
    }

    @Override
    public boolean done(KafkaConsumer<String, byte[]> kafka) {
        renewLeaseIfIdle();
        if (caughtUp(kafka) && swapIn(kafka)) {
            parts.health().state(RunnerState.SWAPPED);
            LOG.infof("projection %s: generation %d is in service", parts.plan().name(), generation);
            return true;
        }
        return false;
    }

    /** A rebuild that applies nothing for a while (it waits for the live side) still says it is alive. */
    private void renewLeaseIfIdle() {
        Duration sinceRenewed = Duration.ofNanos(System.nanoTime() - leaseRenewedAt);
        if (sinceRenewed.compareTo(parts.services().settings().rebuildLease().dividedBy(3)) >= 0) {
            parts.retrying().await(() -> parts.services().transactions().inTransaction(sql ->
                    RebuildLease.renew(sql, parts.plan().name(), generation, runnerId)));
            leaseRenewedAt = System.nanoTime();
        }
    }

    /**
     * Every partition read up to its end as the rebuild began, and none inside a command larger than a poll: a
     * generation goes into service with whole commands only.
     */
    private boolean caughtUp(KafkaConsumer<String, byte[]> kafka) {
        if (parts.boundaries().insideACommand()) {
            return false;
        }
        for (var end : target.entrySet()) {
            if (!parts.positions().reached(end.getKey(), end.getValue())
                    || kafka.position(end.getKey()) < end.getValue()) {
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
        SwapOutcome outcome = parts.retrying().await(() -> Uni.createFrom()
                .item(() -> parts.services().swapper().trySwap(parts.plan(), generation, runnerId)));
        parts.health().goingOnAgain();
        return switch (outcome) {
            case SWAPPED -> true;
            case BEHIND -> {
                assignEveryPartition(kafka); // the live side may have seen a partition created since it began
                yield false;
            }
            case NOT_HELD -> throw new RebuildLease.LeaseLost(parts.plan().name(), generation);
        };
    }
}
