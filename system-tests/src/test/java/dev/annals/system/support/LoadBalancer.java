package dev.annals.system.support;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A Kubernetes Service in front of one service's instances, as a small HTTP proxy on loopback. Like the Service's
 * endpoints, it follows the instances' readiness ({@code /q/health/ready} on the management port), polled every
 * {@link #POLL}: an instance joins once a poll sees it ready, and leaves once every poll for {@link #UNREADY_FOR}
 * has seen it unready — as the kubelet tolerates a readiness that is down for less than its probes notice.
 * Each new request goes to the next instance (round robin) in the endpoints. So an instance that stops keeps
 * getting requests for some seconds after its readiness went down, and answers those already on their way: the
 * window in which a service that stops accepting at SIGTERM drops requests. A client sees what the instance did:
 * its answer, or, when the instance refused or dropped the connection, a dropped connection; with no instance in
 * the endpoints, a dropped connection too (a Service without endpoints refuses). Every 5xx and every dropped
 * connection is recorded as a {@link Failure}.
 */
public final class LoadBalancer implements AutoCloseable {

    /** How often the endpoints learn an instance's readiness. */
    public static final Duration POLL = Duration.ofSeconds(1);
    /**
     * How long a ready instance's readiness must stay down before it leaves the endpoints: about the least the
     * kubelet needs with the manifests' readinessProbe (failureThreshold 2, periodSeconds 5). A shorter dip
     * (command-service's readiness is down on every instance while Kafka Streams rebalances) keeps it in.
     */
    static final Duration UNREADY_FOR = Duration.ofSeconds(4);
    /** Longer than any answer takes: the gateway's reply timeout (10 s), a read's wait for its token (30 s). */
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(60);
    /** Headers of one hop, or that the JDK's client sets itself: never forwarded. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "host", "content-length", "expect");

    /** An instance behind the Service: where its API and its management interface (health) answer. */
    public record Instance(String name, String baseUrl, String managementUrl) {
    }

    /** What a client was answered instead of a service's answer: a 5xx, or no answer at all. */
    public record Failure(Instant at, String instance, String request, String what) {
        @Override
        public String toString() {
            return at + " " + instance + " " + request + ": " + what;
        }
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService handlers = Executors.newVirtualThreadPerTaskExecutor();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "readiness-poll");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient upstream = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();
    private final List<Instance> instances = new CopyOnWriteArrayList<>();
    private volatile List<Instance> ready = List.of();
    private final AtomicLong turn = new AtomicLong();
    private final AtomicLong polls = new AtomicLong();
    private final Map<String, Instant> downSince = new ConcurrentHashMap<>();
    private final Map<String, AtomicLong> routed = new ConcurrentHashMap<>();
    private final List<Failure> failures = new CopyOnWriteArrayList<>();
    private final List<String> history = new CopyOnWriteArrayList<>();

    private LoadBalancer(String name, HttpServer server) {
        this.name = name;
        this.server = server;
    }

    /** Listens on a free loopback port; routes nowhere until an instance is {@link #add added} and ready. */
    public static LoadBalancer start(String name) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
            LoadBalancer balancer = new LoadBalancer(name, server);
            server.createContext("/", balancer::forward);
            server.setExecutor(balancer.handlers);
            server.start();
            balancer.poller.scheduleAtFixedRate(balancer::poll, 0, POLL.toMillis(), TimeUnit.MILLISECONDS);
            return balancer;
        } catch (IOException e) {
            throw new IllegalStateException("cannot listen for " + name, e);
        }
    }

    public String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** A new endpoint: it gets requests once a poll has seen it ready. */
    public void add(Instance instance) {
        routed.putIfAbsent(instance.name(), new AtomicLong());
        instances.add(instance);
    }

    /** The endpoint of an instance that has gone: no new request goes to it. */
    public void remove(Instance instance) {
        instances.remove(instance);
        ready = ready.stream().filter(each -> !each.equals(instance)).toList();
    }

    /** Whether new requests go to {@code instance} now. */
    public boolean routesTo(Instance instance) {
        return ready.contains(instance);
    }

    /** Requests sent to {@code instance} so far. */
    public long routed(Instance instance) {
        return routed.getOrDefault(instance.name(), new AtomicLong()).get();
    }

    /** Polls of the instances' readiness completed so far. */
    public long polls() {
        return polls.get();
    }

    /** Every 5xx and every dropped connection the clients got, in order. */
    public List<Failure> failures() {
        return List.copyOf(failures);
    }

    /** When each instance joined and left the endpoints, and each poll that saw one of them unready. */
    public List<String> history() {
        return List.copyOf(history);
    }

    private void poll() {
        try {
            List<Instance> polled = List.copyOf(instances);
            List<CompletableFuture<Boolean>> answers = polled.stream().map(this::isReady).toList();
            List<Instance> nowReady = new ArrayList<>();
            for (int i = 0; i < polled.size(); i++) {
                Instance instance = polled.get(i);
                boolean up = answers.get(i).join();
                Instant now = Instant.now();
                if (up) {
                    downSince.remove(instance.name());
                } else {
                    downSince.putIfAbsent(instance.name(), now);
                }
                boolean wasReady = ready.contains(instance);
                if (up || (wasReady && Duration.between(downSince.get(instance.name()), now)
                        .compareTo(UNREADY_FOR) < 0)) {
                    nowReady.add(instance);
                }
                if (!up && wasReady) {
                    history.add(now + " " + instance.name() + " readiness down");
                }
                if (nowReady.contains(instance) != wasReady) {
                    history.add(Instant.now() + " " + instance.name() + (wasReady ? " left" : " joined"));
                }
            }
            nowReady.retainAll(instances); // one removed while this poll ran stays removed
            ready = List.copyOf(nowReady);
            polls.incrementAndGet();
        } catch (RuntimeException e) {
            history.add(Instant.now() + " poll failed: " + e);
        }
    }

    private CompletableFuture<Boolean> isReady(Instance instance) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(instance.managementUrl() + "/q/health/ready"))
                .timeout(POLL).GET().build();
        return upstream.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> response.statusCode() == 200)
                .exceptionally(unanswered -> false);
    }

    private void forward(HttpExchange exchange) throws IOException {
        String request = exchange.getRequestMethod() + " " + exchange.getRequestURI();
        List<Instance> candidates = ready;
        if (candidates.isEmpty()) {
            failures.add(new Failure(Instant.now(), name, request, "no ready instance"));
            throw new IOException(name + " has no ready instance"); // the connection is closed, unanswered
        }
        Instance instance = candidates.get((int) (turn.getAndIncrement() % candidates.size()));
        routed.get(instance.name()).incrementAndGet();
        try (InputStream body = exchange.getRequestBody()) {
            byte[] content = body.readAllBytes();
            HttpRequest.Builder upstreamRequest = HttpRequest.newBuilder(
                            URI.create(instance.baseUrl() + exchange.getRequestURI()))
                    .timeout(FORWARD_TIMEOUT)
                    .method(exchange.getRequestMethod(), content.length == 0 ? HttpRequest.BodyPublishers.noBody()
                            : HttpRequest.BodyPublishers.ofByteArray(content));
            exchange.getRequestHeaders().forEach((header, values) -> {
                if (!HOP_BY_HOP.contains(header.toLowerCase(Locale.ROOT))) {
                    values.forEach(value -> upstreamRequest.header(header, value));
                }
            });
            HttpResponse<byte[]> answer = upstream.send(upstreamRequest.build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            if (answer.statusCode() >= 500) {
                failures.add(new Failure(Instant.now(), instance.name(), request, answer.statusCode() + " "
                        + new String(answer.body(), StandardCharsets.UTF_8)));
            }
            answer.headers().map().forEach((header, values) -> {
                if (!HOP_BY_HOP.contains(header.toLowerCase(Locale.ROOT)) && !header.startsWith(":")) {
                    exchange.getResponseHeaders().put(header, values);
                }
            });
            byte[] answered = answer.body();
            exchange.sendResponseHeaders(answer.statusCode(), answered.length == 0 ? -1 : answered.length);
            exchange.getResponseBody().write(answered);
            exchange.close();
        } catch (IOException e) {
            // refused, reset or cut off: the client's connection is closed unanswered, as a pod's would be
            failures.add(new Failure(Instant.now(), instance.name(), request, "no answer: " + e));
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    @Override
    public void close() {
        poller.shutdownNow();
        server.stop(0);
        handlers.shutdownNow();
        upstream.close();
    }

    @Override
    public String toString() {
        return name + " at " + url() + " (ready: " + ready.stream().map(Instance::name).toList() + ")";
    }
}
