package dev.annals.command.gateway;

import dev.annals.command.api.CommandDispatcher;
import dev.annals.command.api.CommandRequest;
import dev.annals.core.AggregateId;
import dev.annals.core.AggregateType;
import dev.annals.core.AggregateTypes;
import dev.annals.core.Caller;
import dev.annals.core.consistency.ConsistencyToken;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.problem.Problem;
import dev.annals.core.reply.CommandReply;
import dev.annals.core.reply.RecordedEvent;
import dev.annals.security.AccessRules;
import dev.annals.security.AuthProblems;
import dev.annals.security.Callers;
import io.quarkus.security.identity.SecurityIdentity;
import jakarta.inject.Singleton;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Everything between an HTTP command request and its answer, whichever endpoint it came through: checks the
 * request, fills in server-generated values, sends the command, and answers with the processor's outcome.
 */
@Singleton
public class CommandRequests implements CommandDispatcher {

    public static final String CONSISTENCY_TOKEN = "Annals-Consistency-Token";
    public static final String IDEMPOTENCY_KEY = "Idempotency-Key";

    private static final Pattern STRONG_ETAG = Pattern.compile("\"(0|[1-9][0-9]{0,17})\"");

    private final AggregateTypes types;
    private final CommandParser parser;
    private final CommandGateway gateway;
    private final CommandMetrics metrics;
    private final GatewayConfig config;
    private final AccessRules access;
    private final SecurityIdentity identity;
    private final ServerNamedIds serverNamedIds;

    CommandRequests(AggregateTypes types, CommandParser parser, CommandGateway gateway, CommandMetrics metrics,
                    GatewayConfig config, AccessRules access, SecurityIdentity identity,
                    ServerNamedIds serverNamedIds) {
        this.types = types;
        this.parser = parser;
        this.gateway = gateway;
        this.metrics = metrics;
        this.config = config;
        this.access = access;
        this.identity = identity;
        this.serverNamedIds = serverNamedIds;
    }

    /** The answer to an accepted command. */
    public record Accepted(String type, String id, long version, List<RecordedEvent> events) {
    }

    @Override
    public CompletionStage<Response> dispatch(CommandRequest request) {
        long started = System.nanoTime();
        CompletionStage<Response> answer;
        try {
            AggregateType<?, ?, ?> type = typeOf(request);
            Caller caller = authorized(type, request.command());
            boolean creating = request.aggregateId().isEmpty();
            CommandEnvelope command = envelope(type, request, caller);
            answer = gateway.submit(command).thenApply(reply -> answer(reply, creating));
        } catch (ProblemException problem) {
            answer = CompletableFuture.failedFuture(problem);
        }
        return answer.handle((response, failure) -> {
            Response result = failure == null ? response : problemResponse(failure);
            metrics.record(knownType(request), knownCommand(request), outcomeLabel(result.getStatus()),
                    Duration.ofNanos(System.nanoTime() - started));
            return result;
        });
    }

    // metric labels only from known names: a client's made-up ones would grow the series without bound
    private String knownType(CommandRequest request) {
        return types.find(request.type()).map(AggregateType::name).orElse(CommandMetrics.UNKNOWN);
    }

    private String knownCommand(CommandRequest request) {
        return types.find(request.type()).filter(type -> type.commandClass(request.command()).isPresent())
                .map(type -> request.command()).orElse(CommandMetrics.UNKNOWN);
    }

    private AggregateType<?, ?, ?> typeOf(CommandRequest request) {
        AggregateType<?, ?, ?> type = types.find(request.type()).orElseThrow(() -> new ProblemException(Problem.of(
                404, "Not Found", "UNKNOWN_TYPE", "there is no aggregate type " + printable(request.type())
                        + "; the types are " + types.names())));
        if (type.commandClass(request.command()).isEmpty()) {
            throw new ProblemException(Problem.of(404, "Not Found", "UNKNOWN_COMMAND", type.name()
                    + " has no command " + printable(request.command()) + "; its commands are " + type.commandNames()));
        }
        if (request.aggregateId().isEmpty() && !type.creates(request.command())) {
            throw new ProblemException(Problem.of(404, "Not Found", "NOT_A_CREATING_COMMAND", request.command()
                    + " acts on an existing " + type.name() + ": POST /api/" + type.name() + "/{id}/"
                    + request.command() + "; the commands that create one are " + type.creatingCommands()));
        }
        return type;
    }

    /**
     * The caller, if its roles allow it to send this command (403 if not). Every endpoint that dispatches has
     * verified the token before ({@code BearerAuthentication}); a caller without one here is a route that does
     * not authenticate, which must not send commands.
     */
    private Caller authorized(AggregateType<?, ?, ?> type, String command) {
        Caller caller = Callers.of(identity).orElseThrow(() -> new ProblemException(AuthProblems.missingProblem(
                "commands need a token: send Authorization: Bearer <JWT>"),
                Map.of(HttpHeaders.WWW_AUTHENTICATE, AuthProblems.MISSING_CHALLENGE)));
        if (!access.mayCommand(identity, type.name(), command)) {
            throw new ProblemException(AuthProblems.forbiddenProblem("sending " + command + " to a " + type.name()
                    + " needs one of the roles " + access.commandRoles(type.name(), command)),
                    Map.of(HttpHeaders.WWW_AUTHENTICATE, AuthProblems.FORBIDDEN_CHALLENGE));
        }
        return caller;
    }

    private CommandEnvelope envelope(AggregateType<?, ?, ?> type, CommandRequest request, Caller caller) {
        String id = request.aggregateId().orElseGet(() -> serverNamedIds.newId(type, caller,
                request.idempotencyKey()));
        if (!AggregateId.isValid(id)) {
            throw new ProblemException(Problem.of(400, "Bad Request", "INVALID_ID", "an aggregate id is 1-"
                    + AggregateId.MAX_LENGTH + " characters of A-Z a-z 0-9 . _ : -"));
        }
        byte[] body = request.body();
        if (body.length > config.maxBodySize().asLongValue()) {
            throw BodyLimit.tooLarge(config.maxBodySize().asLongValue());
        }
        if (body.length > 0 && !isJson(request.contentType())) {
            throw new ProblemException(Problem.of(415, "Unsupported Media Type", "UNSUPPORTED_MEDIA_TYPE",
                    "a command body is application/json, not " + printable(request.contentType())));
        }
        Optional<String> idempotencyKey = request.idempotencyKey();
        if (idempotencyKey.isPresent() && !CommandEnvelope.isValidIdempotencyKey(idempotencyKey.get())) {
            throw new ProblemException(Problem.of(400, "Bad Request", "INVALID_IDEMPOTENCY_KEY",
                    "an Idempotency-Key is 1-255 visible ASCII characters"));
        }
        OptionalLong expectedVersion = expectedVersion(request.ifMatch());
        CommandParser.Parsed parsed = parser.parse(type, request.command(), body, id, caller);
        String commandId = UUID.randomUUID().toString();
        return new CommandEnvelope(commandId, type.name(), id, request.command(), idempotencyKey, expectedVersion,
                commandId, caller.subject(), parsed.payload());
    }

    private Response answer(CommandReply reply, boolean created) {
        return switch (reply.outcome()) {
            case ACCEPTED -> accepted(reply, created);
            case REJECTED -> refused(409, "Conflict", reply);
            case VERSION_CONFLICT -> refused(409, "Conflict", reply);
            case IDEMPOTENCY_KEY_REUSED -> refused(422, "Unprocessable Content", reply);
            case MALFORMED, FAILED -> refused(500, "Internal Server Error", reply);
            case UNAVAILABLE -> reply.reason().equals(CommandReply.IDEMPOTENCY_SHARE_FULL)
                    ? ProblemMappers.toResponse(gateway.tooMany(reply.reason(), reply.message()))
                    : ProblemMappers.toResponse(gateway.unavailable(reply.reason(), reply.message()));
        };
    }

    /**
     * 200 (201 with {@code Location} when the server named the new aggregate) with the events and, if there are
     * any, the consistency token. A command accepted without an event changed nothing a read could wait for; a
     * token naming its offset would never be reached by any projection (no event carries that offset), so none
     * is given.
     */
    private Response accepted(CommandReply reply, boolean created) {
        Accepted body = new Accepted(reply.aggregateType(), reply.aggregateId(), reply.version(), reply.events());
        Response.ResponseBuilder response = created
                ? Response.status(Response.Status.CREATED).entity(body).type(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.LOCATION, config.readBaseUrl().orElse("") + "/api/"
                                + reply.aggregateType() + "/" + reply.aggregateId())
                : Response.ok(body, MediaType.APPLICATION_JSON);
        response.header(HttpHeaders.ETAG, "\"" + reply.version() + "\"");
        if (!reply.events().isEmpty()) {
            response.header(CONSISTENCY_TOKEN, ConsistencyToken.of(reply.aggregateType(), reply.partition(),
                    reply.commandOffset()).format());
        }
        return response.build();
    }

    /**
     * A refusal with the aggregate's version, unless the processor could not even read that (a failure). A rejection
     * that recorded events (a wrong delivery code, counted) lists them, and gives the consistency token of its
     * command like an acceptance: they are in the log, and a read may wait for them.
     */
    private static Response refused(int status, String title, CommandReply reply) {
        Problem problem = Problem.of(status, title, reply.reason(), reply.message()).with("id", reply.aggregateId());
        if (reply.version() < 0) {
            return ProblemMappers.respond(problem).build();
        }
        problem = problem.with("version", reply.version());
        if (reply.events().isEmpty()) {
            return ProblemMappers.respond(problem).header(HttpHeaders.ETAG, "\"" + reply.version() + "\"").build();
        }
        return ProblemMappers.respond(problem.with("events", reply.events()))
                .header(HttpHeaders.ETAG, "\"" + reply.version() + "\"")
                .header(CONSISTENCY_TOKEN, ConsistencyToken.of(reply.aggregateType(), reply.partition(),
                        reply.commandOffset()).format()).build();
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
    private static OptionalLong expectedVersion(Optional<String> ifMatch) {
        if (ifMatch.isEmpty()) {
            return OptionalLong.empty();
        }
        Matcher version = STRONG_ETAG.matcher(ifMatch.get().strip());
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
            case 200, 201 -> "accepted";
            case 409 -> "rejected";
            case 429, 503 -> "unavailable";
            case 504 -> "timeout";
            default -> status >= 500 ? "failed" : "invalid";
        };
    }

    /** Echoes client text into an answer only as far as it is short, visible ASCII. */
    static String printable(String text) {
        if (text == null) {
            return "(none)";
        }
        String cut = text.length() > 64 ? text.substring(0, 64) + "…" : text;
        return cut.replaceAll("[^\\x20-\\x7E…]", "?");
    }
}
