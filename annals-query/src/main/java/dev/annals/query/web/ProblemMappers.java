package dev.annals.query.web;

import dev.annals.core.problem.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

import java.util.Optional;

/**
 * Every failure of a read endpoint as an {@code application/problem+json} answer: the endpoints' own problems,
 * the framework's (unknown path, wrong method, unacceptable media type) and anything unexpected.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException exception) {
        Response answer = respond(exception.problem());
        return exception.retryAfterSeconds() == null ? answer
                : Response.fromResponse(answer).header("Retry-After", exception.retryAfterSeconds()).build();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        if (status >= 500) {
            LOG.error("request failed", exception);
        }
        String reason = known != null ? known.getReasonPhrase() : null;
        return respond(Problem.ofStatus(status, reason, Problem.frameworkDetail(status, reason)));
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable exception) {
        Optional<String> missing = DatabaseFailures.missingRelation(exception);
        if (missing.isPresent()) {
            // a read model whose projection has not run yet (or whose schema was dropped): not the client's fault,
            // and not forever
            LOG.warnf("a read model is missing: %s", missing.get());
            return Response.fromResponse(respond(Problem.of(503, "Service Unavailable", "READ_MODEL_UNAVAILABLE",
                    "the read model is not in the database yet: its projection has not created it")))
                    .header("Retry-After", "5").build();
        }
        if (DatabaseFailures.isUnreachable(exception)) {
            LOG.warnf("the database is unreachable: %s", exception.toString());
            return Response.fromResponse(respond(Problem.of(503, "Service Unavailable", "DATABASE_UNAVAILABLE",
                    "the read models' database cannot be reached; try again shortly")))
                    .header("Retry-After", "5").build();
        }
        LOG.error("unexpected failure", exception);
        return respond(Problem.of(500, "Internal Server Error", "INTERNAL_ERROR",
                "the request failed unexpectedly; see the service log"));
    }

    public static Response respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem).build();
    }
}
