package dev.annals.consumer.runtime.checkpoint;

import org.apache.kafka.common.TopicPartition;

/**
 * Where a consumer is in one partition: the next Kafka offset to read and the highest command offset whose
 * events are all applied (-1 before any), as stored in {@code annals_checkpoint}.
 */
public record Checkpoint(String topic, int partition, long kafkaOffset, long commandOffset) {

    public static final long NO_COMMAND = -1;

    public TopicPartition topicPartition() {
        return new TopicPartition(topic, partition);
    }
}
