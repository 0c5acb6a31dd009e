package dev.annals.consumer.runtime;

import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test code only: kills a projection consumer at a point of its next batch, as if its process died there. The
 * runtime has no crash switch; this reaches it through two of its own beans, replaced in tests by the CDI
 * alternatives {@link DyingTransactions} (before the database commit) and {@link DyingMetrics} (after it).
 *
 * <p>The death is an {@link Error}, which the runtime treats as fatal wherever it meets one: never retried, never
 * dead-lettered; the consumer thread ends at once, {@code FAILED}, and acknowledges nothing more to Kafka — what
 * a killed process leaves behind. The test then starts the projection again, as a restarted service would.
 *
 * <p>These classes live in the runtime's package so that they can stand in for its package-private parts.
 */
@Singleton
public class ProcessDeath {

    /** Where in a batch the consumer dies. */
    public enum Point {
        /** The batch was applied in the open transaction, which is then lost: nothing of it is committed. */
        BEFORE_DATABASE_COMMIT,
        /** The database transaction committed; the consumer dies before acknowledging anything to Kafka. */
        AFTER_DATABASE_COMMIT
    }

    /** What the consumer dies of. */
    public static final class Killed extends Error {
        Killed(String consumer, Point point) {
            super("process of " + consumer + " killed " + point.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), null,
                    false, false);
        }
    }

    private static final String THREAD_PREFIX = "annals-consumer-";

    private final Map<String, Point> armed = new ConcurrentHashMap<>();

    /**
     * The consumer of this name dies at {@code point} of its next batch: a projection's live consumer is named
     * after the projection, a rebuild's runner {@code <projection>@g<generation>}.
     */
    public void atNextBatch(String consumer, Point point) {
        armed.put(consumer, point);
    }

    /** Dies here if the consumer running on this thread was armed for {@code point}. */
    void dieIfDue(Point point) {
        String thread = Thread.currentThread().getName();
        if (thread.startsWith(THREAD_PREFIX)) {
            String consumer = thread.substring(THREAD_PREFIX.length());
            if (armed.remove(consumer, point)) {
                throw new Killed(consumer, point);
            }
        }
    }
}
