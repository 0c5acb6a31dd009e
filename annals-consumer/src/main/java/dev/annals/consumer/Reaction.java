package dev.annals.consumer;

import dev.annals.core.AggregateType;
import io.smallrye.mutiny.Uni;

import java.time.Instant;
import java.util.function.Function;

/**
 * What a reactor's handler may do about one event (or one deadline): send commands, call other systems, keep
 * state, schedule deadlines. No transaction is open while it runs; its statements and deadlines are queued and
 * commit together once its effects succeeded, with the record that it reacted. Every effect carries a key
 * derived from the event's id and the reaction, the same on every delivery of the event.
 */
public interface Reaction {

    /**
     * Sends a command and waits for its outcome. Its idempotency key is derived from the event, the number of this
     * send in the reaction (the first, the second…) and the command's name, so the same reaction on a second
     * delivery sends nothing new. A reaction that may decide otherwise the second time (a call that timed out, and
     * answers now) sends another command under another key: send it {@link Send#ifAt} the event's version, and the
     * aggregate turns the second decision away as a {@link CommandOutcome.VersionConflict}.
     */
    Uni<CommandOutcome> send(Send send);

    /** {@code send(Send.to(type, id, command))}. */
    default <C> Uni<CommandOutcome> send(AggregateType<C, ?, ?> type, String aggregateId, C command) {
        return send(Send.to(type, aggregateId, command));
    }

    /**
     * Calls another system with the key derived for the call {@code name} of this reaction, which the call passes
     * on (an {@code Idempotency-Key} header, a payment reference): the call may happen more than once — after a
     * failure, or a crash before the checkpoint moved — and the other side deduplicates by the key.
     */
    <T> Uni<T> call(String name, Function<String, Uni<T>> call);

    /** The key derived for the call {@code name} of this reaction, as {@link #call} passes it. */
    String key(String name);

    /**
     * The reactor's own tables: a process manager's state. Statements ({@link Sql#exec}) are queued and commit with
     * the reaction's record; queries read what is committed (what this aggregate's earlier reactions wrote).
     */
    Sql sql();

    /** Schedules (or moves) the deadline {@code name} for {@code key} to {@code due}, with the reaction's record. */
    void schedule(String name, String key, Instant due);

    /** Cancels the deadline {@code name} for {@code key}, if there is one, with the reaction's record. */
    void cancel(String name, String key);
}
