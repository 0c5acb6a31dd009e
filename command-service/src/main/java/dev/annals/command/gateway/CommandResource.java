package dev.annals.command.gateway;

import dev.annals.command.api.CommandRequest;
import dev.annals.core.problem.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;

import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * {@code POST /api/{type}/{id}/{command}} and, for commands that create an aggregate, {@code POST
 * /api/{type}/{command}} (the server names it): two endpoints for every command of every aggregate type.
 */
@Path("/api")
public class CommandResource {

    public static final String CONSISTENCY_TOKEN = CommandRequests.CONSISTENCY_TOKEN;
    public static final String IDEMPOTENCY_KEY = CommandRequests.IDEMPOTENCY_KEY;

    private final CommandRequests requests;

    CommandResource(CommandRequests requests) {
        this.requests = requests;
    }

    @POST
    @Path("/{type}/{id}/{command}")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(hidden = true) // each type's commands are listed one by one in the OpenAPI document instead
    @Blocking // sending waits for the broker's metadata, bounded by annals.gateway.send-timeout
    public CompletionStage<Response> handle(@PathParam("type") String type, @PathParam("id") String id,
                                            @PathParam("command") String command,
                                            @Context HttpHeaders headers,
                                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                            byte[] body) {
        return dispatch(type, Optional.of(id), command, headers, contentType, body);
    }

    @POST
    @Path("/{type}/{command}")
    @Consumes(MediaType.WILDCARD)
    @Produces({MediaType.APPLICATION_JSON, Problem.MEDIA_TYPE})
    @Operation(hidden = true)
    @Blocking
    public CompletionStage<Response> create(@PathParam("type") String type, @PathParam("command") String command,
                                            @Context HttpHeaders headers,
                                            @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType,
                                            byte[] body) {
        return dispatch(type, Optional.empty(), command, headers, contentType, body);
    }

    private CompletionStage<Response> dispatch(String type, Optional<String> id, String command, HttpHeaders headers,
                                               String contentType, byte[] body) {
        return requests.dispatch(new CommandRequest(type, id, command, CommandRequest.header(headers, IDEMPOTENCY_KEY),
                CommandRequest.header(headers, HttpHeaders.IF_MATCH), contentType, body));
    }
}
