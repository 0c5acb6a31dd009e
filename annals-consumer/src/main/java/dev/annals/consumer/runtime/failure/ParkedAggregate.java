package dev.annals.consumer.runtime.failure;

import java.time.Instant;

/**
 * An aggregate parked in a consumer (see {@link Parking}): at which event, why, since when, and how many of its
 * later events are held behind it.
 */
public record ParkedAggregate(String aggregateType, String aggregateId, long version, String topic, int partition,
                              long offset, String reason, Instant parkedAt, long held) {
}
