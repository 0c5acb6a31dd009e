package dev.annals.bench.http;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Phaser;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Latency at a fixed arrival rate. Call {@code n} is due at {@code start + n / rate}, whether or not earlier calls
 * were answered, and its latency is measured from that due time into an HdrHistogram. Calls due during the warm-up
 * are sent but not recorded.
 */
public final class ConstantRate {

    private static final long HIGHEST_TRACKABLE = TimeUnit.MINUTES.toNanos(5);

    private final HttpLoad http;
    private final Duration warmUp;
    private final Duration window;

    public ConstantRate(HttpLoad http, Duration warmUp, Duration window) {
        this.http = http;
        this.warmUp = warmUp;
        this.window = window;
    }

    public Latencies run(double perSecond, CallSource calls) {
        if (perSecond <= 0) {
            throw new IllegalArgumentException("a rate must be positive, not " + perSecond);
        }
        Histogram histogram = new ConcurrentHistogram(HIGHEST_TRACKABLE, 3);
        AtomicLong failed = new AtomicLong();
        Phaser outstanding = new Phaser(1); // the generator, plus one party per unanswered call
        Map<Integer, Long> otherStatuses = new ConcurrentHashMap<>();
        double intervalNanos = 1e9 / perSecond;
        long start = System.nanoTime();
        long recordFrom = start + warmUp.toNanos();
        long end = recordFrom + window.toNanos();
        for (long n = 0; ; n++) {
            long due = start + (long) (n * intervalNanos);
            if (due >= end) {
                break;
            }
            long wait = due - System.nanoTime();
            if (wait > 0) {
                LockSupport.parkNanos(wait);
            }
            boolean recorded = due >= recordFrom;
            outstanding.register();
            Calls.send(calls, n, http).whenComplete((answer, error) -> {
                long latency = System.nanoTime() - due;
                if (recorded) {
                    if (error == null && answer.ok()) {
                        histogram.recordValue(Math.min(latency, HIGHEST_TRACKABLE));
                    } else {
                        failed.incrementAndGet();
                        otherStatuses.merge(error == null ? answer.status() : -1, 1L, Long::sum);
                    }
                }
                outstanding.arriveAndDeregister();
            });
        }
        awaitAnswers(outstanding);
        return new Latencies(perSecond, histogram, failed.get(), Map.copyOf(otherStatuses));
    }

    /** The last calls still get their answers; bounded so that a hung server cannot hang the bench. */
    private static void awaitAnswers(Phaser outstanding) {
        try {
            outstanding.awaitAdvanceInterruptibly(outstanding.arrive(), 60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException((outstanding.getRegisteredParties() - 1)
                    + " calls unanswered 60 s after the last was due", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
