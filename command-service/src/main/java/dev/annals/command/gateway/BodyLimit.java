package dev.annals.command.gateway;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Singleton;

/**
 * Refuses a body over {@code annals.gateway.max-body-size} with 413 as soon as its {@code Content-Length} says
 * so, before a byte of it is read. (A chunked body without a length is measured once read.)
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
                tooLargeAnswer(context, limit);
                return;
            }
            context.next();
        });
        // Reads command bodies up to the limit itself, so that a chunked body over it fails this route (and gets
        // a problem answer below) instead of ending in the HTTP layer's bare 413.
        router.route("/api/*").order(Integer.MIN_VALUE + 1)
                .handler(BodyHandler.create(false).setBodyLimit(limit))
                .failureHandler(context -> {
            // a chunked body over quarkus.http.limits.max-body-size: Vert.x fails the request with a bare 413
            if (context.statusCode() == 413 && !context.response().headWritten()) {
                tooLargeAnswer(context, limit);
            } else {
                context.next();
            }
        });
    }

    private void tooLargeAnswer(RoutingContext context, long limit) {
        context.response()
                .setStatusCode(413)
                .putHeader(HttpHeaders.CONTENT_TYPE, Problem.MEDIA_TYPE)
                .putHeader(HttpHeaders.CONNECTION, "close")
                .end(write(tooLarge(limit).problem()));
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
