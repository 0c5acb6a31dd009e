package dev.annals.consumer;

import dev.annals.core.AggregateId;
import dev.annals.core.AggregateType;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A command a reactor sends to one aggregate: {@code Send.to(FoodOrderType.TYPE, orderId, new ConfirmPayment(null))},
 * optionally only if the aggregate is still at a version ({@link #ifAt}: the command is answered as a
 * {@link CommandOutcome.VersionConflict} if it moved on, as a client's {@code If-Match}). A server-generated
 * component (the {@code Caller by} of a command whose rule depends on who sends it) is left {@code null}: the runtime
 * fills it in — the caller as this service, {@code annals.reactor.principal} with {@code annals.reactor.roles} — as
 * the gateway does for a client's command.
 *
 * @param key the name of its idempotency key, when it is the reactor's to choose ({@link #keyed}); else the key is
 *            derived from the reaction
 */
public record Send(AggregateType<?, ?, ?> type, String aggregateId, Object command, OptionalLong expectedVersion,
                   Optional<String> key) {

    private static final Pattern KEY_NAME = Pattern.compile("[\\x21-\\x7E]{1,160}");

    public Send {
        Objects.requireNonNull(type, "type");
        AggregateId.require(aggregateId);
        Objects.requireNonNull(command, "command");
        if (!type.commandType().isInstance(command)) {
            throw new IllegalArgumentException(command + " is not a command of " + type.name());
        }
        Objects.requireNonNull(expectedVersion, "expectedVersion");
        Objects.requireNonNull(key, "key");
        key.ifPresent(name -> {
            if (!KEY_NAME.matcher(name).matches()) {
                throw new IllegalArgumentException("a send's key name is 1 to 160 printable ASCII characters, not "
                        + name);
            }
        });
    }

    public Send(AggregateType<?, ?, ?> type, String aggregateId, Object command, OptionalLong expectedVersion) {
        this(type, aggregateId, command, expectedVersion, Optional.empty());
    }

    public static <C> Send to(AggregateType<C, ?, ?> type, String aggregateId, C command) {
        return new Send(type, aggregateId, command, OptionalLong.empty(), Optional.empty());
    }

    /** The same command, decided only if the aggregate is at {@code version}. */
    public Send ifAt(long version) {
        return new Send(type, aggregateId, command, OptionalLong.of(version), key);
    }

    /**
     * The same command under the idempotency key {@code <reactor>/key/<name>} instead of one derived from the
     * reaction: for a decision that several reactions may send — an event's and, later, a deadline's — and that
     * must be one command whichever sends it first (the processor answers the others as it answered the first).
     * Name it after what it decides, not after who sends it: {@code order-17@2/confirm-payment}.
     */
    public Send keyed(String name) {
        return new Send(type, aggregateId, command, expectedVersion, Optional.of(name));
    }
}
