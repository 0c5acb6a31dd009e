package dev.annals.consumer.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.consumer.runtime.NoRebuildInProgressException;
import dev.annals.consumer.runtime.RedriveException;
import dev.annals.consumer.runtime.NotRebuildableException;
import dev.annals.consumer.runtime.Projections;
import dev.annals.consumer.schema.RebuildInProgressException;
import dev.annals.core.problem.Problem;
import dev.annals.security.ManagementAuthentication;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.Map;
import java.util.function.Supplier;

/**
 * Operations on the projections of this service, on Quarkus's management interface (its own port, {@code
 * quarkus.management.port}, beside {@code /q/health} and {@code /q/metrics}), not on the API port the service's
 * readers reach: {@code GET /admin/projections} (state, lag per partition, dead letters, last error), {@code GET
 * /admin/projections/{name}}, {@code POST /admin/projections/{name}/rebuild} (blue/green, answers 202) and {@code
 * DELETE /admin/projections/{name}/rebuild} (cancels the rebuild under way, keeping the generation in service). Only
 * for a caller whose token has the {@value #ADMIN} role.
 *
 * <p>Vert.x routes rather than a REST resource, because Quarkus serves only routes on the management interface;
 * every handler is a blocking one, since the status reads Kafka and the database and a token check may fetch
 * keys.
 */
@ApplicationScoped
public class ProjectionsAdminRoutes {

    /** The role the admin endpoints need. */
    public static final String ADMIN = "admin";
    static final String ROOT = "/admin/projections";

    private final Projections projections;
    private final ManagementAuthentication authentication;
    private final ObjectMapper json;

    ProjectionsAdminRoutes(Projections projections, ManagementAuthentication authentication, ObjectMapper json) {
        this.projections = projections;
        this.authentication = authentication;
        this.json = json;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        // first, for every method and path under the root: nothing is looked at before the caller is known
        router.route(ROOT).blockingHandler(this::authorize, false);
        router.route(ROOT + "/*").blockingHandler(this::authorize, false);
        router.get(ROOT).blockingHandler(context -> answer(context, projections::status), false);
        router.get(ROOT + "/:name").blockingHandler(this::one, false);
        router.post(ROOT + "/:name/rebuild").blockingHandler(this::rebuild, false);
        router.delete(ROOT + "/:name/rebuild").blockingHandler(this::cancelRebuild, false);
        router.get(ROOT + "/:name/parked").blockingHandler(this::parked, false);
        router.post(ROOT + "/:name/parked/:type/:id/redrive").blockingHandler(this::redrive, false);
    }

    private void cancelRebuild(RoutingContext context) {
        String name = known(context);
        if (name == null) {
            return;
        }
        try {
            int generation = projections.cancelRebuild(name);
            send(context, 200, "application/json", Map.of("projection", name, "cancelledGeneration", generation,
                    "status", ROOT + "/" + name));
        } catch (NoRebuildInProgressException e) {
            problem(context, Problem.of(409, "Conflict", "NO_REBUILD_IN_PROGRESS", e.getMessage()));
        }
    }

    private void parked(RoutingContext context) {
        String name = known(context);
        if (name != null) {
            answer(context, () -> projections.parked(name));
        }
    }

    private void redrive(RoutingContext context) {
        String name = known(context);
        if (name == null) {
            return;
        }
        String type = context.pathParam("type");
        String id = context.pathParam("id");
        try {
            int applied = projections.redrive(name, type, id);
            send(context, 200, "application/json", Map.of("projection", name, "aggregateType", type,
                    "aggregateId", id, "eventsApplied", applied, "status", ROOT + "/" + name));
        } catch (RedriveException e) {
            problem(context, e.notParked() ? Problem.of(404, "Not Found", "NOT_PARKED", e.getMessage())
                    : Problem.of(409, "Conflict", "STILL_FAILING", e.getMessage()));
        }
    }

    private void authorize(RoutingContext context) {
        authentication.requireRole(context.request().getHeader(HttpHeaders.AUTHORIZATION), ADMIN)
                .ifPresentOrElse(refusal -> {
                    context.response().putHeader("WWW-Authenticate", refusal.challenge());
                    problem(context, refusal.problem());
                }, context::next);
    }

    private void one(RoutingContext context) {
        String name = known(context);
        if (name == null) {
            return;
        }
        answer(context, () -> projections.status(name));
    }

    private void rebuild(RoutingContext context) {
        String name = known(context);
        if (name == null) {
            return;
        }
        try {
            int generation = projections.rebuild(name);
            context.response().putHeader(HttpHeaders.LOCATION, ROOT + "/" + name);
            send(context, 202, "application/json", Map.of("projection", name, "generation", generation,
                    "status", ROOT + "/" + name));
        } catch (RebuildInProgressException e) {
            problem(context, Problem.of(409, "Conflict", "REBUILD_IN_PROGRESS", e.getMessage()));
        } catch (NotRebuildableException e) {
            problem(context, Problem.of(409, "Conflict", "NOT_REBUILDABLE", e.getMessage()));
        }
    }

    /** The status needs Kafka (end offsets) and the database (checkpoints); without them, a 503 that says so. */
    private void answer(RoutingContext context, Supplier<Object> status) {
        Object body;
        try {
            body = status.get();
        } catch (IllegalStateException e) {
            problem(context, Problem.of(503, "Service Unavailable", "STATUS_UNAVAILABLE", e.getMessage()));
            return;
        }
        send(context, 200, "application/json", body);
    }

    /** The path's projection name if this service has it; else null, the 404 answered. */
    private String known(RoutingContext context) {
        String name = context.pathParam("name");
        if (!projections.names().contains(name)) {
            problem(context, unknown(name));
            return null;
        }
        return name;
    }

    private static Problem unknown(String name) {
        return Problem.of(404, "Not Found", "UNKNOWN_PROJECTION", "no projection is named \"" + name
                + "\" in this service; GET " + ROOT + " lists them");
    }

    private void problem(RoutingContext context, Problem problem) {
        send(context, problem.status(), Problem.MEDIA_TYPE, problem);
    }

    private void send(RoutingContext context, int status, String type, Object body) {
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            context.fail(e);
            return;
        }
        context.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, type).end(text);
    }
}
