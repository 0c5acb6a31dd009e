package dev.annals.consumer.runtime.loop;

import dev.annals.consumer.runtime.RunnerState;
import dev.annals.consumer.runtime.failure.Failures;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How one consumer's runner is doing, as its status and liveness read it: whether it should go on, its state, what
 * last went wrong and how many events it applied. Every part of a runner (its loop, retries, dead letters, rebuild
 * and reactions) reports here, so the state says the same thing whichever part waits.
 */
public final class RunnerHealth {

    private static final Logger LOG = Logger.getLogger(RunnerHealth.class);

    private final String consumerName;
    private final CountDownLatch stopRequested = new CountDownLatch(1);
    private final AtomicLong applied = new AtomicLong();
    private volatile boolean running = true;
    private volatile RunnerState state = RunnerState.STARTING;
    private volatile String lastError;
    private volatile Instant lastErrorAt;

    public RunnerHealth(String consumerName) {
        this.consumerName = consumerName;
    }

    public String consumerName() {
        return consumerName;
    }

    /** False once a stop was asked for: every wait of the runner ends then. */
    public boolean running() {
        return running;
    }

    void stop() {
        running = false;
        stopRequested.countDown();
    }

    /** Waits {@code atMost}, or less if the runner is stopped meanwhile. */
    public void awaitStop(Duration atMost) {
        try {
            stopRequested.await(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    public RunnerState state() {
        return state;
    }

    public void state(RunnerState state) {
        this.state = state;
    }

    /** The runner waits for something away (the database, Kafka, a dead-letter topic) and says so once. */
    public void waiting(Throwable failure) {
        if (state != RunnerState.RETRYING) {
            LOG.warnf("consumer %s: waiting, then trying again (%s)", consumerName, Failures.describe(failure));
        }
        state = RunnerState.RETRYING;
        failed(failure);
    }

    /** What was waited for answered: RETRYING ends, said once. */
    public void goingOnAgain() {
        if (state == RunnerState.RETRYING) {
            state = RunnerState.RUNNING;
            LOG.infof("consumer %s: going on again", consumerName);
        }
    }

    public void failed(Throwable failure) {
        lastError = Failures.describe(failure);
        lastErrorAt = Instant.now();
    }

    public String lastError() {
        return lastError;
    }

    public Instant lastErrorAt() {
        return lastErrorAt;
    }

    public void applied(long events) {
        applied.addAndGet(events);
    }

    public long applied() {
        return applied.get();
    }
}
