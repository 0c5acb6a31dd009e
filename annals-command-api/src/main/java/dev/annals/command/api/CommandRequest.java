package dev.annals.command.api;

import jakarta.ws.rs.core.HttpHeaders;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One command as an HTTP request would carry it, for {@link CommandDispatcher}. Nothing here is checked yet:
 * the dispatcher checks it exactly as it checks {@code POST /api/{type}/{id}/{command}}.
 *
 * @param type           the aggregate type, e.g. {@code order-book}
 * @param aggregateId    the target aggregate; empty to create one with a server-chosen id (creating commands only)
 * @param command        the command's REST name, e.g. {@code buy}
 * @param idempotencyKey the client's {@code Idempotency-Key}, if any
 * @param ifMatch        the client's {@code If-Match}, if any
 * @param contentType    the body's media type
 * @param body           the command as JSON
 */
public record CommandRequest(String type, Optional<String> aggregateId, String command,
                             Optional<String> idempotencyKey, Optional<String> ifMatch, String contentType,
                             byte[] body) {

    public CommandRequest {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(aggregateId, "aggregateId");
        Objects.requireNonNull(command, "command");
        Objects.requireNonNull(idempotencyKey, "idempotencyKey");
        Objects.requireNonNull(ifMatch, "ifMatch");
        Objects.requireNonNull(body, "body");
    }

    /** A JSON command for an existing (or client-named) aggregate, with no conditional headers. */
    public static CommandRequest json(String type, String aggregateId, String command, String json) {
        return new CommandRequest(type, Optional.of(aggregateId), command, Optional.empty(), Optional.empty(),
                "application/json", json.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A request header as the client sent it, or empty when absent. A header sent with an empty value is present
     * (and then refused as malformed): reading it as absent would quietly drop the client's intent, such as an
     * idempotency key, and write a retry twice.
     */
    public static Optional<String> header(HttpHeaders headers, String name) {
        List<String> values = headers.getRequestHeader(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.ofNullable(values.get(0));
    }

    public CommandRequest withIdempotencyKey(String key) {
        return new CommandRequest(type, aggregateId, command, Optional.ofNullable(key), ifMatch, contentType, body);
    }
}
