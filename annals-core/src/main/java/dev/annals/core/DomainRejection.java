package dev.annals.core;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A command that breaks a domain rule. The {@linkplain #reason() reason} is a stable code in
 * {@code UPPER_SNAKE_CASE} (such as {@code INSUFFICIENT_FUNDS}) that clients can act on; the message is for
 * people.
 *
 * <p>A rejection is an expected outcome, not a fault, so it carries no stack trace.
 */
public class DomainRejection extends RuntimeException {

    private static final Pattern REASON = Pattern.compile("[A-Z][A-Z0-9]*(_[A-Z0-9]+)*");

    private final String reason;

    public DomainRejection(String reason, String message) {
        super(Objects.requireNonNull(message, "message"), null, false, false);
        if (reason == null || !REASON.matcher(reason).matches()) {
            throw new IllegalArgumentException("a rejection reason is UPPER_SNAKE_CASE, not " + reason);
        }
        this.reason = reason;
    }

    /** The stable reason code, e.g. {@code INSUFFICIENT_FUNDS}. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return "DomainRejection[" + reason + ": " + getMessage() + "]";
    }
}
