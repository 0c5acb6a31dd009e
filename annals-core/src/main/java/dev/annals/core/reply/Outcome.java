package dev.annals.core.reply;

/** How the command processor answered a command. The gateway turns each into an HTTP status. */
public enum Outcome {
    /** Decided; its events (possibly none) are in the log. */
    ACCEPTED,
    /**
     * The decider refused it with a reason code; nothing written, unless the rejection recorded events (a wrong
     * delivery code, counted): then those are in the log, and the reply lists them.
     */
    REJECTED,
    /** {@code If-Match} named another version than the aggregate's; nothing written. */
    VERSION_CONFLICT,
    /** The idempotency key was first used for a different command; nothing written. */
    IDEMPOTENCY_KEY_REUSED,
    /** The command on the topic could not be read (the gateway never sends such); nothing written. */
    MALFORMED,
    /**
     * The processor failed on it — the decider threw something other than a rejection, or Kafka refused what it
     * wrote; nothing written.
     */
    FAILED,
    /** The processor cannot take it now (its idempotency window is full); nothing written, retry later. */
    UNAVAILABLE
}
