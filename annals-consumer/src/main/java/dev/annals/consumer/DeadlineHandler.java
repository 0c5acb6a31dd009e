package dev.annals.consumer;

import io.smallrye.mutiny.Uni;

/**
 * Runs when a deadline comes: {@code (deadline, react) -> react.send(...)}. Its effects carry keys derived from the
 * deadline (its name, key and due time), so a deadline fired again after a crash applies nothing twice. The
 * deadline is gone once this succeeds; a failure leaves it, and it fires again after a backoff.
 */
@FunctionalInterface
public interface DeadlineHandler {

    Uni<Void> apply(Deadline deadline, Reaction react);
}
