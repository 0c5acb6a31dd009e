package dev.annals.consumer;

import dev.annals.core.consistency.ConsistencyToken;

import java.util.List;
import java.util.Optional;

/**
 * How the aggregate answered a command a reactor sent. A refusal is an outcome the handler sees and decides about,
 * not a failure: the reactor's checkpoint moves on either way. What is neither — the processor failed, or no
 * answer came — is not an outcome: the runtime retries (a missing answer with the same idempotency key, so the
 * command is still applied once) and, for a failure that does not pass, dead-letters the event.
 */
public sealed interface CommandOutcome {

    /** The aggregate's version after the command, or its current version if it was refused. */
    long version();

    /**
     * Decided and recorded.
     *
     * @param events the names of the events the command recorded, in order (none: it changed nothing)
     * @param token  where a read may wait for them, if there are any
     */
    record Accepted(long version, List<String> events, Optional<ConsistencyToken> token) implements CommandOutcome {
        public Accepted {
            events = List.copyOf(events);
        }
    }

    /**
     * The decider refused it, with its reason code ({@code ALREADY_PAID}); nothing written. {@code version} is the
     * aggregate's, or {@code -1} where the answer tells none ({@code ALREADY_EXISTS}).
     */
    record Rejected(long version, String reason, String message) implements CommandOutcome {
    }

    /** It was to be decided at another version than the aggregate is at ({@link Send#ifAt}); nothing written. */
    record VersionConflict(long version, String message) implements CommandOutcome {
    }
}
