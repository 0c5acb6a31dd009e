package dev.annals.consumer.runtime.loop;

import dev.annals.consumer.Sql;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.KafkaConsumer;

import java.util.Map;

/**
 * How a runner holds its partitions and which tables it writes: a live runner is a member of its consumer's group
 * and writes the generation in service ({@link GroupMembership}); a rebuild runner holds every partition under a
 * lease and writes the generation it fills, until it swaps it in ({@code RebuildRun}).
 */
public interface Membership {

    /** Adds what this kind of runner needs to its consumer's properties (a group, or none). */
    void configure(Map<String, Object> properties);

    /** Takes the partitions (seeking through {@code seek}); false when there is nothing to do and the runner ends. */
    boolean join(KafkaConsumer<String, byte[]> kafka, ConsumerRebalanceListener seek);

    /** Whether to poll now: a rebuild of topics that do not exist yet has nothing to read. */
    boolean reads(KafkaConsumer<String, byte[]> kafka);

    /** Points the transaction at this runner's tables, first thing in every transaction of the runner. */
    Uni<Void> useTables(Sql sql);

    /** Whether readers waiting for a command are told when a checkpoint commits (only for tables in service). */
    boolean tellsReaders();

    /** After a batch's checkpoints committed. */
    void committed(KafkaConsumer<String, byte[]> kafka, Batch batch);

    /** After each poll; true when the runner's work is done (a rebuild in service) and it ends. */
    boolean done(KafkaConsumer<String, byte[]> kafka);
}
