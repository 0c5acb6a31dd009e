package dev.annals.query.consistency;

/**
 * How far a projection is in one partition of one aggregate type's events: the highest command offset it has
 * applied there, -1 when it has applied none (or never read the partition).
 */
public record PartitionReached(String aggregateType, int partition, long commandOffset) {
}
