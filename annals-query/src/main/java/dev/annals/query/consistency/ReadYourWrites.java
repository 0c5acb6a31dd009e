package dev.annals.query.consistency;

import dev.annals.core.AggregateTypes;
import dev.annals.core.consistency.ConsistencyToken;
import dev.annals.core.consistency.ConsistencyToken.Position;
import dev.annals.core.consistency.MalformedConsistencyTokenException;
import dev.annals.core.problem.Problem;
import dev.annals.query.consistency.ConsistencyMetrics.Outcome;
import dev.annals.query.web.ProblemException;
import dev.annals.telemetry.SpanAttributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Read-your-writes: a read that carries a consistency token waits until the projection serving it has applied
 * every position of the token it can ever apply, or answers 504 after {@code annals.query.consistency-wait}.
 *
 * <p>It reads the projection's checkpoints once, then waits for {@code NOTIFY annals_checkpoint}, which the
 * consumer runtime sends when each batch commits: no polling. The wait is registered before that first read, so
 * a notice that arrives between the read and the wait is not lost.
 */
@ApplicationScoped
public class ReadYourWrites implements CheckpointObserver {

    private static final Logger LOG = Logger.getLogger(ReadYourWrites.class);

    private final Checkpoints checkpoints;
    private final CheckpointListener listener;
    private final AggregateTypes types;
    private final QueryConfig config;
    private final ConsistencyMetrics metrics;
    private final int partitions;
    private final Map<String, Set<Waiting>> waiting = new ConcurrentHashMap<>();
    private final AtomicInteger waitingCount = new AtomicInteger();
    private final Tracer tracer;

    // annals.topics.partitions: command-service's key, so that one setting of a deployment serves both
    ReadYourWrites(Checkpoints checkpoints, CheckpointListener listener, AggregateTypes types, QueryConfig config,
                   ConsistencyMetrics metrics, Tracer tracer,
                   @ConfigProperty(name = "annals.topics.partitions", defaultValue = "6") int partitions) {
        this.tracer = tracer;
        this.checkpoints = checkpoints;
        this.listener = listener;
        this.types = types;
        this.config = config;
        this.metrics = metrics;
        this.partitions = partitions;
    }

    @PostConstruct
    void observeCheckpoints() {
        listener.observe(this);
        metrics.waiting(this, ReadYourWrites::waitingNow);
    }

    /**
     * Completes when {@code model}'s projection has reached the request's token, at once when there is none.
     * Emits on the caller's Vert.x context, so a Hibernate Reactive session can follow.
     *
     * @throws ProblemException (as the failure) 400 for a malformed token, 504 when the wait runs out
     */
    public Uni<Void> await(ReadModel model, ConsistencyParams params) {
        if (!params.present()) {
            return Uni.createFrom().voidItem();
        }
        ConsistencyToken token;
        try {
            token = tokenOf(params);
        } catch (MalformedConsistencyTokenException e) {
            return Uni.createFrom().failure(ProblemException.badRequest("MALFORMED_CONSISTENCY_TOKEN",
                    e.getMessage()));
        }
        // a position no write can ever have would only wait out the timeout: say why at once
        for (Position position : token.positions()) {
            if (!types.contains(position.aggregateType())) {
                return Uni.createFrom().failure(ProblemException.badRequest("MALFORMED_CONSISTENCY_TOKEN",
                        "the token names aggregate type '" + position.aggregateType() + "', which does not exist;"
                                + " known types: " + String.join(", ", types.names())));
            }
            if (position.partition() >= partitions) {
                return Uni.createFrom().failure(ProblemException.badRequest("MALFORMED_CONSISTENCY_TOKEN",
                        "the token names partition " + position.partition() + " of " + position.aggregateType()
                                + ", whose commands topic has partitions 0 to " + (partitions - 1)));
            }
        }
        List<Position> positions = token.positions().stream()
                .filter(p -> model.readsEveryType() ? types.contains(p.aggregateType())
                        : model.types().contains(p.aggregateType()))
                .toList();
        long started = System.nanoTime();
        if (positions.isEmpty()) {
            metrics.record(model.projection(), Outcome.NOT_APPLICABLE, Duration.ZERO);
            return Uni.createFrom().voidItem();
        }
        if (waitingCount.incrementAndGet() > config.maxWaitingReads()) {
            waitingCount.decrementAndGet();
            return Uni.createFrom().failure(ProblemException.unavailable("TOO_MANY_WAITING_READS",
                    config.maxWaitingReads() + " reads already wait for their consistency tokens here"
                            + " (annals.query.max-waiting-reads); try again shortly", 1));
        }
        Waiting wait = new Waiting(model.projection(), positions);
        waiting.computeIfAbsent(model.projection(), p -> ConcurrentHashMap.newKeySet()).add(wait);
        Duration limit = config.consistencyWait();
        Span span = waitSpan(model, token);
        return checkpoints.reached(model.projection(), positions)
                .invoke(wait::observe)
                .chain(reached -> {
                    boolean immediate = wait.isReached();
                    return wait.reached().invoke(() -> {
                        Outcome outcome = immediate ? Outcome.IMMEDIATE : Outcome.REACHED;
                        metrics.record(model.projection(), outcome, since(started));
                        span.setAttribute(SpanAttributes.OUTCOME, outcome.name());
                    });
                })
                .ifNoItem().after(limit).recoverWithUni(() -> behind(wait, limit, started))
                .onTermination().invoke((ignored, failure, cancelled) -> {
                    forget(wait);
                    if (failure != null) {
                        span.setStatus(StatusCode.ERROR, failure.getMessage());
                    }
                    span.end();
                })
                .emitOn(callerContext());
    }

    /** The wait as a span of the request's trace: which read model, which token, and how it ended. */
    private Span waitSpan(ReadModel model, ConsistencyToken token) {
        return tracer.spanBuilder("await consistency " + model.projection())
                .setSpanKind(SpanKind.INTERNAL)
                .setAttribute(SpanAttributes.READ_MODEL, model.projection())
                .setAttribute(SpanAttributes.CONSISTENCY_TOKEN, token.format())
                .startSpan();
    }

    private static ConsistencyToken tokenOf(ConsistencyParams params) {
        String query = params.query();
        if (params.header != null && query != null) {
            return ConsistencyToken.parse(params.header).merge(ConsistencyToken.parse(query));
        }
        return ConsistencyToken.parse(params.header != null ? params.header : query);
    }

    /** 504, naming the projection and, per position, how far it is. */
    private Uni<Void> behind(Waiting wait, Duration limit, long started) {
        metrics.record(wait.projection(), Outcome.TIMEOUT, since(started));
        return checkpoints.reached(wait.projection(), wait.positions())
                .onFailure().recoverWithItem(failure -> {
                    LOG.debugf("cannot read checkpoints for a 504: %s", failure);
                    return List.of();
                })
                .map(reached -> {
                    List<Map<String, Object>> lagging = new ArrayList<>();
                    for (int i = 0; i < wait.positions().size(); i++) {
                        Position position = wait.positions().get(i);
                        Long at = reached.isEmpty() ? null : reached.get(i).commandOffset();
                        if (at == null || at < position.commandOffset()) {
                            Map<String, Object> entry = new LinkedHashMap<>();
                            entry.put("position", position.toString());
                            entry.put("reachedCommandOffset", at);
                            lagging.add(entry);
                        }
                    }
                    return lagging;
                })
                .map(lagging -> {
                    throw new ProblemException(Problem.of(504, "Gateway Timeout", "CONSISTENCY_TIMEOUT",
                            "projection " + wait.projection() + " did not reach the consistency token within "
                                    + limit.toMillis() + " ms; the write is stored and will show once it does")
                            .with("projection", wait.projection())
                            .with("waitedMillis", limit.toMillis())
                            .with("behind", lagging));
                });
    }

    private void forget(Waiting wait) {
        Set<Waiting> ofProjection = waiting.get(wait.projection());
        if (ofProjection != null && ofProjection.remove(wait)) {
            waitingCount.decrementAndGet();
        }
    }

    @Override
    public void onCheckpoint(CheckpointNotice notice) {
        Set<Waiting> ofProjection = waiting.get(notice.consumer());
        if (ofProjection == null || ofProjection.isEmpty()) {
            return;
        }
        notice.aggregateType().ifPresent(type -> ofProjection.forEach(
                wait -> wait.observe(type, notice.partition(), notice.commandOffset())));
    }

    @Override
    public void onListening() {
        waiting.values().forEach(waits -> waits.forEach(wait -> checkpoints.reached(wait.projection(),
                wait.positions()).subscribe().with(wait::observe, failure -> LOG.debugf(
                        "cannot re-read checkpoints after re-listening: %s", failure))));
    }

    private double waitingNow() {
        return waitingCount.get();
    }

    private static Duration since(long started) {
        return Duration.ofNanos(System.nanoTime() - started);
    }

    /** The request's own context: waits complete on the listener's, and the endpoint must go on on its own. */
    private static Executor callerContext() {
        Context context = Vertx.currentContext();
        return context == null ? Runnable::run : task -> context.runOnContext(ignored -> task.run());
    }
}
