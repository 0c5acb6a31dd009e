package dev.annals.consumer;

/**
 * A handler's way to say that an event can never be handled, whatever it waits for: thrown (or a failed
 * {@code Uni} with it anywhere in its causes), the event goes to the dead-letter topic at once, with this message
 * as its reason, without the retries a failure gets otherwise — a partner's API that answered "400: no such
 * customer", say. Failures that may pass (an I/O error, a timeout of the handler's own call) are retried with
 * backoff for up to {@code annals.consumer.transient-limit}, then dead-lettered too; the database and the command
 * processor being away are waited for, however long. This holds for an event's handler, a projection's or a
 * reactor's; a deadline's handler that fails, for whatever reason, stays and fires again after a backoff (its
 * deadline is the reactor's own record that something is still to be done).
 */
public class PermanentFailure extends RuntimeException {

    public PermanentFailure(String message) {
        super(message);
    }

    public PermanentFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
