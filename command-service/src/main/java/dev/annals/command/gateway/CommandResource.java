package dev.annals.command.gateway;

import dev.annals.core.problem.Problem;
import dev.annals.command.reply.CommandReply;
import dev.annals.command.reply.RecordedEvent;
import dev.annals.core.AggregateTypes;
import dev.annals.core.AggregateId;
import dev.annals.core.AggregateType;
import dev.annals.core.consistency.ConsistencyToken;
import dev.annals.core.envelope.CommandEnvelope;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code POST /api/{type}/{id}/{command}}: one endpoint for every command of every aggregate type. Checks the
 * request, sends the command, and answers with the processor's outcome.
 */
@Path("/api")
public class CommandResource {

    public static final String CONSISTENCY_TOKEN = "Annals-Consistency-Token";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Pattern STRONG_ETAG = Pattern.compile("\"(0|[1-9][0-9]{0,17})\"");

    private final AggregateTypes types;
    private final CommandParser parser;
    private final CommandGateway gateway;
    private final CommandMetrics metrics;
    private final GatewayConfig config;

    CommandResource(AggregateTypes types, CommandParser parser, CommandGateway gateway, CommandMetrics metrics,
                    GatewayConfig config) {
        this.types = types;
        this.parser = parser;
        this.gateway = gateway;
        this.metrics = metrics;
        this.config = config;
    }

    /** The answer to an accepted command. */
    public record Accepted(String type, String id, long version, List<RecordedEvent> events) {
    }

    @POST
    @Path("/{type}/{id}/{command}")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(hidden = true) // each type's commands are listed one by one in the OpenAPI document instead
    @Blocking // sending waits for the broker's metadata, bounded by annals.gateway.send-timeout
    public CompletionStage<Response> handle(@PathParam("type") String typeName, @PathParam("id") String id,
                                            @PathParam("command") String commandName,
                                            @HeaderParam(IDEMPOTENCY_KEY) String idempotencyKey,
                                            @HeaderParam(HttpHeaders.IF_MATCH) String ifMatch,
                                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                            byte[] body) {
        long started = System.nanoTime();
        AggregateType<?, ?, ?> type = types.find(typeName).orElseThrow(() -> new ProblemException(Problem.of(404,
                "Not Found", "UNKNOWN_TYPE", "there is no aggregate type " + printable(typeName))));
        if (type.commandClass(commandName).isEmpty()) {
            throw new ProblemException(Problem.of(404, "Not Found", "UNKNOWN_COMMAND", typeName + " has no command "
                    + printable(commandName) + "; its commands are " + type.commandNames()));
        }
        CompletionStage<Response> answer;
        try {
            CommandEnvelope command = envelope(type, id, commandName, idempotencyKey, ifMatch, contentType, body);
            answer = gateway.submit(command).thenApply(this::answer);
        } catch (ProblemException problem) {
            answer = CompletableFuture.failedFuture(problem);
        }
        return answer.handle((response, failure) -> {
            Response result = failure == null ? response : problemResponse(failure);
            metrics.record(typeName, commandName, outcomeLabel(result.getStatus()),
                    java.time.Duration.ofNanos(System.nanoTime() - started));
            return result;
        });
    }

    private CommandEnvelope envelope(AggregateType<?, ?, ?> type, String id, String commandName,
                                     String idempotencyKey, String ifMatch, String contentType, byte[] body) {
        if (!AggregateId.isValid(id)) {
            throw new ProblemException(Problem.of(400, "Bad Request", "INVALID_ID", "an aggregate id is 1-"
                    + AggregateId.MAX_LENGTH + " characters of A-Z a-z 0-9 . _ : -"));
        }
        if (body.length > config.maxBodySize().asLongValue()) {
            throw BodyLimit.tooLarge(config.maxBodySize().asLongValue());
        }
        if (body.length > 0 && !isJson(contentType)) {
            throw new ProblemException(Problem.of(415, "Unsupported Media Type", "UNSUPPORTED_MEDIA_TYPE",
                    "a command body is application/json, not " + printable(contentType)));
        }
        if (idempotencyKey != null && !CommandEnvelope.isValidIdempotencyKey(idempotencyKey)) {
            throw new ProblemException(Problem.of(400, "Bad Request", "INVALID_IDEMPOTENCY_KEY",
                    "an Idempotency-Key is 1-255 visible ASCII characters"));
        }
        OptionalLong expectedVersion = expectedVersion(ifMatch);
        CommandParser.Parsed parsed = parser.parse(type, commandName, body);
        String commandId = UUID.randomUUID().toString();
        return new CommandEnvelope(commandId, type.name(), id, commandName, Optional.ofNullable(idempotencyKey),
                expectedVersion, commandId, parsed.payload());
    }

    private Response answer(CommandReply reply) {
        return switch (reply.outcome()) {
            case ACCEPTED -> accepted(reply);
            case REJECTED -> refused(409, "Conflict", reply);
            case VERSION_CONFLICT -> refused(409, "Conflict", reply);
            case IDEMPOTENCY_KEY_REUSED -> refused(422, "Unprocessable Content", reply);
            case MALFORMED, FAILED -> refused(500, "Internal Server Error", reply);
        };
    }

    /**
     * 200 with the events and, if there are any, the consistency token. A command accepted without an event
     * changed nothing a read could wait for; a token naming its offset would never be reached by any projection
     * (no event carries that offset), so none is given.
     */
    private static Response accepted(CommandReply reply) {
        Response.ResponseBuilder response = Response.ok(new Accepted(reply.aggregateType(), reply.aggregateId(),
                        reply.version(), reply.events()), MediaType.APPLICATION_JSON)
                .header(HttpHeaders.ETAG, "\"" + reply.version() + "\"");
        if (!reply.events().isEmpty()) {
            response.header(CONSISTENCY_TOKEN, ConsistencyToken.of(reply.aggregateType(), reply.partition(),
                    reply.commandOffset()).format());
        }
        return response.build();
    }

    private static Response refused(int status, String title, CommandReply reply) {
        Problem problem = Problem.of(status, title, reply.reason(), reply.message())
                .with("version", reply.version());
        return ProblemMappers.respond(problem).header(HttpHeaders.ETAG, "\"" + reply.version() + "\"").build();
    }

    private static Response problemResponse(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof ProblemException problem) {
            return ProblemMappers.toResponse(problem);
        }
        return new ProblemMappers().unexpected(cause);
    }

    /** {@code If-Match: "3"}: the aggregate must be at version 3 (0: must not exist yet). */
    private static OptionalLong expectedVersion(String ifMatch) {
        if (ifMatch == null) {
            return OptionalLong.empty();
        }
        Matcher version = STRONG_ETAG.matcher(ifMatch.strip());
        if (!version.matches()) {
            throw new ProblemException(Problem.of(400, "Bad Request", "INVALID_IF_MATCH",
                    "If-Match takes one version in double quotes, e.g. \"3\""));
        }
        return OptionalLong.of(Long.parseLong(version.group(1)));
    }

    private static boolean isJson(String contentType) {
        if (contentType == null) {
            return false;
        }
        String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return mediaType.equals(MediaType.APPLICATION_JSON) || mediaType.endsWith("+json");
    }

    private static String outcomeLabel(int status) {
        return switch (status) {
            case 200 -> "accepted";
            case 409 -> "rejected";
            case 503 -> "unavailable";
            case 504 -> "timeout";
            default -> status >= 500 ? "failed" : "invalid";
        };
    }

    /** Echoes client text into an answer only as far as it is short, visible ASCII. */
    private static String printable(String text) {
        if (text == null) {
            return "(none)";
        }
        String cut = text.length() > 64 ? text.substring(0, 64) + "…" : text;
        return cut.replaceAll("[^\\x20-\\x7E…]", "?");
    }
}
