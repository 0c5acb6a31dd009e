package dev.annals.consumer.runtime.loop;

import org.apache.kafka.common.TopicPartition;

import java.util.List;
import java.util.Map;

/**
 * The unit of one transaction: entries in log order, and for each partition it touches the consumer position to
 * store as the checkpoint ({@code positions} may name a partition without entries, when a poll only moved past
 * transaction markers).
 */
public record Batch(List<BatchEntry> entries, Map<TopicPartition, Long> positions) {

    public Batch {
        entries = List.copyOf(entries);
        positions = Map.copyOf(positions);
    }

    boolean isEmpty() {
        return positions.isEmpty();
    }
}
