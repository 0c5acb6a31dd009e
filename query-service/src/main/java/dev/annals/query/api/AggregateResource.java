package dev.annals.query.api;

import dev.annals.core.AggregateTypes;
import dev.annals.query.access.ReadAccess;
import dev.annals.query.access.Readers;
import dev.annals.query.consistency.ConsistencyParams;
import dev.annals.query.journal.HistoryQueries;
import dev.annals.query.state.AggregateStates;
import dev.annals.query.state.StateQueries;
import dev.annals.query.stream.EventStreams;
import dev.annals.query.web.QueryParams;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.SecurityContext;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.sse.OutboundSseEvent;
import jakarta.ws.rs.sse.Sse;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The generic read API of every aggregate type: {@code /api/{type}/...}. One class, so that a request to one of
 * these paths with another method is answered 405 rather than 404; the work is done by the feature beans.
 *
 * <p>Who reads what ({@link ReadAccess}): an aggregate's state, history, time travel and stream are its owner's (as
 * its type says) and its type's staff's; the type's listing and stream, which show every aggregate, its staff's
 * only.
 */
@Path("/api/{type}")
@Tag(name = "aggregates", description = "Any aggregate of any type: state, history, time travel, live events")
public class AggregateResource {

    private final AggregateTypes types;
    private final StateQueries state;
    private final HistoryQueries history;
    private final EventStreams streams;

    AggregateResource(AggregateTypes types, StateQueries state, HistoryQueries history, EventStreams streams) {
        this.types = types;
        this.state = state;
        this.history = history;
        this.streams = streams;
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @ReadAccess(model = AggregateStates.PROJECTION)
    @Operation(summary = "The type's aggregates in id order, each with its version and last change: limit 1-1000 "
            + "(default 100) after the id after; next links the following page")
    public Uni<Response> list(@PathParam("type") String type,
                              @Parameter(description = "list the ids after this one") @QueryParam("after")
                              String after, @QueryParam("limit") String limit,
                              @BeanParam ConsistencyParams consistency, @Context Request request,
                              @Context UriInfo uri) {
        return state.list(AggregatePath.typeOf(types, type), QueryParams.raw(uri, "after", after),
                QueryParams.raw(uri, "limit", limit), consistency, request, uri);
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    @ReadAccess(model = AggregateStates.PROJECTION, item = "id", notFound = StateQueries.NOT_FOUND)
    @Operation(summary = "An aggregate's current state and version, or its state as of a version (atVersion)")
    public Uni<Response> state(@PathParam("type") String type, @PathParam("id") String id,
                               @Parameter(description = "the version to travel to, 1 to the latest")
                               @QueryParam("atVersion") String atVersion,
                               @BeanParam ConsistencyParams consistency, @Context Request request,
                               @Context UriInfo uri, @Context SecurityContext security) {
        return state.state(AggregatePath.of(types, type, id), QueryParams.raw(uri, "atVersion", atVersion),
                consistency, request, Readers.subject(security));
    }

    @GET
    @Path("{id}/events")
    @Produces(MediaType.APPLICATION_JSON)
    @ReadAccess(model = AggregateStates.PROJECTION, item = "id", notFound = StateQueries.NOT_FOUND)
    @Operation(summary = "An aggregate's events in version order, from fromVersion (default 1), limit 1-1000 "
            + "(default 100)")
    public Uni<Response> history(@PathParam("type") String type, @PathParam("id") String id,
                                 @QueryParam("fromVersion") String fromVersion, @QueryParam("limit") String limit,
                                 @BeanParam ConsistencyParams consistency, @Context Request request,
                                 @Context UriInfo uri, @Context SecurityContext security) {
        return history.history(AggregatePath.of(types, type, id), QueryParams.raw(uri, "fromVersion", fromVersion),
                QueryParams.raw(uri, "limit", limit), consistency, request, uri, Readers.subject(security));
    }

    @GET
    @Path("{id}/events/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ReadAccess(model = AggregateStates.PROJECTION, item = "id", notFound = StateQueries.NOT_FOUND)
    @Operation(summary = "New events of one aggregate as Server-Sent Events; the SSE id is the version")
    public Multi<OutboundSseEvent> aggregateStream(@PathParam("type") String type, @PathParam("id") String id,
                                                   @Parameter(description = "resume after this version")
                                                   @HeaderParam(EventStreams.LAST_EVENT_ID) String lastEventId,
                                                   @Context Sse sse, @Context SecurityContext security) {
        return Readers.untilTheTokenExpires(streams.ofAggregate(AggregatePath.of(types, type, id), lastEventId, sse,
                Readers.subject(security)), security);
    }

    @GET
    @Path("events/stream")
    @Produces(MediaType.SERVER_SENT_EVENTS)
    @ReadAccess(model = AggregateStates.PROJECTION)
    @Operation(summary = "New events of every aggregate of a type as Server-Sent Events; the SSE id says how far "
            + "the client is in each partition of the log, and survives a rebuild of the journal")
    public Multi<OutboundSseEvent> typeStream(@PathParam("type") String type,
                                              @Parameter(description = "resume after this id of the stream")
                                              @HeaderParam(EventStreams.LAST_EVENT_ID) String lastEventId,
                                              @Context Sse sse, @Context SecurityContext security) {
        return Readers.untilTheTokenExpires(streams.ofType(AggregatePath.typeOf(types, type), lastEventId, sse),
                security);
    }
}
