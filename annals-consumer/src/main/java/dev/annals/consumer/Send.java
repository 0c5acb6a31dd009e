package dev.annals.consumer;

import dev.annals.core.AggregateId;
import dev.annals.core.AggregateType;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * A command a reactor sends to one aggregate: {@code Send.to(FoodOrderType.TYPE, orderId, new ConfirmPayment(null))},
 * optionally only if the aggregate is still at a version ({@link #ifAt}: the command is answered as a
 * {@link CommandOutcome.VersionConflict} if it moved on, as a client's {@code If-Match}). A server-generated
 * component (the {@code Caller by} of a command whose rule depends on who sends it) is left {@code null}: the runtime
 * fills it in — the caller as this service, {@code annals.reactor.principal} with {@code annals.reactor.roles} — as
 * the gateway does for a client's command.
 */
public record Send(AggregateType<?, ?, ?> type, String aggregateId, Object command, OptionalLong expectedVersion) {

    public Send {
        Objects.requireNonNull(type, "type");
        AggregateId.require(aggregateId);
        Objects.requireNonNull(command, "command");
        if (!type.commandType().isInstance(command)) {
            throw new IllegalArgumentException(command + " is not a command of " + type.name());
        }
        Objects.requireNonNull(expectedVersion, "expectedVersion");
    }

    public static <C> Send to(AggregateType<C, ?, ?> type, String aggregateId, C command) {
        return new Send(type, aggregateId, command, OptionalLong.empty());
    }

    /** The same command, decided only if the aggregate is at {@code version}. */
    public Send ifAt(long version) {
        return new Send(type, aggregateId, command, OptionalLong.of(version));
    }
}
