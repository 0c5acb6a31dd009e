package dev.annals.consumer.admin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.consumer.runtime.Consumers;
import dev.annals.consumer.runtime.failure.RedriveException;
import dev.annals.consumer.runtime.rebuild.NoRebuildInProgressException;
import dev.annals.consumer.runtime.rebuild.NotRebuildableException;
import dev.annals.consumer.schema.RebuildInProgressException;
import dev.annals.core.problem.Problem;
import dev.annals.security.ManagementAuthentication;
import io.quarkus.vertx.http.ManagementInterface;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Operations on the consumers (projections and reactors) of this service, on Quarkus's management interface (its
 * own port, {@code quarkus.management.port}, beside {@code /q/health} and {@code /q/metrics}), not on the API port
 * the service's readers reach, and only for a caller whose token has the {@value #ADMIN} role:
 * <ul>
 *   <li>{@code GET /admin/consumers} and {@code GET /admin/consumers/{name}}: state, lag per partition, dead
 *       letters, parked aggregates, last error;</li>
 *   <li>{@code POST /admin/consumers/{name}/rebuild} (a projection's blue/green rebuild, answers 202) and {@code
 *       DELETE …/rebuild} (cancels the rebuild under way, keeping the generation in service);</li>
 *   <li>{@code GET /admin/consumers/{name}/parked} and {@code POST …/parked/{type}/{id}/redrive}: the aggregates a
 *       dead letter stopped, and applying their events again after a fix ({@code ?skip=parked-event}: without the
 *       event that stopped it, an operator's choice for an event that will never apply).</li>
 * </ul>
 * {@code /admin/projections/…} is the same routes under their first name.
 *
 * <p>Vert.x routes rather than a REST resource, because Quarkus serves only routes on the management interface;
 * every handler is a blocking one, since the status reads Kafka and the database and a token check may fetch
 * keys.
 */
@ApplicationScoped
public class ConsumersAdminRoutes {

    /** The role the admin endpoints need. */
    public static final String ADMIN = "admin";
    /** {@code ?skip=parked-event} on a redrive: the held events are applied without the parked one. */
    static final String SKIP_PARKED_EVENT = "parked-event";
    /** Where the routes are: every consumer of the service, projections and reactors. */
    static final String ROOT = "/admin/consumers";
    /** The routes' first name, kept as an alias: scripts and alerts written for it go on working. */
    static final String PROJECTIONS_ROOT = "/admin/projections";

    private final Consumers consumers;
    private final ManagementAuthentication authentication;
    private final ObjectMapper json;

    ConsumersAdminRoutes(Consumers consumers, ManagementAuthentication authentication, ObjectMapper json) {
        this.consumers = consumers;
        this.authentication = authentication;
        this.json = json;
    }

    void register(@Observes ManagementInterface management) {
        Router router = management.router();
        for (String root : List.of(ROOT, PROJECTIONS_ROOT)) {
            // first, for every method and path under the root: nothing is looked at before the caller is known
            router.route(root).blockingHandler(this::authorize, false);
            router.route(root + "/*").blockingHandler(this::authorize, false);
            router.get(root).blockingHandler(context -> answer(context, consumers::status), false);
            router.get(root + "/:name").blockingHandler(this::one, false);
            router.post(root + "/:name/rebuild").blockingHandler(this::rebuild, false);
            router.delete(root + "/:name/rebuild").blockingHandler(this::cancelRebuild, false);
            router.get(root + "/:name/parked").blockingHandler(this::parked, false);
            router.post(root + "/:name/parked/:type/:id/redrive").blockingHandler(this::redrive, false);
            // last: a caller who got past authorize but matched none of the above gets a problem, not an HTML page
            router.route(root + "/*").handler(this::noSuchOperation);
        }
    }

    /**
     * A path under the roots that names no operation (404), or an operation's path with a method it does not take
     * (405, with the methods it does): the routes above answer every request that names an operation.
     */
    private void noSuchOperation(RoutingContext context) {
        String path = context.normalizedPath();
        String under = path.substring(root(context).length());
        String allowed = under.matches("/?") ? "GET" : under.matches("/[^/]+/?") ? "GET"
                : under.matches("/[^/]+/rebuild/?") ? "POST, DELETE" : under.matches("/[^/]+/parked/?") ? "GET"
                : under.matches("/[^/]+/parked/[^/]+/[^/]+/redrive/?") ? "POST" : null;
        if (allowed != null) {
            context.response().putHeader(HttpHeaders.ALLOW, allowed);
            problem(context, Problem.of(405, "Method Not Allowed", "METHOD_NOT_ALLOWED", path + " takes "
                    + allowed + ", not " + context.request().method()));
            return;
        }
        problem(context, Problem.of(404, "Not Found", "NO_SUCH_OPERATION", path + " names no operation; GET "
                + ROOT + " lists the consumers"));
    }

    private void cancelRebuild(RoutingContext context) {
        String name = known(context);
        if (name == null) {
            return;
        }
        try {
            int generation = consumers.cancelRebuild(name);
            send(context, 200, "application/json", Map.of("projection", name, "cancelledGeneration", generation,
                    "status", root(context) + "/" + name));
        } catch (NoRebuildInProgressException e) {
            problem(context, Problem.of(409, "Conflict", "NO_REBUILD_IN_PROGRESS", e.getMessage()));
        }
    }

    private void parked(RoutingContext context) {
        String name = known(context);
        if (name != null) {
            answer(context, () -> consumers.parked(name));
        }
    }

    private void redrive(RoutingContext context) {
        String name = known(context);
        if (name == null) {
            return;
        }
        String type = context.pathParam("type");
        String id = context.pathParam("id");
        if (type.indexOf('\0') >= 0 || id.indexOf('\0') >= 0) {
            problem(context, Problem.of(400, "Bad Request", "BAD_AGGREGATE", "an aggregate's type and id hold no NUL"));
            return;
        }
        List<String> skip = context.queryParam("skip");
        if (!skip.isEmpty() && !skip.equals(List.of(SKIP_PARKED_EVENT))) {
            problem(context, Problem.of(400, "Bad Request", "UNKNOWN_SKIP", "skip takes one value, "
                    + SKIP_PARKED_EVENT + " (apply the held events without the parked one), not " + skip));
            return;
        }
        try {
            int applied = consumers.redrive(name, type, id, !skip.isEmpty());
            send(context, 200, "application/json", Map.of("projection", name, "aggregateType", type,
                    "aggregateId", id, "eventsApplied", applied, "parkedEventSkipped", !skip.isEmpty(),
                    "status", root(context) + "/" + name));
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
        answer(context, () -> consumers.status(name));
    }

    private void rebuild(RoutingContext context) {
        String name = known(context);
        if (name == null) {
            return;
        }
        try {
            int generation = consumers.rebuild(name);
            context.response().putHeader(HttpHeaders.LOCATION, root(context) + "/" + name);
            send(context, 202, "application/json", Map.of("projection", name, "generation", generation,
                    "status", root(context) + "/" + name));
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
        if (!consumers.names().contains(name)) {
            problem(context, unknown(name));
            return null;
        }
        return name;
    }

    /** The root the caller used, so that the links it gets back are in the same words. */
    private static String root(RoutingContext context) {
        return context.normalizedPath().startsWith(PROJECTIONS_ROOT) ? PROJECTIONS_ROOT : ROOT;
    }

    private static Problem unknown(String name) {
        return Problem.of(404, "Not Found", "UNKNOWN_PROJECTION", "no consumer is named \"" + name
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
