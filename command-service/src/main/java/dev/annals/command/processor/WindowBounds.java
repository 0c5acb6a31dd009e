package dev.annals.command.processor;

import java.util.Map;

/**
 * How much the idempotency window of one partition of an aggregate type may remember: in answers, in bytes, and in
 * bytes per caller. A byte is what an answer costs the store: its key and encoded value, and a fixed
 * {@link IdempotencyWindow#ENTRY_OVERHEAD} for what the in-memory store and its index keep around them.
 *
 * @param maxKeys       most answers of the partition
 * @param maxBytes      most bytes of the partition
 * @param callerBytes   most bytes one caller's answers may take of it: its share, so that one caller filling its
 *                      own is refused alone
 * @param callerBytesOf a share of its own for some callers, by principal (a consumer service that sends many
 *                      keyed commands, such as payment-service)
 */
public record WindowBounds(long maxKeys, long maxBytes, long callerBytes, Map<String, Long> callerBytesOf) {

    /** No bound but the number of answers: for tests of that one. */
    static final long UNBOUNDED = Long.MAX_VALUE / 4;

    public WindowBounds {
        if (maxKeys < 1 || maxBytes < 1 || callerBytes < 1) {
            throw new IllegalArgumentException("the idempotency window's bounds must be positive");
        }
        callerBytesOf = Map.copyOf(callerBytesOf);
        callerBytesOf.forEach((caller, bytes) -> {
            if (bytes < 1) {
                throw new IllegalArgumentException("the idempotency share of " + caller + " must be positive");
            }
        });
    }

    static WindowBounds ofKeys(long maxKeys) {
        return new WindowBounds(maxKeys, UNBOUNDED, UNBOUNDED, Map.of());
    }

    /** The bytes {@code principal}'s answers may take. */
    long shareOf(String principal) {
        return callerBytesOf.getOrDefault(principal, callerBytes);
    }
}
