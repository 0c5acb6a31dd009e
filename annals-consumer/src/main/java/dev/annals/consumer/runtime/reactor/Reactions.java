package dev.annals.consumer.runtime.reactor;

import dev.annals.consumer.Sql;
import dev.annals.consumer.runtime.ConsumerPlan;
import dev.annals.consumer.runtime.ConsumerSpans;
import dev.annals.consumer.runtime.RunnerServices;
import dev.annals.consumer.runtime.failure.Failures;
import dev.annals.consumer.runtime.failure.Parking;
import dev.annals.consumer.runtime.loop.BatchEntry;
import dev.annals.consumer.runtime.loop.VersionOrder;
import dev.annals.telemetry.Traces;
import io.opentelemetry.api.trace.Span;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * One reaction, to a run of an aggregate's events or to a deadline, with <b>no database transaction open while it
 * waits on the outside world</b>. One reaction is three steps:
 * <ol>
 *   <li>a short transaction reads how far the reactor got with the aggregate (the version rule): an event it
 *       reacted to before has no effect again, and one after a gap fails; an aggregate parked there holds it;</li>
 *   <li>the handler runs with no transaction and no pooled connection held: its calls and sends carry their
 *       derived keys, its statements stay queued ({@link Sql#deferred}); it has {@code
 *       annals.reactor.reaction-timeout} to finish, or it is abandoned and tried again, with the same keys;</li>
 *   <li>a short transaction records it: the aggregate's version moves past it and its queued statements commit,
 *       unless another instance recorded it first (then this one's are dropped: its effects were the same).</li>
 * </ol>
 * A run is an aggregate's events up to and with one the reactor has a handler for: the events without one are
 * recorded with it. {@link ReactionPipeline} orders the reactions: each aggregate's one after another, different
 * aggregates side by side, the poll loop waiting for none.
 */
public final class Reactions {

    /** What became of a run. */
    sealed interface RunOutcome permits Done, Stopped, FailedRun {
    }

    /** Reacted to and recorded, found recorded before, or held behind its parked aggregate. */
    record Done() implements RunOutcome {
    }

    /** The runner stopped before it was recorded: the checkpoint stays before it, and its next owner reacts. */
    record Stopped() implements RunOutcome {
    }

    /** It failed for a reason of its own every attempt (or said it never will): the runner dead-letters it. */
    record FailedRun(Throwable failure) implements RunOutcome {
    }

    /** What a reaction reports to its runner as it goes. */
    interface Notes {
        /** A transient failure (the database or the processor away): the reaction waits and tries again. */
        void waiting(Throwable failure);

        /** A failure of the event's own: tried again, up to the handler's attempts. */
        void retrying(Throwable failure);

        /**
         * Whether {@code entry}'s reaction has failed for a transient reason not the runtime's own for longer than
         * {@code annals.consumer.transient-limit}, counted from its first such failure, across polls.
         */
        boolean pastTransientLimit(BatchEntry entry);
    }

    private final ConsumerPlan plan;
    private final RunnerServices services;
    private final Function<Sql, Uni<Void>> useTables;
    private final BooleanSupplier running;
    private final Notes notes;

    Reactions(ConsumerPlan plan, RunnerServices services, Function<Sql, Uni<Void>> useTables,
              BooleanSupplier running, Notes notes) {
        this.plan = plan;
        this.services = services;
        this.useTables = useTables;
        this.running = running;
        this.notes = notes;
    }

    /**
     * Reactions for a redrive of a parked aggregate ({@code Redrive}): one at a time, outside any transaction, the
     * aggregate's parking not heeded (it is parked until the redrive has reacted to all of it).
     */
    public static Reactions forRedrive(ConsumerPlan plan, RunnerServices services, Function<Sql, Uni<Void>> useTables) {
        return new Reactions(plan, services, useTables, () -> true, new Notes() {
            @Override
            public void waiting(Throwable failure) {
            }

            @Override
            public void retrying(Throwable failure) {
            }

            @Override
            public boolean pastTransientLimit(BatchEntry entry) {
                return true;
            }
        });
    }

    /** A parked aggregate's run, once, as a reaction: the version rule, its handler, its record (see {@code once}). */
    public Uni<Void> redriven(List<BatchEntry> run) {
        return once(run, false);
    }

    /** An aggregate's events (in log order) as runs: each up to and with one that has a handler. */
    public static List<List<BatchEntry>> runsOf(List<BatchEntry> events) {
        List<List<BatchEntry>> runs = new ArrayList<>();
        List<BatchEntry> run = new ArrayList<>();
        for (BatchEntry event : events) {
            run.add(event);
            if (event.handler() != null) {
                runs.add(run);
                run = new ArrayList<>();
            }
        }
        if (!run.isEmpty()) {
            runs.add(run);
        }
        return runs;
    }

    /**
     * A run, tried again after a backoff while it fails: a transient failure for as long as it lasts (a handler's
     * own, up to {@code annals.consumer.transient-limit}), one of the event's own up to the handler's attempts.
     */
    Uni<RunOutcome> attempt(List<BatchEntry> run) {
        return attempt(run, 0, 0);
    }

    private Uni<RunOutcome> attempt(List<BatchEntry> run, int attempt, int ownFailures) {
        if (!running.getAsBoolean()) {
            return Uni.createFrom().item(new Stopped());
        }
        return once(run).<RunOutcome>replaceWith(new Done()).onFailure().recoverWithUni(failure -> {
            if (Failures.isFatal(failure) || !running.getAsBoolean()) {
                return Uni.createFrom().failure(failure);
            }
            if (Failures.isPermanent(failure)) {
                return Uni.createFrom().item(new FailedRun(failure)); // the handler said so: no retry
            }
            boolean transientFailure = Failures.isTransient(failure);
            if (transientFailure && !Failures.isTheRuntimes(failure) && notes.pastTransientLimit(run.getLast())) {
                return Uni.createFrom().item(new FailedRun(failure));
            }
            if (transientFailure) {
                notes.waiting(failure);
            } else if (ownFailures + 1 >= Math.max(1, services.settings().handlerAttempts())) {
                return Uni.createFrom().item(new FailedRun(failure));
            } else {
                notes.retrying(failure);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(backoff(attempt))
                    .chain(() -> attempt(run, attempt + 1, transientFailure ? ownFailures : ownFailures + 1));
        });
    }

    /** The run once: the version rule, the handler (if the run ends with one) outside a transaction, the record. */
    Uni<Void> once(List<BatchEntry> run) {
        return once(run, true);
    }

    private Uni<Void> once(List<BatchEntry> run, boolean heedParking) {
        BatchEntry first = run.getFirst();
        BatchEntry last = run.getLast();
        String type = first.envelope().aggregateType();
        String id = first.envelope().aggregateId();
        long from = first.envelope().aggregateVersion();
        long to = last.envelope().aggregateVersion();
        return services.transactions().inTransaction(sql -> useTables.apply(sql)
                        .chain(() -> heedParking ? Parking.parkedAmong(sql, List.of(first))
                                : Uni.createFrom().item(Set.<String>of()))
                        .chain(parked -> {
                            if (!parked.isEmpty()) {
                                run.forEach(entry -> Parking.hold(sql, entry)); // held for its redrive
                                return Uni.createFrom().item(Long.MAX_VALUE);
                            }
                            return VersionOrder.applied(sql, type, id);
                        }))
                .chain(applied -> {
                    if (applied >= to) { // (MAX_VALUE: its aggregate is parked, the run held)
                        return Uni.createFrom().voidItem(); // reacted to before, by this or another instance
                    }
                    if (applied < from - 1) {
                        return Uni.createFrom().failure(new VersionOrder.MissingEvents(type, id, applied, from));
                    }
                    Sql queued = reactionSql();
                    Uni<Void> effects = last.handler() == null ? Uni.createFrom().voidItem() : handle(last, queued);
                    return effects.chain(() -> services.transactions().inTransaction(sql -> useTables.apply(sql)
                            .chain(() -> VersionOrder.advance(sql, type, id, applied + 1, to))
                            .invoke(recorded -> {
                                if (recorded) {
                                    queued.moveTo(sql);
                                }
                            }))).replaceWithVoid();
                });
    }

    /** The handler, in a span of the event's trace, given the reaction timeout. */
    private Uni<Void> handle(BatchEntry entry, Sql queued) {
        Span span = services.spans().handling(plan, entry);
        return Uni.createFrom().deferred(() -> entry.handler().apply(entry.type(), entry.event(), entry.envelope(),
                        entry.position(), queued, Traces.of(span)))
                .ifNoItem().after(services.reactors().reactionTimeout()).failWith(() -> timedOut(
                        "the reaction to " + entry.envelope().eventType() + " v" + entry.envelope().aggregateVersion()
                                + " of " + entry.envelope().aggregateId()))
                .onTermination().invoke((ignored, failure, cancelled) -> ConsumerSpans.end(span, failure));
    }

    /** A deadline whose handler failed, and why: it stays, to fire again after a backoff. */
    record FailedDeadline(Deadlines.Due due, Throwable failure) {
    }

    /**
     * Fires a deadline that came due, as a reaction: its handler outside a transaction, then a short one that
     * removes the deadline and commits its statements — unless it is gone or moved meanwhile (another instance
     * fired it). Fails with the handler's failure; the deadline then stays, to fire again after a backoff.
     */
    Uni<Void> fire(Deadlines.Due due, TopicPartition partition) {
        return running.getAsBoolean() ? fireOne(due, partition) : Uni.createFrom().voidItem();
    }

    private Uni<Void> fireOne(Deadlines.Due due, TopicPartition partition) {
        Sql queued = reactionSql();
        Span span = services.spans().firing(plan, due.deadline(), partition);
        return Uni.createFrom().deferred(() -> plan.fire(due.deadline(), partition.topic(), partition.partition(),
                        due.aggregate(),
                        queued, Traces.of(span)))
                .ifNoItem().after(services.reactors().reactionTimeout())
                .failWith(() -> timedOut("deadline " + due.deadline()))
                .onTermination().invoke((ignored, failure, cancelled) -> ConsumerSpans.end(span, failure))
                .chain(() -> services.transactions().inTransaction(sql -> useTables.apply(sql)
                        .chain(() -> Deadlines.stillDue(sql, due.deadline()))
                        .invoke(stillDue -> {
                            if (stillDue) {
                                queued.moveTo(sql);
                            }
                        })))
                .replaceWithVoid();
    }

    /** A reaction's Sql: statements queued for its record, each query in a short transaction on the tables. */
    private Sql reactionSql() {
        return Sql.deferred((query, parameters) -> services.transactions().inTransaction(sql ->
                useTables.apply(sql).chain(() -> sql.query(query, parameters))));
    }

    private TimeoutException timedOut(String what) {
        return new TimeoutException(what + " took longer than annals.reactor.reaction-timeout ("
                + services.reactors().reactionTimeout().toMillis() + " ms); abandoned, to be tried again with the"
                + " same keys");
    }

    private Duration backoff(int attempt) {
        Duration wait = services.settings().initialBackoff().multipliedBy(1L << Math.min(attempt, 20));
        return wait.compareTo(services.settings().maxBackoff()) > 0 ? services.settings().maxBackoff() : wait;
    }
}
