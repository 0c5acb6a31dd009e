package dev.annals.system.support;

import dev.annals.devstack.Devstack;
import dev.annals.devstack.DevstackConfig;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.process.FreePort;
import dev.annals.devstack.service.QuarkusService;
import dev.annals.devstack.service.ServiceCatalog;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The whole system as separate OS processes: devstack's Kafka broker and PostgreSQL, two command-service
 * replicas, one projection-service and one query-service, each from the {@code quarkus-run.jar} its module built.
 * Tests know it only by URLs and by the servers' endpoints, and can crash (SIGKILL) or stop any part of it.
 */
public final class TheSystem implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final String HEAP = "384m";

    private final Devstack devstack;
    private final List<QuarkusService> commandReplicas;
    private final QuarkusService projections;
    private final QuarkusService queries;
    private final Summary summary;

    private TheSystem(Devstack devstack, List<QuarkusService> commandReplicas, QuarkusService projections,
                      QuarkusService queries, Summary summary) {
        this.devstack = devstack;
        this.commandReplicas = commandReplicas;
        this.projections = projections;
        this.queries = queries;
        this.summary = summary;
    }

    /** Starts devstack, then the four services side by side; if any cannot start, stops what did. */
    static TheSystem start(Summary summary) {
        Path repository = ServiceCatalog.repositoryAround(Path.of("")).orElseThrow(() -> new IllegalStateException(
                "the system tests run inside the repository: no pom.xml with the service modules above "
                        + Path.of("").toAbsolutePath()));
        Devstack devstack = Devstack.start(DevstackConfig.forTests());
        List<CompletableFuture<QuarkusService>> starting = new ArrayList<>();
        try {
            Endpoints endpoints = devstack.endpoints();
            starting.add(startAsync(repository, "command-service", "command-service-a", commandConfig(endpoints)));
            starting.add(startAsync(repository, "command-service", "command-service-b", commandConfig(endpoints)));
            starting.add(startAsync(repository, "projection-service", "projection-service",
                    ServiceCatalog.named("projection-service").config(endpoints)));
            starting.add(startAsync(repository, "query-service", "query-service",
                    ServiceCatalog.named("query-service").config(endpoints)));
            List<QuarkusService> started = starting.stream().map(CompletableFuture::join).toList();
            return new TheSystem(devstack, List.of(started.get(0), started.get(1)), started.get(2), started.get(3),
                    summary);
        } catch (CompletionException e) {
            starting.forEach(future -> future.thenAccept(QuarkusService::close));
            devstack.close();
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    /**
     * A replica that dies without leaving its consumer group holds its partitions until the group's session times
     * out; six seconds (the broker's minimum) instead of 45 keeps each crash test short without changing what
     * it tests.
     */
    private static Map<String, String> commandConfig(Endpoints endpoints) {
        Map<String, String> config = new LinkedHashMap<>(ServiceCatalog.named("command-service").config(endpoints));
        config.put("annals.processor.streams.\"session.timeout.ms\"", "6000");
        config.put("annals.processor.streams.\"heartbeat.interval.ms\"", "1500");
        return config;
    }

    private static CompletableFuture<QuarkusService> startAsync(Path repository, String module, String name,
                                                                Map<String, String> config) {
        Path jar = ServiceCatalog.named(module).runJar(repository).orElseThrow(() -> new IllegalStateException(
                module + " is not built; build from the repository root first (./mvnw -DskipTests package)"));
        return CompletableFuture.supplyAsync(() -> QuarkusService.start(
                new QuarkusService.Settings(name, jar, FreePort.orPick(0), config, HEAP, START_TIMEOUT)));
    }

    /** The base URLs of the two command-service replicas. */
    public List<String> commandUrls() {
        return commandReplicas.stream().map(QuarkusService::baseUrl).toList();
    }

    public String queryUrl() {
        return queries.baseUrl();
    }

    public String projectionUrl() {
        return projections.baseUrl();
    }

    public Endpoints endpoints() {
        return devstack.endpoints();
    }

    public Summary summary() {
        return summary;
    }

    /** SIGKILL of command-service replica {@code index} (0 or 1): in-flight requests get no answer. */
    public void killCommandReplica(int index) {
        summary.fault("kill -9 command-service replica " + (char) ('a' + index));
        commandReplicas.get(index).kill();
    }

    public void startCommandReplica(int index) {
        commandReplicas.get(index).start();
    }

    /** SIGKILL of projection-service: a batch being applied is cut off before or inside its transaction. */
    public void killProjections() {
        summary.fault("kill -9 projection-service");
        projections.kill();
    }

    public void startProjections() {
        projections.start();
    }

    public void stopKafka() {
        summary.fault("Kafka broker stopped");
        devstack.kafka().stop();
    }

    public void startKafka() {
        devstack.kafka().start();
    }

    public void stopPostgres() {
        summary.fault("PostgreSQL stopped");
        devstack.postgres().stop();
    }

    public void startPostgres() {
        devstack.postgres().start();
    }

    /** Where each service logs, for a failure message. */
    public String logs() {
        StringBuilder logs = new StringBuilder();
        allServices().forEach(service -> logs.append(service.name()).append(": ").append(service.log()).append('\n'));
        return logs.toString();
    }

    /** Copies every service's log to {@code directory}: the processes' own directories go when they stop. */
    void keepLogs(Path directory) {
        try {
            Files.createDirectories(directory);
            for (QuarkusService service : allServices()) {
                if (Files.exists(service.log())) {
                    Files.copy(service.log(), directory.resolve(service.name() + ".log"),
                            StandardCopyOption.REPLACE_EXISTING);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the services' logs in " + directory, e);
        }
    }

    private List<QuarkusService> allServices() {
        List<QuarkusService> all = new ArrayList<>(commandReplicas);
        all.add(projections);
        all.add(queries);
        return all;
    }

    @Override
    public void close() {
        try {
            allServices().forEach(QuarkusService::close);
        } finally {
            devstack.close();
        }
    }
}
