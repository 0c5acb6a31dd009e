package dev.annals.consumer.admin;

import dev.annals.consumer.runtime.Projections;
import dev.annals.consumer.schema.RebuildInProgressException;
import dev.annals.core.problem.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Operations on the projections of this service: {@code GET /admin/projections} (state, lag per partition,
 * dead letters, last error) and {@code POST /admin/projections/{name}/rebuild} (blue/green, answers 202). Only
 * for a caller with the {@value #ADMIN} role.
 */
@Path("/admin/projections")
@RolesAllowed(ProjectionsResource.ADMIN)
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ProjectionsResource {

    /** The role the admin endpoints need. */
    public static final String ADMIN = "admin";

    private final Projections projections;

    ProjectionsResource(Projections projections) {
        this.projections = projections;
    }

    @GET
    public Response all() {
        return answer(projections::status);
    }

    @GET
    @Path("/{name}")
    public Response one(@PathParam("name") String name) {
        if (!projections.names().contains(name)) {
            return unknown(name);
        }
        return answer(() -> projections.status(name));
    }

    @POST
    @Path("/{name}/rebuild")
    public Response rebuild(@PathParam("name") String name) {
        if (!projections.names().contains(name)) {
            return unknown(name);
        }
        try {
            int generation = projections.rebuild(name);
            return Response.accepted(Map.of("projection", name, "generation", generation,
                            "status", "/admin/projections/" + name))
                    .header("Location", "/admin/projections/" + name).build();
        } catch (RebuildInProgressException e) {
            return problem(Problem.of(409, "Conflict", "REBUILD_IN_PROGRESS", e.getMessage()));
        }
    }

    /** The status needs Kafka (end offsets) and the database (checkpoints); without them, a 503 that says so. */
    private static Response answer(Supplier<Object> status) {
        try {
            return Response.ok(status.get()).build();
        } catch (IllegalStateException e) {
            return problem(Problem.of(503, "Service Unavailable", "STATUS_UNAVAILABLE", e.getMessage()));
        }
    }

    private static Response unknown(String name) {
        return problem(Problem.of(404, "Not Found", "UNKNOWN_PROJECTION", "no projection is named \"" + name
                + "\" in this service; GET /admin/projections lists them"));
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
