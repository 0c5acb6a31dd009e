package dev.annals.query.consistency;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.annals.core.topic.Topics;

import java.util.Optional;

/**
 * One {@code NOTIFY annals_checkpoint} of the consumer runtime, sent when a batch (or a rebuild's swap) commits:
 * consumer {@code consumer} has applied the events topic {@code topic}'s partition up to {@code kafkaOffset}, and
 * the highest command offset among them is {@code commandOffset}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record CheckpointNotice(String consumer, String topic, int partition, long commandOffset, long kafkaOffset) {

    public static final String CHANNEL = "annals_checkpoint";

    /** The aggregate type whose events topic this is; empty for a topic that is not an events topic. */
    public Optional<String> aggregateType() {
        return Topics.aggregateTypeOfEvents(topic);
    }
}
