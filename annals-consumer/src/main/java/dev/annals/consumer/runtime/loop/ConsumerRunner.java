package dev.annals.consumer.runtime.loop;

import dev.annals.consumer.runtime.ConsumerPlan;
import dev.annals.consumer.runtime.RunnerServices;
import dev.annals.consumer.runtime.RunnerState;
import dev.annals.consumer.runtime.reactor.ReactorBatches;
import dev.annals.consumer.runtime.rebuild.RebuildLease;
import dev.annals.consumer.runtime.rebuild.RebuildRun;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The loop of one consumer — a projection or a reactor, live or rebuilding — on a thread of its own: poll, cut the
 * poll at command boundaries, hand the batch on, note the checkpoints, repeat. What differs between kinds is in two
 * parts: its {@link Membership} (a live group member, or a rebuild that holds every partition and swaps its tables
 * in) and its {@link BatchHandling} (a projection's transaction, or a reactor's reactions).
 *
 * <p>Why a plain {@link KafkaConsumer} and not a SmallRye channel: the seek to the database checkpoint must happen
 * inside the rebalance callback, before the first record of a new partition is returned; a rebuild needs a second,
 * temporary consumer per projection; and consumer services declare projections as beans, not as channels.
 */
public final class ConsumerRunner implements Runnable {

    private static final Logger LOG = Logger.getLogger(ConsumerRunner.class);
    private static final AtomicLong INSTANCES = new AtomicLong();

    private final RunnerParts parts;
    private final Membership membership;
    private final BatchHandling handling;
    private volatile KafkaConsumer<String, byte[]> consumer;

    private ConsumerRunner(RunnerParts parts, Membership membership, BatchHandling handling) {
        this.parts = parts;
        this.membership = membership;
        this.handling = handling;
    }

    /** The live consumer of a projection or a reactor: a member of its group. */
    public static ConsumerRunner live(ConsumerPlan plan, RunnerServices services) {
        RunnerParts parts = RunnerParts.of(plan, null, services);
        Membership membership = new GroupMembership(plan);
        return new ConsumerRunner(parts, membership, handling(parts, membership));
    }

    /** A runner that fills generation {@code generation} of a projection from offset 0, then swaps it in. */
    public static ConsumerRunner rebuild(ConsumerPlan plan, int generation, RunnerServices services) {
        RunnerParts parts = RunnerParts.of(plan, generation, services);
        Membership membership = new RebuildRun(parts, generation);
        return new ConsumerRunner(parts, membership, handling(parts, membership));
    }

    /**
     * A runner without a Kafka consumer of its own, for a test fixture: it is given its batches ({@link #handle})
     * and applies them on the very path a service's runner takes — the version rule, the checkpoint lock, the
     * one-at-a-time fallback, dead letters and parking — as {@code consumerName}, into the tables {@code tables}
     * points at.
     */
    public static ConsumerRunner embedded(ConsumerPlan plan, String consumerName, RunnerServices services,
                                          Membership tables) {
        RunnerParts parts = RunnerParts.of(plan, consumerName, null, services);
        return new ConsumerRunner(parts, tables, handling(parts, tables));
    }

    /**
     * An embedded runner's batch: records as a poll would have returned them, and where the poll ended; answers once
     * it is done (a reactor's reactions too, for at most {@code atMost}).
     */
    public void handle(Batch polled, Duration atMost) {
        apply(null, polled);
        handling.awaitSettled(atMost);
    }

    private static BatchHandling handling(RunnerParts parts, Membership membership) {
        return parts.plan().reacting().isPresent() ? new ReactorBatches(parts, membership)
                : new ProjectionBatches(parts, membership);
    }

    @Override
    public void run() {
        RunnerHealth health = parts.health();
        try (KafkaConsumer<String, byte[]> kafka = new KafkaConsumer<>(consumerProperties(),
                new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = kafka;
            if (!membership.join(kafka, new SeekToCheckpoints())) {
                return;
            }
            health.state(RunnerState.RUNNING);
            while (health.running()) {
                if (membership.reads(kafka)) {
                    Batch batch = parts.boundaries().cut(kafka, kafka.poll(parts.services().settings().pollTimeout()));
                    if (!batch.isEmpty()) {
                        apply(kafka, batch);
                    }
                }
                handling.afterPoll(kafka);
                if (membership.done(kafka)) {
                    return;
                }
            }
            health.state(RunnerState.STOPPED);
        } catch (RebuildLease.LeaseLost lost) {
            health.state(RunnerState.STOPPED);
            LOG.infof("%s; stopping", lost.getMessage());
        } catch (WakeupException | InterruptException stopped) {
            health.state(health.running() ? RunnerState.FAILED : RunnerState.STOPPED);
        } catch (RuntimeException | Error failure) {
            health.state(health.running() ? RunnerState.FAILED : RunnerState.STOPPED);
            if (health.running()) {
                health.failed(failure);
                LOG.errorf(failure, "consumer %s stopped", parts.consumerName());
            }
        }
    }

    /** Events that cannot be decoded go to the dead-letter topic first; then the batch is handled. */
    private void apply(KafkaConsumer<String, byte[]> kafka, Batch polled) {
        long started = System.nanoTime();
        for (BatchEntry entry : polled.entries()) {
            if (entry.isPoison() && parts.positions().isNew(entry)) {
                parts.deadLettering().send(entry, entry.poison(), 1);
            }
        }
        Batch batch = handling.apply(kafka, polled);
        parts.positions().advanced(batch.positions());
        parts.boundaries().applied(batch);
        parts.services().metrics().batch(parts.plan().name(), Duration.ofNanos(System.nanoTime() - started));
        membership.committed(kafka, batch);
    }

    /** Asks the consumer to stop; it leaves the group and ends the thread after the current batch. */
    public void stop() {
        parts.health().stop();
        KafkaConsumer<String, byte[]> kafka = consumer;
        if (kafka != null) {
            kafka.wakeup();
        }
    }

    public String consumerName() {
        return parts.consumerName();
    }

    public Integer rebuildGeneration() {
        return parts.rebuildGeneration();
    }

    public boolean isRebuild() {
        return parts.rebuildGeneration() != null;
    }

    public RunnerState state() {
        return parts.health().state();
    }

    public long applied() {
        return parts.health().applied();
    }

    public String lastError() {
        return parts.health().lastError();
    }

    public Instant lastErrorAt() {
        return parts.health().lastErrorAt();
    }

    private Map<String, Object> consumerProperties() {
        RunnerServices services = parts.services();
        Map<String, Object> properties = new HashMap<>();
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, services.settings().batchSize());
        // a topic created after start-up (a new aggregate type) is found within seconds, not 5 minutes
        properties.put(ConsumerConfig.METADATA_MAX_AGE_CONFIG, 5_000);
        properties.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, 10_000);
        properties.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, 3_000);
        membership.configure(properties);
        handling.configure(properties);
        properties.putAll(services.settings().kafka());
        // the service's shared Kafka settings (servers, security...) under the consumer's own; the role, and so the
        // client.id, is unique in the JVM: a consumer may run several Kafka consumers here
        return services.kafka().config(parts.consumerName() + "-" + INSTANCES.incrementAndGet(), properties);
    }

    /** Every partition this runner is given starts at its database checkpoint, before any of its records is read. */
    private final class SeekToCheckpoints implements ConsumerRebalanceListener {

        @Override
        public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
            // a rebalance during the poll meant for one partition alone: that poll may have read others too
            parts.boundaries().reassigned(consumer);
            parts.positions().seekToCheckpoints(consumer, partitions);
            handling.assigned(partitions);
        }

        @Override
        public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
            parts.boundaries().revoked(consumer, partitions);
            parts.positions().forget(partitions);
            handling.revoked(partitions);
        }
    }
}
