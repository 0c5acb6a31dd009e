package dev.annals.core;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A command that breaks a domain rule. The {@linkplain #reason() reason} is a stable code in
 * {@code UPPER_SNAKE_CASE} (such as {@code INSUFFICIENT_FUNDS}) that clients can act on; the message is for
 * people.
 *
 * <p>A rejection usually changes nothing. One that must leave a trace {@linkplain #recording records} events: facts
 * about the refused attempt that later decisions depend on — a wrong delivery code, counted so that the order locks
 * after a few. They are appended and folded like a decision's events, and the caller is still answered with the
 * rejection. Without them a rule such as "locked after three wrong codes" could not be written: a plain rejection
 * leaves no state behind, so every guess would be the first.
 *
 * <p>A rejection is an expected outcome, not a fault, so it carries no stack trace.
 */
public class DomainRejection extends RuntimeException {

    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");

    private final String reason;
    private final List<Object> recorded;
    private final boolean conceals;

    public DomainRejection(String reason, String message) {
        this(reason, message, List.of(), false);
    }

    private DomainRejection(String reason, String message, List<Object> recorded, boolean conceals) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("a rejection reason is UPPER_SNAKE_CASE, not " + reason);
        }
        this.reason = reason;
        this.recorded = List.copyOf(recorded);
        this.conceals = conceals;
        if (conceals && !this.recorded.isEmpty()) {
            throw new IllegalArgumentException("a rejection that conceals the aggregate records nothing in it");
        }
    }

    /**
     * This rejection, recording {@code events} (events of the aggregate's type) as the attempt's trace: they are
     * written to the log in order, and the caller is answered with the rejection.
     */
    public DomainRejection recording(Object... events) {
        return new DomainRejection(reason, getMessage(), List.of(events), conceals);
    }

    /**
     * This rejection, answered as if the aggregate did not exist, so that a caller who may not act on it does not
     * learn that it does, nor how far it is: the processor answers her what it answers the same command to an
     * aggregate that does not exist — the same {@code If-Match} failure, or the same refusal on the initial state
     * (give it the reason and message of a missing one, {@code CART_NOT_FOUND}, or a rule about the caller alone),
     * with version 0, never remembered for an {@code Idempotency-Key}. Checked on an aggregate that exists, before
     * anything else; a creating command's {@code ALREADY_EXISTS} comes first.
     */
    public DomainRejection concealing() {
        return new DomainRejection(reason, getMessage(), recorded, true);
    }

    /** Whether the caller is answered as if the aggregate did not exist ({@link #concealing}). */
    public boolean conceals() {
        return conceals;
    }

    /** The stable reason code, e.g. {@code INSUFFICIENT_FUNDS}. */
    public String reason() {
        return reason;
    }

    /** The events the rejection records; empty for most. */
    public List<Object> recorded() {
        return recorded;
    }

    @Override
    public String toString() {
        return "DomainRejection[" + reason + ": " + getMessage() + (recorded.isEmpty() ? "" : ", recording "
                + recorded) + "]";
    }
}
