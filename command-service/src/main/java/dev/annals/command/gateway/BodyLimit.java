package dev.annals.command.gateway;

import dev.annals.core.problem.Problem;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Refuses a body over {@code annals.gateway.max-body-size} with 413 as soon as its {@code Content-Length} says
 * so, before a byte of it is read, and a chunked command body with 411.
 */
@Singleton
public class BodyLimit {

    private final ObjectMapper json = new ObjectMapper();

    void install(@Observes Router router, GatewayConfig config) {
        long limit = config.maxBodySize().asLongValue();
        // runs before every other route, including the one that buffers the body
        router.route().order(Integer.MIN_VALUE).handler(context -> {
            String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
            if (length != null && exceeds(length, limit)) {
                answer(context, tooLarge(limit).problem());
                return;
            }
            // A chunked body cannot be measured before it is read, and the HTTP layer would end one over its own
            // limit with a bare 413; commands are small, so ask for the length instead.
            if (length == null && context.request().getHeader(HttpHeaders.TRANSFER_ENCODING) != null
                    && context.request().path().startsWith("/api/")) {
                answer(context, Problem.of(411, "Length Required", "LENGTH_REQUIRED",
                        "send the command with a Content-Length, not chunked"));
                return;
            }
            context.next();
        });
    }

    private void answer(RoutingContext context, Problem problem) {
        context.response()
                .setStatusCode(problem.status())
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(write(problem));
    }

    static ProblemException tooLarge(long limit) {
        return new ProblemException(Problem.of(413, "Content Too Large", "BODY_TOO_LARGE",
                "a command body is at most " + limit + " bytes"));
    }

    private static boolean exceeds(String contentLength, long limit) {
        try {
            return Long.parseLong(contentLength.strip()) > limit;
        } catch (NumberFormatException e) {
            return false; // Vert.x itself rejects a malformed Content-Length
        }
    }

    private String write(Problem problem) {
        try {
            return json.writeValueAsString(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write a problem", e);
        }
    }
}
