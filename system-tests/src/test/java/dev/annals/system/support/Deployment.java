package dev.annals.system.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.process.Directories;
import dev.annals.devstack.process.FreePort;
import dev.annals.devstack.service.QuarkusService;
import dev.annals.devstack.service.ServiceCatalog;
import org.awaitility.Awaitility;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * One service run as its Kubernetes workload runs it, beside the shared system, each pod from the same settings —
 * devstack's for the service, with the shutdown its manifests configure ({@code quarkus.shutdown.*} of its
 * ConfigMap's properties in {@code deploy/}) — and replaced as a rolling update replaces pods. A Deployment runs one
 * pod (two while it rolls: maxSurge 1, maxUnavailable 0): the new pod is ready, and in the endpoints of the
 * service's {@link LoadBalancer} if it has one, before the old one gets SIGTERM. A StatefulSet (command-service)
 * runs two, each with a state directory of its own that outlives it, as its volume does; a rollout replaces them
 * one at a time from the highest ordinal, SIGTERM first and the new pod, on the same directory, after the old one
 * has gone. Every old pod must exit within the manifest's {@code terminationGracePeriodSeconds}, or Kubernetes would
 * have killed it.
 */
public final class Deployment implements AutoCloseable {

    private static final String HEAP = "384m";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final Path LOGS = Path.of("target", "system-tests", "logs");
    private static final Path STATE = Path.of("target", "system-tests", "state");
    /** A StatefulSet's pods here: enough for one to serve while the other is replaced. */
    private static final int STATEFUL_REPLICAS = 2;
    private static final String STATE_DIR = "annals.processor.state-dir";

    /** How one pod was replaced: requests the endpoints still sent it after its SIGTERM, and how long it took to go. */
    public record Replacement(String old, String next, OptionalLong requestsAfterSigterm, Duration exitAfterSigterm,
                              Duration grace) {
        @Override
        public String toString() {
            return old + " → " + next + ": " + (requestsAfterSigterm.isPresent() ? requestsAfterSigterm.getAsLong()
                    + " requests after SIGTERM, " : "") + "exited " + exitAfterSigterm.toMillis()
                    + " ms after SIGTERM (grace " + grace.toSeconds() + " s)";
        }
    }

    private final String service;
    private final Path runJar;
    private final Map<String, String> config;
    private final Duration grace;
    private final Optional<LoadBalancer> endpoints;
    private final boolean stateful;
    private final List<QuarkusService> everyPod = new ArrayList<>();
    private final List<QuarkusService> pods = new ArrayList<>();

    private Deployment(String service, Path runJar, Map<String, String> config, Duration grace,
                       Optional<LoadBalancer> endpoints, boolean stateful) {
        this.service = service;
        this.stateful = stateful;
        this.runJar = runJar;
        this.config = config;
        this.grace = grace;
        this.endpoints = endpoints;
    }

    /**
     * The Deployment of {@code service} on {@code servers}, its pods configured as devstack configures the
     * service, then by {@code config}, then with the shutdown of its manifests; no pod runs yet.
     */
    public static Deployment of(String service, Endpoints servers, Map<String, String> config,
                                Optional<LoadBalancer> endpoints) {
        Path repository = ServiceCatalog.repositoryAround(Path.of("")).orElseThrow();
        Path runJar = ServiceCatalog.named(service).runJar(repository).orElseThrow(() -> new IllegalStateException(
                service + " is not built; build from the repository root first (./mvnw -DskipTests install)"));
        Map<String, String> settings = new LinkedHashMap<>(ServiceCatalog.named(service).config(servers));
        settings.putAll(config);
        Path manifests = manifestsOf(repository, service);
        settings.putAll(shutdownSettings(manifests.resolve(service + ".properties")));
        JsonNode workload = workload(manifests.resolve(service + ".yaml"));
        Duration grace = Duration.ofSeconds(workload.at("/spec/template/spec/terminationGracePeriodSeconds")
                .asLong(30));
        boolean stateful = workload.path("kind").asText().equals("StatefulSet");
        if (stateful) {
            forgetState(service);
        }
        return new Deployment(service, runJar, Map.copyOf(settings), grace, endpoints, stateful);
    }

    /** Where the service's Deployment and ConfigMap are: the base's services, or a component of its own. */
    private static Path manifestsOf(Path repository, String service) {
        Path base = repository.resolve("deploy/base/services");
        return Files.exists(base.resolve(service + ".properties")) ? base
                : repository.resolve("deploy/components").resolve(service);
    }

    /** The {@code quarkus.shutdown.*} settings of the service's ConfigMap. */
    private static Map<String, String> shutdownSettings(Path properties) {
        Properties all = new Properties();
        try (Reader reader = Files.newBufferedReader(properties)) {
            all.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + properties, e);
        }
        Map<String, String> shutdown = new LinkedHashMap<>();
        all.stringPropertyNames().stream().filter(key -> key.startsWith("quarkus.shutdown."))
                .forEach(key -> shutdown.put(key, all.getProperty(key)));
        return shutdown;
    }

    /** A new StatefulSet's volumes are empty: an earlier run's state directories go. */
    private static void forgetState(String service) {
        for (int ordinal = 0; ordinal < STATEFUL_REPLICAS; ordinal++) {
            Path state = STATE.resolve(service + "-" + ordinal);
            Directories.deleteRecursively(state);
            if (Files.exists(state)) {
                throw new IllegalStateException("cannot empty " + state + ", an earlier run's state directory");
            }
        }
    }

    /** The Deployment or StatefulSet of the service's manifest. */
    private static JsonNode workload(Path manifest) {
        try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class).readValues(
                manifest.toFile())) {
            for (JsonNode document : documents.readAll()) {
                if (List.of("Deployment", "StatefulSet").contains(document.path("kind").asText())) {
                    return document;
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + manifest, e);
        }
        throw new IllegalStateException("no Deployment or StatefulSet in " + manifest);
    }

    public String service() {
        return service;
    }

    /** How its pods stop: their {@code quarkus.shutdown.*} settings and the grace period (for a report). */
    public Map<String, String> shutdown() {
        Map<String, String> shutdown = new TreeMap<>();
        config.forEach((key, value) -> {
            if (key.startsWith("quarkus.shutdown.")) {
                shutdown.put(key, value);
            }
        });
        shutdown.put("terminationGracePeriodSeconds", Long.toString(grace.toSeconds()));
        return shutdown;
    }

    /** Starts the first pods and returns once they are ready and, if there are endpoints, in them. */
    public void start() {
        for (int ordinal = 0; ordinal < (stateful ? STATEFUL_REPLICAS : 1); ordinal++) {
            pods.add(startPod(ordinal));
        }
    }

    /**
     * Replaces the pod as a rolling update does: a new pod, ready and in the endpoints; then SIGTERM to the old one,
     * just after a poll of the endpoints saw it still ready, so that it keeps getting requests for as long as the
     * endpoints allow. Returns once the old pod has its SIGTERM; what is returned completes when it has exited, and
     * fails if it has not within the grace period.
     */
    public CompletableFuture<Replacement> rollingRestart() {
        if (stateful) {
            return inOrder();
        }
        QuarkusService old = pods.get(0);
        QuarkusService next = startPod(0);
        pods.set(0, next);
        return stop(old, next);
    }

    /**
     * A StatefulSet's rollout, in the background: from the highest ordinal down, SIGTERM to the pod, and once it has
     * gone a new one on its state directory, ready before the next goes. Completes with the first replacement (the
     * one whose old pod the endpoints kept sending requests to) when every pod is replaced.
     */
    private CompletableFuture<Replacement> inOrder() {
        CompletableFuture<Replacement> rolled = new CompletableFuture<>();
        Thread.ofPlatform().daemon().name(service + "-rollout").start(() -> {
            try {
                Replacement first = null;
                for (int ordinal = pods.size() - 1; ordinal >= 0; ordinal--) {
                    QuarkusService old = pods.get(ordinal);
                    Replacement replaced = stop(old, old).join();
                    QuarkusService next = startPod(ordinal);
                    pods.set(ordinal, next);
                    replaced = new Replacement(replaced.old(), next.name(), replaced.requestsAfterSigterm(),
                            replaced.exitAfterSigterm(), replaced.grace());
                    first = first == null ? replaced : first;
                }
                rolled.complete(first);
            } catch (Throwable failure) {
                rolled.completeExceptionally(failure);
            }
        });
        return rolled;
    }

    /** SIGTERM to {@code old}, just after a poll of the endpoints; completes when it has exited. */
    private CompletableFuture<Replacement> stop(QuarkusService old, QuarkusService next) {
        OptionalLong routedBefore = OptionalLong.empty();
        if (endpoints.isPresent()) {
            LoadBalancer balancer = endpoints.get();
            long polls = balancer.polls();
            Awaitility.await("a poll of " + balancer + " before " + old.name() + " goes")
                    .atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                    .until(() -> balancer.polls() > polls);
            routedBefore = OptionalLong.of(balancer.routed(instance(old)));
        }
        long sigterm = System.nanoTime();
        CompletableFuture<?> exit = old.onExit();
        // SIGTERM, as the kubelet stops a pod's container (ProcessHandle.destroy is SIGTERM on Linux)
        ProcessHandle.of(old.pid()).ifPresent(ProcessHandle::destroy);
        OptionalLong before = routedBefore;
        return exit.orTimeout(grace.toMillis(), TimeUnit.MILLISECONDS).handle((exited, failure) -> {
            Duration stopping = Duration.ofNanos(System.nanoTime() - sigterm);
            OptionalLong routedAfter = before.isPresent()
                    ? OptionalLong.of(endpoints.orElseThrow().routed(instance(old)) - before.getAsLong())
                    : OptionalLong.empty();
            stopped(old);
            if (failure != null) {
                throw new AssertionError(old.name() + " was still running " + grace.toSeconds() + " s after"
                        + " SIGTERM: Kubernetes would have killed it (terminationGracePeriodSeconds)", failure);
            }
            return new Replacement(old.name(), next.name(), routedAfter, stopping, grace);
        });
    }

    private QuarkusService startPod(int ordinal) {
        String name = service + "-pod-" + (everyPod.size() + 1);
        Map<String, String> settings = config;
        if (stateful) {
            // the pod's volume: the same directory for every pod of this ordinal
            Path state = STATE.resolve(service + "-" + ordinal).toAbsolutePath();
            settings = new LinkedHashMap<>(config);
            settings.put(STATE_DIR, state.toString());
        }
        QuarkusService started = QuarkusService.start(new QuarkusService.Settings(name, runJar, FreePort.orPick(0),
                settings, HEAP, START_TIMEOUT));
        everyPod.add(started);
        endpoints.ifPresent(balancer -> {
            LoadBalancer.Instance instance = instance(started);
            balancer.add(instance);
            Awaitility.await(name + " in the endpoints of " + balancer).atMost(Duration.ofSeconds(30))
                    .pollInterval(Duration.ofMillis(50)).until(() -> balancer.routesTo(instance));
        });
        return started;
    }

    private static LoadBalancer.Instance instance(QuarkusService pod) {
        return new LoadBalancer.Instance(pod.name(), pod.baseUrl(), pod.managementUrl());
    }

    /** A pod that has gone (or is stopped now: SIGTERM) leaves the endpoints; its log is kept, its directory goes. */
    private void stopped(QuarkusService gone) {
        endpoints.ifPresent(balancer -> balancer.remove(instance(gone)));
        gone.stop();
        gone.keepLog(LOGS);
        gone.close();
    }

    /** Stops every pod that still runs (SIGTERM, its shutdown delay included), keeping their logs. */
    @Override
    public void close() {
        everyPod.stream().filter(QuarkusService::isRunning).forEach(this::stopped);
    }

    /** Starts the first pod of each deployment, side by side. */
    public static void startAll(List<Deployment> deployments) {
        sideBySide(deployments, Deployment::start);
    }

    /** Closes the deployments side by side: each stop waits out its pod's shutdown delay. */
    public static void closeAll(List<Deployment> deployments) {
        sideBySide(deployments, Deployment::close);
    }

    // a thread each: on two cores the common pool, and so CompletableFuture's default executor, has one thread
    private static void sideBySide(List<Deployment> deployments, Consumer<Deployment> action) {
        try (ExecutorService threads = Executors.newThreadPerTaskExecutor(Thread.ofPlatform().daemon().factory())) {
            List<Future<?>> running = deployments.stream()
                    .<Future<?>>map(deployment -> threads.submit(() -> action.accept(deployment))).toList();
            for (Future<?> each : running) {
                each.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
