package dev.annals.bench.http;

import java.time.Duration;
import java.util.Map;

/**
 * What a closed-loop run measured: calls completed with a 2xx inside the measured window, and every other status
 * seen (which a healthy run has none of, and the report shows when it has).
 */
public record Throughput(long ok, long failed, Duration window, Map<Integer, Long> otherStatuses) {

    public double perSecond() {
        return ok / (window.toNanos() / 1e9);
    }
}
