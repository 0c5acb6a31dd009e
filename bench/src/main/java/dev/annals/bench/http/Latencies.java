package dev.annals.bench.http;

import org.HdrHistogram.Histogram;

import java.util.Map;

/**
 * Latencies of a constant-rate run, in nanoseconds from each call's <em>intended</em> start: a call the generator
 * sent late, because the system or the generator was behind, is charged the delay (no coordinated omission).
 */
public record Latencies(double ratePerSecond, Histogram histogram, long failed, Map<Integer, Long> otherStatuses) {

    public double p50Millis() {
        return histogram.getValueAtPercentile(50) / 1e6;
    }

    public double p99Millis() {
        return histogram.getValueAtPercentile(99) / 1e6;
    }
}
