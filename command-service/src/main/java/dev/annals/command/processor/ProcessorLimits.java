package dev.annals.command.processor;

import java.time.Duration;
import java.util.Objects;

/**
 * What one command may leave behind, and for how long its answer is remembered.
 *
 * @param idempotencyWindow  how long the first answer to a command with an idempotency key is given to retries
 * @param window             how much the window keeps per partition of an aggregate type, and per caller
 * @param maxAggregateBytes  largest snapshot (version and state as JSON) an aggregate may grow to
 * @param maxEventsBytes     largest answer a command may have; it carries every event the command recorded
 */
public record ProcessorLimits(Duration idempotencyWindow, WindowBounds window, int maxAggregateBytes,
                              int maxEventsBytes) {

    /** What a record may add to its content (headers, the envelope of a reply) within the producer's limit. */
    static final int RECORD_OVERHEAD = 16 * 1024;

    public ProcessorLimits {
        if (idempotencyWindow.isNegative() || idempotencyWindow.isZero()) {
            throw new IllegalArgumentException("annals.processor.idempotency-window must be positive");
        }
        Objects.requireNonNull(window, "window");
        if (maxAggregateBytes < 1 || maxEventsBytes < 1) {
            throw new IllegalArgumentException("the processor's limits must be positive");
        }
    }

    /** Limits whose window is bounded by the number of answers alone. */
    public ProcessorLimits(Duration idempotencyWindow, long maxRememberedKeys, int maxAggregateBytes,
                           int maxEventsBytes) {
        this(idempotencyWindow, WindowBounds.ofKeys(maxRememberedKeys), maxAggregateBytes, maxEventsBytes);
    }

    /**
     * Refuses limits a record could pass on its way to Kafka: a record over the producer's {@code max.request.size}
     * would fail at commit, outside the command's own error path, instead of being refused with an answer.
     */
    void requireBelow(long maxRequestSize) {
        long largest = Math.max(maxAggregateBytes, maxEventsBytes) + (long) RECORD_OVERHEAD;
        if (largest > maxRequestSize) {
            throw new IllegalStateException("annals.processor.max-aggregate-size (" + maxAggregateBytes
                    + " bytes) and annals.processor.max-events-size (" + maxEventsBytes + " bytes), plus "
                    + RECORD_OVERHEAD + " bytes of headers, must fit the producer's max.request.size ("
                    + maxRequestSize + " bytes) and the topics' max.message.bytes");
        }
    }
}
