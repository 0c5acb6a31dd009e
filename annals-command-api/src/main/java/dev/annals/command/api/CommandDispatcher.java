package dev.annals.command.api;

import jakarta.ws.rs.core.Response;

import java.util.concurrent.CompletionStage;

/**
 * The command-service's one way in, as a CDI bean a domain's own JAX-RS resources can inject: checks the
 * request (id, body, headers), fills in server-generated values, sends the command, waits for the processor and
 * answers exactly as {@code POST /api/{type}/{id}/{command}} does (200 or 201 with the events and the consistency
 * token, or a problem). It blocks while Kafka takes the command, so callers are {@code @Blocking}.
 */
public interface CommandDispatcher {

    CompletionStage<Response> dispatch(CommandRequest request);
}
