package dev.annals.consumer.runtime.failure;

import dev.annals.consumer.runtime.RunnerServices;
import dev.annals.consumer.runtime.loop.RunnerHealth;
import io.smallrye.mutiny.Uni;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * A runner's work tried again, with backoff, while its failure is transient (see {@link Failures#isTransient}) and
 * the runner runs: the database or Kafka away never ends a runner, nor skips an event. A transient failure that is
 * not the runtime's own (see {@link Failures#isTheRuntimes}: the handler's own call) may be bounded by a limit, so
 * that a call that keeps failing does not hold every partition for ever.
 */
public final class Retrying {

    private static final Logger LOG = Logger.getLogger(Retrying.class);

    private final String metricsName;
    private final RunnerServices services;
    private final RunnerHealth health;

    public Retrying(String metricsName, RunnerServices services, RunnerHealth health) {
        this.metricsName = metricsName;
        this.services = services;
        this.health = health;
    }

    /** {@code work}, retried with backoff for as long as the failure is transient and the consumer runs. */
    public <T> Uni<T> retrying(Supplier<Uni<T>> work) {
        return retrying(work, null);
    }

    /** The same, a transient failure not the runtime's own retried only for {@code limit} (none: for ever). */
    public <T> Uni<T> retrying(Supplier<Uni<T>> work, Duration limit) {
        TransientWait wait = new TransientWait(limit);
        return Uni.createFrom().<T>deferred(work::get)
                .onFailure().invoke(failure -> {
                    if (wait.decide(failure)) {
                        // the database away, or (a reactor's) a command without an answer yet
                        health.waiting(failure);
                        services.metrics().retry(metricsName, "transient");
                    }
                })
                .onFailure(wait::retries).retry()
                .withBackOff(services.settings().initialBackoff(), services.settings().maxBackoff()).indefinitely();
    }

    public <T> T await(Supplier<Uni<T>> work) {
        return retrying(work).await().indefinitely();
    }

    public <T> T await(Supplier<Uni<T>> work, Duration limit) {
        return retrying(work, limit).await().indefinitely();
    }

    /** Waits until the database answers {@code select 1}: a failure seen while it is away never dead-letters. */
    public void awaitDatabase() {
        await(() -> services.transactions().inTransaction(sql -> sql.query("select 1")));
    }

    /**
     * How long a last try, made right after {@code select 1} answered, waits out a transient failure that may be
     * the database's own (a connection refused is an I/O error like any other): a database that flaps then does
     * not dead-letter the event, a handler's own call that keeps failing does, soon.
     */
    public Duration lastTryGrace() {
        return services.settings().maxBackoff().multipliedBy(3);
    }

    /** The wait before a failed attempt is made again: the retries' backoff, doubling with each attempt. */
    public Duration backoff(int attempts) {
        Duration wait = services.settings().initialBackoff().multipliedBy(1L << Math.min(attempts, 20));
        return wait.compareTo(services.settings().maxBackoff()) > 0 ? services.settings().maxBackoff() : wait;
    }

    /** Whether a failure is waited for: transient, and the runtime's own or within the limit since the first. */
    private final class TransientWait {
        private final Duration limit;
        private long firstAt;
        private boolean retry;

        TransientWait(Duration limit) {
            this.limit = limit;
        }

        boolean decide(Throwable failure) {
            boolean running = health.running();
            retry = running && Failures.isTransient(failure) && (limit == null || Failures.isTheRuntimes(failure)
                    || withinLimit());
            if (!retry && running && Failures.isTransient(failure)) {
                LOG.warnf("consumer %s: still failing after annals.consumer.transient-limit (%d ms): %s",
                        health.consumerName(), limit.toMillis(), Failures.describe(failure));
            }
            return retry;
        }

        boolean retries(Throwable failure) {
            return retry;
        }

        private boolean withinLimit() {
            long now = System.nanoTime();
            if (firstAt == 0) {
                firstAt = now;
            }
            return now - firstAt < limit.toNanos();
        }
    }
}
