package dev.annals.consumer.admin;

import dev.annals.consumer.runtime.ProjectionStatus;
import dev.annals.consumer.runtime.Projections;
import dev.annals.consumer.schema.RebuildInProgressException;
import dev.annals.core.problem.Problem;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.List;
import java.util.Map;

/**
 * Operations on the projections of this service: {@code GET /admin/projections} (state, lag per partition,
 * dead letters, last error) and {@code POST /admin/projections/{name}/rebuild} (blue/green, answers 202).
 */
@Path("/admin/projections")
@Produces(MediaType.APPLICATION_JSON)
@Blocking
public class ProjectionsResource {

    private final Projections projections;

    ProjectionsResource(Projections projections) {
        this.projections = projections;
    }

    @GET
    public List<ProjectionStatus> all() {
        return projections.status();
    }

    @GET
    @Path("/{name}")
    public Response one(@PathParam("name") String name) {
        if (!projections.names().contains(name)) {
            return unknown(name);
        }
        return Response.ok(projections.status(name)).build();
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

    private static Response unknown(String name) {
        return problem(Problem.of(404, "Not Found", "UNKNOWN_PROJECTION", "no projection is named \"" + name
                + "\" in this service; GET /admin/projections lists them"));
    }

    private static Response problem(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
