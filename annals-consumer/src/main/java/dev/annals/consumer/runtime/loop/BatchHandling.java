package dev.annals.consumer.runtime.loop;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.Collection;
import java.util.Map;

/**
 * What a runner does with a batch: a projection applies it in one transaction with its checkpoints ({@link
 * ProjectionBatches}); a reactor reacts to it outside any transaction, then records it ({@code ReactorBatches}).
 */
public interface BatchHandling {

    /** Adds what this kind of consumer needs to its consumer's properties. */
    default void configure(Map<String, Object> properties) {
    }

    /**
     * Applies a batch whose poison entries (events that cannot be decoded) are dead-lettered already; answers the
     * batch as far as it got (its positions are the checkpoints written).
     */
    Batch apply(KafkaConsumer<String, byte[]> kafka, Batch batch);

    /** After each poll, whether it read anything or not. */
    default void afterPoll(KafkaConsumer<String, byte[]> kafka) {
    }

    /**
     * Waits, at most {@code atMost}, until the batches handed on are done and their checkpoints written: at once for
     * a projection, whose batch is done when {@link #apply} returns; a reactor's reactions may still run. For an
     * embedded runner, which has no loop of its own.
     */
    default void awaitSettled(Duration atMost) {
    }

    default void assigned(Collection<TopicPartition> partitions) {
    }

    default void revoked(Collection<TopicPartition> partitions) {
    }
}
