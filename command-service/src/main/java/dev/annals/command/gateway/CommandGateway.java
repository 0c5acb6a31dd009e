package dev.annals.command.gateway;

import dev.annals.command.reply.PendingReplies;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.problem.Problem;
import dev.annals.core.reply.CommandReply;
import dev.annals.core.topic.Topics;
import dev.annals.telemetry.SpanAttributes;
import dev.annals.telemetry.Traces;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * Sends a command and waits for the processor's reply, within bounds: Kafka not taking the command in time is a
 * 503 with {@code Retry-After}; no reply in time is a 504 naming the command id.
 *
 * <p>The send is a span of the request's trace, {@code send annals.<type>.commands}, whose context the command
 * record carries to the processor.
 */
@Startup // its configuration is checked when the service starts, not at the first command
@Singleton
public class CommandGateway {

    private final CommandSender sender;
    private final PendingReplies pending;
    private final GatewayConfig config;
    private final Vertx vertx;
    private final Tracer tracer;

    CommandGateway(CommandSender sender, PendingReplies pending, GatewayConfig config, Vertx vertx, Tracer tracer) {
        if (config.sendTimeout().compareTo(config.replyTimeout()) > 0) {
            throw new IllegalStateException("annals.gateway.send-timeout (" + config.sendTimeout() + ") is part of "
                    + "the answer's time and must not exceed annals.gateway.reply-timeout (" + config.replyTimeout()
                    + ")");
        }
        this.vertx = vertx;
        this.tracer = tracer;
        this.sender = sender;
        this.pending = pending;
        this.config = config;
    }

    public CompletionStage<CommandReply> submit(CommandEnvelope untraced) {
        if (!pending.isListening()) {
            throw unavailable("NOT_READY", "the gateway is starting: it does not receive replies yet");
        }
        Span send = sending(untraced);
        CommandEnvelope command = Traces.of(send).map(untraced::withTrace).orElse(untraced);
        CompletableFuture<CommandReply> reply = pending.expect(command.commandId());
        // The reply timeout bounds the whole answer, so its clock starts before the send, which may wait for the
        // broker's metadata (at most the send timeout, which is shorter). A Vert.x timer rather than orTimeout():
        // the JDK's shared delay thread is not the application's, and what runs after the timeout builds the answer.
        long timer = vertx.setTimer(config.replyTimeout().toMillis(),
                fired -> reply.completeExceptionally(new TimeoutException()));
        reply.whenComplete((outcome, failure) -> vertx.cancelTimer(timer));
        sender.send(command).whenComplete((metadata, error) -> {
            if (error != null) {
                send.setStatus(StatusCode.ERROR, "Kafka did not take the command");
                send.recordException(error);
            } else {
                send.setAttribute(SpanAttributes.MESSAGING_PARTITION, (long) metadata.partition());
                send.setAttribute(SpanAttributes.MESSAGING_OFFSET, metadata.offset());
            }
            send.end();
            if (error != null) {
                reply.completeExceptionally(unavailable("KAFKA_UNAVAILABLE", "Kafka did not take the command within "
                        + config.sendTimeout().toMillis() + " ms (" + error.getClass().getSimpleName() + "); it may "
                        + "or may not be applied: retry with the same Idempotency-Key"));
            }
        });
        return reply
                .exceptionally(failure -> {
                    Throwable cause = failure instanceof CompletionException ? failure.getCause() : failure;
                    if (cause instanceof TimeoutException) {
                        throw new ProblemException(Problem.of(504, "Gateway Timeout", "REPLY_TIMEOUT",
                                        "no reply to command " + command.commandId() + " within "
                                                + config.replyTimeout().toMillis() + " ms; it may still be applied: "
                                                + "retry with the same Idempotency-Key")
                                .with("commandId", command.commandId()));
                    }
                    if (cause instanceof ProblemException problem) {
                        throw problem;
                    }
                    throw new CompletionException(cause);
                });
    }

    /** The span of the send, a child of the request's (the current context's). */
    private Span sending(CommandEnvelope command) {
        String topic = Topics.commands(command.aggregateType());
        return Traces.kafkaSpan(tracer, "send " + topic, SpanKind.PRODUCER, topic, "send")
                .setAttribute(SpanAttributes.AGGREGATE_TYPE, command.aggregateType())
                .setAttribute(SpanAttributes.AGGREGATE_ID, command.aggregateId())
                .setAttribute(SpanAttributes.COMMAND, command.commandName())
                .setAttribute(SpanAttributes.COMMAND_ID, command.commandId())
                .startSpan();
    }

    /**
     * A 429: this caller has to wait, not everyone. Its share frees only as its oldest answers leave the window, which
     * may take hours, so it is not told to come back in a couple of seconds as a busy service's callers are.
     */
    public ProblemException tooMany(String code, String detail) {
        return new ProblemException(Problem.of(429, "Too Many Requests", code, detail),
                Map.of("Retry-After", Long.toString(TOO_MANY_RETRY_AFTER.toSeconds())));
    }

    /** How long a caller whose share of the idempotency window is full is asked to wait before trying again. */
    static final Duration TOO_MANY_RETRY_AFTER = Duration.ofMinutes(1);

    /** A 503 with the configured {@code Retry-After}. */
    public ProblemException unavailable(String code, String detail) {
        long seconds = Math.max(1, config.retryAfter().toSeconds());
        return new ProblemException(Problem.of(503, "Service Unavailable", code, detail),
                Map.of("Retry-After", Long.toString(seconds)));
    }
}
