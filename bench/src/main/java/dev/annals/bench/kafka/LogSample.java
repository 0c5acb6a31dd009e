package dev.annals.bench.kafka;

/** How many committed records a topic gained, and their average size on the wire (key, value and headers). */
public record LogSample(long records, double averageBytes) {
}
