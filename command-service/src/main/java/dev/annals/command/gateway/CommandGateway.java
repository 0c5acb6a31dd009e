package dev.annals.command.gateway;

import dev.annals.command.reply.PendingReplies;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.problem.Problem;
import dev.annals.core.reply.CommandReply;
import io.quarkus.runtime.Startup;
import io.vertx.core.Vertx;
import jakarta.inject.Singleton;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeoutException;

/**
 * Sends a command and waits for the processor's reply, within bounds: Kafka not taking the command in time is a
 * 503 with {@code Retry-After}; no reply in time is a 504 naming the command id.
 */
@Startup // its configuration is checked when the service starts, not at the first command
@Singleton
public class CommandGateway {

    private final CommandSender sender;
    private final PendingReplies pending;
    private final GatewayConfig config;
    private final Vertx vertx;

    CommandGateway(CommandSender sender, PendingReplies pending, GatewayConfig config, Vertx vertx) {
        if (config.sendTimeout().compareTo(config.replyTimeout()) > 0) {
            throw new IllegalStateException("annals.gateway.send-timeout (" + config.sendTimeout() + ") is part of "
                    + "the answer's time and must not exceed annals.gateway.reply-timeout (" + config.replyTimeout()
                    + ")");
        }
        this.vertx = vertx;
        this.sender = sender;
        this.pending = pending;
        this.config = config;
    }

    public CompletionStage<CommandReply> submit(CommandEnvelope command) {
        if (!pending.isListening()) {
            throw unavailable("NOT_READY", "the gateway is starting: it does not receive replies yet");
        }
        CompletableFuture<CommandReply> reply = pending.expect(command.commandId());
        // The reply timeout bounds the whole answer, so its clock starts before the send, which may wait for the
        // broker's metadata (at most the send timeout, which is shorter). A Vert.x timer rather than orTimeout():
        // the JDK's shared delay thread is not the application's, and what runs after the timeout builds the answer.
        long timer = vertx.setTimer(config.replyTimeout().toMillis(),
                fired -> reply.completeExceptionally(new TimeoutException()));
        reply.whenComplete((outcome, failure) -> vertx.cancelTimer(timer));
        sender.send(command).whenComplete((metadata, error) -> {
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

    /** A 503 with the configured {@code Retry-After}. */
    public ProblemException unavailable(String code, String detail) {
        long seconds = Math.max(1, config.retryAfter().toSeconds());
        return new ProblemException(Problem.of(503, "Service Unavailable", code, detail),
                Map.of("Retry-After", Long.toString(seconds)));
    }
}
