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
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * A reactor's reactions to one poll, and to the deadlines that came due: each aggregate's events in order,
 * different aggregates side by side ({@code annals.reactor.concurrency} at once), and <b>no database transaction
 * open while a reaction waits on the outside world</b>. One reaction is three steps:
 * <ol>
 *   <li>a short transaction reads how far the reactor got with the aggregate (the version rule): an event it
 *       reacted to before has no effect again, and one after a gap fails;</li>
 *   <li>the handler runs with no transaction and no pooled connection held: its calls and sends carry their
 *       derived keys, its statements stay queued ({@link Sql#deferred}); it has {@code
 *       annals.reactor.reaction-timeout} to finish, or it is abandoned and tried again, with the same keys;</li>
 *   <li>a short transaction records it: the aggregate's version moves past it and its queued statements commit,
 *       unless another instance recorded it first (then this one's are dropped: its effects were the same).</li>
 * </ol>
 * So a silent call delays its own aggregate's later events only, a slow reaction holds no connection, and a poll
 * takes at most {@code annals.reactor.time-per-poll} plus one reaction's timeout: no reaction starts after that,
 * and what is left is read again by the next poll (the checkpoint stays before it). Events the reactor has no
 * handler for are recorded with the next reaction of their aggregate, or together at the end.
 */
public final class Reactions {

    /** What became of one event. */
    enum Outcome {
        /** Reacted to and recorded (or found recorded). */
        DONE,
        /** Not started in time, or still failing for a transient reason: the next poll reads it again. */
        LEFT,
        /** Its reaction failed for a reason of its own, every attempt: the runner looks for the event to blame. */
        FAILED
    }

    /** What a poll's reactions came to, entry by entry. */
    record Reacted(BatchEntry entry, Outcome outcome, Throwable failure) {
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
     * Reacts to {@code entries} (decoded, at or past their partitions' checkpoints, in log order); none starts after
     * {@code until} ({@link System#nanoTime}). Answers what became of each; an {@link Error} in a handler fails it.
     */
    List<Reacted> react(List<BatchEntry> entries, long until) {
        Map<String, List<BatchEntry>> byAggregate = new LinkedHashMap<>();
        for (BatchEntry entry : entries) {
            byAggregate.computeIfAbsent(entry.envelope().aggregateType() + "/" + entry.envelope().aggregateId(),
                    key -> new ArrayList<>()).add(entry);
        }
        return Multi.createFrom().iterable(byAggregate.values())
                .onItem().transformToUni(events -> aggregate(events, until))
                .merge(services.reactors().concurrency())
                .collect().in(ArrayList<Reacted>::new, List::addAll)
                .await().indefinitely();
    }

    /** One aggregate's events, a run at a time: the events up to and with one that has a handler. */
    private Uni<List<Reacted>> aggregate(List<BatchEntry> events, long until) {
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
        return runs(runs, 0, until, new ArrayList<>());
    }

    private Uni<List<Reacted>> runs(List<List<BatchEntry>> runs, int next, long until, List<Reacted> reacted) {
        if (next == runs.size()) {
            return Uni.createFrom().item(reacted);
        }
        List<BatchEntry> run = runs.get(next);
        return attempt(run, 0, 0, until).chain(outcome -> {
            Throwable failure = outcome instanceof Failed failed ? failed.failure() : null;
            Outcome result = failure != null ? Outcome.FAILED : (Outcome) outcome;
            run.forEach(entry -> reacted.add(new Reacted(entry, result, failure)));
            if (result != Outcome.DONE) {
                // the aggregate's later events wait behind this one: the next poll reads them again
                runs.subList(next + 1, runs.size()).forEach(later ->
                        later.forEach(entry -> reacted.add(new Reacted(entry, Outcome.LEFT, null))));
                return Uni.createFrom().item(reacted);
            }
            return runs(runs, next + 1, until, reacted);
        });
    }

    private record Failed(Throwable failure) {
    }

    /** A run, tried again after a backoff while it fails: for ever if transient (until the poll's time is up). */
    private Uni<Object> attempt(List<BatchEntry> run, int attempt, int ownFailures, long until) {
        if (!running.getAsBoolean() || System.nanoTime() - until > 0) {
            return Uni.createFrom().item(Outcome.LEFT);
        }
        return once(run).<Object>replaceWith(Outcome.DONE).onFailure().recoverWithUni(failure -> {
            if (Failures.isFatal(failure) || !running.getAsBoolean()) {
                return Uni.createFrom().failure(failure);
            }
            if (Failures.isPermanent(failure)) {
                return Uni.createFrom().item(new Failed(failure)); // the handler said so: no retry
            }
            boolean transientFailure = Failures.isTransient(failure);
            if (transientFailure && !Failures.isTheRuntimes(failure) && notes.pastTransientLimit(run.getLast())) {
                return Uni.createFrom().item(new Failed(failure));
            }
            if (transientFailure) {
                notes.waiting(failure);
            } else if (ownFailures + 1 >= Math.max(1, services.settings().handlerAttempts())) {
                return Uni.createFrom().item(new Failed(failure));
            } else {
                notes.retrying(failure);
            }
            return Uni.createFrom().voidItem().onItem().delayIt().by(backoff(attempt))
                    .chain(() -> attempt(run, attempt + 1, transientFailure ? ownFailures : ownFailures + 1, until));
        });
    }

    /** The run once: the version rule, the handler (if the run ends with one) outside a transaction, the record. */
    Uni<Void> once(List<BatchEntry> run) {
        BatchEntry first = run.getFirst();
        BatchEntry last = run.getLast();
        String type = first.envelope().aggregateType();
        String id = first.envelope().aggregateId();
        long from = first.envelope().aggregateVersion();
        long to = last.envelope().aggregateVersion();
        return services.transactions().inTransaction(sql -> useTables.apply(sql)
                        .chain(() -> Parking.parkedAmong(sql, List.of(first)))
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

    /** A deadline that came due, in the partition it belongs to. */
    record DueIn(Deadlines.Due due, TopicPartition partition) {
    }

    /**
     * Fires the deadlines that came due, every partition's side by side, each as a reaction: its handler outside a
     * transaction, then a short one that removes the deadline and commits its statements — unless it is gone or
     * moved meanwhile (another instance fired it). None starts after {@code until}. Answers those that failed.
     */
    List<FailedDeadline> fire(List<DueIn> due, long until) {
        List<FailedDeadline> failed = new CopyOnWriteArrayList<>();
        Multi.createFrom().iterable(due)
                .onItem().transformToUni(deadline -> !running.getAsBoolean() || System.nanoTime() - until > 0
                        ? Uni.createFrom().voidItem()
                        : fireOne(deadline.due(), deadline.partition())
                        .onFailure(failure -> !Failures.isFatal(failure))
                        .recoverWithItem(failure -> {
                            failed.add(new FailedDeadline(deadline.due(), failure));
                            return null;
                        }))
                .merge(services.reactors().concurrency())
                .collect().last()
                .await().indefinitely();
        return List.copyOf(failed);
    }

    private Uni<Void> fireOne(Deadlines.Due due, TopicPartition partition) {
        Sql queued = reactionSql();
        Span span = services.spans().firing(plan, due.deadline(), partition);
        return Uni.createFrom().deferred(() -> plan.fire(due.deadline(), partition.topic(), partition.partition(),
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
