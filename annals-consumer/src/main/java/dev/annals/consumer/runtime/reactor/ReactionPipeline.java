package dev.annals.consumer.runtime.reactor;

import dev.annals.consumer.runtime.loop.BatchEntry;
import dev.annals.consumer.runtime.failure.Failures;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.apache.kafka.common.TopicPartition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A reactor's reactions across polls: each aggregate's events in log order, one reaction after the other, and
 * different aggregates side by side ({@code annals.reactor.concurrency} at once) — <b>without the poll loop
 * waiting for any of them</b>. The loop hands each poll's events on and polls again, so a reaction that waits on a
 * silent call delays its own aggregate's later events only, whichever poll brings them; the checkpoint moves past
 * an event once its reaction is recorded ({@link InFlight}).
 *
 * <p>A run whose reaction failed every attempt is dead-lettered and its aggregate parked (blocking work, on a
 * worker thread) before the aggregate's next reaction starts, which then finds the aggregate parked and holds its
 * events for a redrive.
 */
final class ReactionPipeline {

    private final Reactions reactions;
    private final Permits permits;
    private final InFlight inFlight;
    private final BiConsumer<List<BatchEntry>, Throwable> deadLetterRun;
    /** Each aggregate's last reaction handed on: the next one of the aggregate starts after it ends. */
    private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();
    /**
     * What stopped the pipeline: an {@link Error} in a reaction (the process is as good as dead), or a failure no
     * reaction should end with. Once set, no reaction starts — an aggregate's later events must not react after one
     * that was not recorded: they would find events missing and park it — and the runner rethrows it, ends FAILED,
     * and the service restarts from the checkpoints.
     */
    private volatile Throwable halted;

    ReactionPipeline(Reactions reactions, int concurrency, InFlight inFlight,
                     BiConsumer<List<BatchEntry>, Throwable> deadLetterRun) {
        this.reactions = reactions;
        this.permits = new Permits(concurrency, Infrastructure.getDefaultWorkerPool());
        this.inFlight = inFlight;
        this.deadLetterRun = deadLetterRun;
    }

    /** Hands a poll's events on (decoded, not reacted to before, in log order); answers at once. */
    void react(List<BatchEntry> entries) {
        inFlight.add(entries);
        Map<String, List<BatchEntry>> byAggregate = new LinkedHashMap<>();
        for (BatchEntry entry : entries) {
            byAggregate.computeIfAbsent(entry.envelope().aggregateType() + "/" + entry.envelope().aggregateId(),
                    key -> new ArrayList<>()).add(entry);
        }
        byAggregate.forEach((aggregate, events) -> after(aggregate, () -> runs(Reactions.runsOf(events), 0)));
    }

    /** What halted the pipeline, rethrown on the runner's thread (see {@link #halted}). */
    void rethrowIfHalted() {
        Throwable failure = halted;
        if (failure instanceof Error error) {
            throw error;
        }
        if (failure instanceof RuntimeException runtime) {
            throw runtime;
        }
        if (failure != null) {
            throw new IllegalStateException(failure);
        }
    }

    /**
     * Fires a deadline after the reactions of the aggregate whose reaction scheduled it (a deadline of an older
     * runtime, which did not note it, on its own), within the same permits: a deadline and its aggregate's events
     * never react at once. {@code fired} hears of a deadline fired, {@code failed} of a firing that failed (the
     * deadline stays due: its caller writes its backoff).
     */
    void fire(Deadlines.Due due, TopicPartition partition, Runnable fired, Consumer<Throwable> failed) {
        String key = due.aggregate() != null ? due.aggregate()
                : "deadline/" + due.deadline().name() + "/" + due.deadline().key();
        after(key, () -> reactions.fire(due, partition)
                .invoke(fired)
                .onFailure(failure -> !Failures.isFatal(failure))
                .recoverWithItem(failure -> {
                    failed.accept(failure);
                    return null;
                }));
    }

    private void after(String aggregate, Supplier<Uni<Void>> work) {
        CompletableFuture<Void> next = new CompletableFuture<>();
        CompletableFuture<Void> previous = tails.put(aggregate, next);
        Runnable begin = () -> permits.acquire()
                .chain(() -> halted == null ? work.get() : Uni.createFrom().voidItem())
                .eventually(permits::release)
                .subscribe().with(done -> end(aggregate, next, null), failure -> end(aggregate, next, failure));
        if (previous == null) {
            begin.run();
        } else {
            // on a worker, not on the thread that ended the previous one: a long line of reactions that end at once
            // (a revoked partition's, say) would otherwise start each other deeper and deeper on one stack
            previous.whenCompleteAsync((ignored, before) -> begin.run(), Infrastructure.getDefaultWorkerPool());
        }
    }

    private void end(String aggregate, CompletableFuture<Void> tail, Throwable failure) {
        if (failure != null && halted == null) {
            halted = failure; // before the aggregate's next reaction may start
        }
        tails.remove(aggregate, tail);
        tail.complete(null);
    }

    /** The aggregate's runs one after the other: each reacted to and recorded, or dead-lettered and parked. */
    private Uni<Void> runs(List<List<BatchEntry>> runs, int next) {
        if (next == runs.size() || halted != null) {
            return Uni.createFrom().voidItem();
        }
        List<BatchEntry> run = runs.get(next);
        if (!inFlight.isCurrent(run.getFirst())) {
            // its partition was revoked (its new owner reacts from its checkpoint), or given back and read again:
            // the run read again is another chain's now; this one starts no more of it
            return runs(runs, next + 1);
        }
        return reactions.attempt(run).chain(outcome -> switch (outcome) {
            case Reactions.Done done -> {
                inFlight.finished(run);
                yield runs(runs, next + 1);
            }
            // stopping: not recorded, so the checkpoint stays before it and the next owner reacts
            case Reactions.Stopped stopped -> Uni.createFrom().voidItem();
            case Reactions.FailedRun failed -> Uni.createFrom().item(() -> {
                        deadLetterRun.accept(run, failed.failure());
                        return run;
                    })
                    .runSubscriptionOn(Infrastructure.getDefaultWorkerPool())
                    .invoke(inFlight::finished)
                    .chain(() -> runs(runs, next + 1));
        });
    }
}
