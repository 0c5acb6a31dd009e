package dev.annals.bench.http;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The load generator's HTTP client: Vert.x, non-blocking, keep-alive, so that one event loop drives hundreds of
 * requests at once and the generator takes as little of the machine's CPU as it can. Every request reads its
 * whole answer before it counts as done.
 *
 * <p>Every request is made on the client's one event-loop context, whichever thread asks: requests made straight
 * from the generator's thread and from answer callbacks at once left, now and then, a request whose future never
 * completed. And every call ends within {@link #CALL_TIMEOUT}, answered or failed, so a lost one cannot hang a run.
 */
public final class HttpLoad implements AutoCloseable {

    public static final String CONSISTENCY_TOKEN = "Annals-Consistency-Token";
    private static final String JSON = "application/json";

    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(45);

    private final Vertx vertx;
    private final Context context;
    private final HttpClient client;
    private final String authorization;

    /**
     * @param authorization the {@code Authorization} of every request: the services need a token, and verifying it
     *                      is part of what a command costs (the hello-world baseline ignores it)
     */
    public HttpLoad(int maxConnections, String authorization) {
        this.authorization = authorization;
        this.vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
        this.client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setConnectTimeout(5_000)
                        .setIdleTimeout(60).setIdleTimeoutUnit(TimeUnit.SECONDS),
                new PoolOptions().setHttp1MaxSize(maxConnections).setMaxWaitQueueSize(-1));
        this.context = vertx.getOrCreateContext();
    }

    public CompletionStage<Answer> get(String url) {
        return get(url, Optional.empty());
    }

    /** A read, waiting for {@code token} when there is one. */
    public CompletionStage<Answer> get(String url, Optional<String> token) {
        RequestOptions options = options(HttpMethod.GET, url);
        token.ifPresent(value -> options.putHeader(CONSISTENCY_TOKEN, value));
        return onLoop(() -> client.request(options)
                .compose(request -> request.send())
                .compose(response -> response.body().map(body -> answer(response.statusCode(), response
                        .getHeader(CONSISTENCY_TOKEN)))));
    }

    public CompletionStage<Answer> postJson(String url, String json) {
        RequestOptions options = options(HttpMethod.POST, url).putHeader("Content-Type", JSON);
        return onLoop(() -> client.request(options)
                .compose(request -> request.send(Buffer.buffer(json)))
                .compose(response -> response.body().map(body -> answer(response.statusCode(), response
                        .getHeader(CONSISTENCY_TOKEN)))));
    }

    private CompletionStage<Answer> onLoop(Supplier<Future<Answer>> call) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        context.runOnContext(ignored -> call.get().onComplete(result -> {
            if (result.succeeded()) {
                answer.complete(result.result());
            } else {
                answer.completeExceptionally(result.cause());
            }
        }));
        return answer.orTimeout(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    }

    private RequestOptions options(HttpMethod method, String url) {
        URI uri = URI.create(url);
        String pathAndQuery = uri.getRawQuery() == null ? uri.getRawPath() : uri.getRawPath() + "?" + uri.getRawQuery();
        return new RequestOptions().setMethod(method).setHost(uri.getHost()).setPort(uri.getPort())
                .setURI(pathAndQuery).putHeader("Accept", JSON).putHeader("Authorization", authorization)
                // bounded waits, for a connection and for an answer: a call that gets neither fails, it never hangs
                .setConnectTimeout(30_000).setIdleTimeout(30_000);
    }

    private static Answer answer(int status, String token) {
        return new Answer(status, Optional.ofNullable(token));
    }

    @Override
    public void close() {
        client.close().toCompletionStage().toCompletableFuture().join();
        vertx.close().toCompletionStage().toCompletableFuture().join();
    }
}
