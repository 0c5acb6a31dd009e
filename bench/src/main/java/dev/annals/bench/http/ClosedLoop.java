package dev.annals.bench.http;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Maximum throughput at a fixed concurrency: {@code concurrency} clients, each sending its next call as soon as
 * the last one is answered. Calls answered during the warm-up are not counted; the window is the time after it.
 */
public final class ClosedLoop {

    private final HttpLoad http;
    private final int concurrency;
    private final Duration warmUp;
    private final Duration window;

    public ClosedLoop(HttpLoad http, int concurrency, Duration warmUp, Duration window) {
        this.http = http;
        this.concurrency = concurrency;
        this.warmUp = warmUp;
        this.window = window;
    }

    public Throughput run(CallSource calls) {
        AtomicLong sequence = new AtomicLong();
        AtomicLong ok = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        Map<Integer, Long> otherStatuses = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        long countFrom = start + warmUp.toNanos();
        long end = countFrom + window.toNanos();
        CountDownLatch clientsDone = new CountDownLatch(concurrency);
        Runnable[] clients = new Runnable[concurrency];
        for (int i = 0; i < concurrency; i++) {
            clients[i] = new Runnable() {
                @Override
                public void run() {
                    Calls.send(calls, sequence.getAndIncrement(), http).whenComplete((answer, error) -> {
                        long now = System.nanoTime();
                        if (now >= countFrom && now < end) {
                            if (error == null && answer.ok()) {
                                ok.incrementAndGet();
                            } else {
                                failed.incrementAndGet();
                                otherStatuses.merge(error == null ? answer.status() : -1, 1L, Long::sum);
                            }
                        }
                        if (now < end) {
                            this.run();
                        } else {
                            clientsDone.countDown();
                        }
                    });
                }
            };
        }
        for (Runnable client : clients) {
            client.run();
        }
        awaitQuietly(clientsDone, end);
        return new Throughput(ok.get(), failed.get(), window, Map.copyOf(otherStatuses));
    }

    /** The last calls of the window still get their answers, bounded so a hung server cannot hang the bench. */
    private static void awaitQuietly(CountDownLatch done, long end) {
        try {
            long left = end - System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            if (!done.await(Math.max(left, 0), TimeUnit.NANOSECONDS)) {
                throw new IllegalStateException("calls were still unanswered 60 s after the measured window");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
