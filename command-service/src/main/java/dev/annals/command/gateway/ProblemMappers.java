package dev.annals.command.gateway;

import dev.annals.core.problem.Problem;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;


/**
 * Turns every failure into an {@code application/problem+json} answer: the gateway's own problems, the
 * framework's (unknown path, wrong method, wrong media type) and anything unexpected.
 */
public class ProblemMappers {

    private static final Logger LOG = Logger.getLogger(ProblemMappers.class);

    @ServerExceptionMapper
    public Response problem(ProblemException exception) {
        return toResponse(exception);
    }

    static Response toResponse(ProblemException exception) {
        Response.ResponseBuilder response = respond(exception.problem());
        exception.headers().forEach(response::header);
        return response.build();
    }

    @ServerExceptionMapper
    public Response framework(WebApplicationException exception) {
        int status = exception.getResponse().getStatus();
        Response.Status known = Response.Status.fromStatusCode(status);
        if (status >= 500) {
            LOG.error("request failed", exception);
        }
        String reason = known != null ? known.getReasonPhrase() : null;
        return respond(Problem.ofStatus(status, reason, Problem.frameworkDetail(status, reason))).build();
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable exception) {
        LOG.error("unexpected failure", exception);
        return respond(Problem.of(500, "Internal Server Error", "INTERNAL_ERROR",
                "the request failed unexpectedly; see the service log")).build();
    }

    static Response.ResponseBuilder respond(Problem problem) {
        return Response.status(problem.status()).type(Problem.MEDIA_TYPE).entity(problem);
    }
}
