package dev.annals.bench.system;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * What the bench measures, as separate processes on this machine: devstack's Kafka and PostgreSQL, one
 * command-service, projection-service, query-service, and the hello-world service the HTTP figures are put against.
 */
public final class BenchSystem implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private static final String HEAP = "512m";
    /** A million aggregates live in the processor's in-memory store. */
    private static final String COMMAND_HEAP = "1536m";
    /**
     * The bench measures one projection, bank-accounts. The generic ones also read the bank's events; on two
     * shared cores they would only slow every other figure down.
     */
    private static final String OTHER_BANK_PROJECTIONS = "event-journal,aggregate-state";

    private final Devstack devstack;
    private final QuarkusService commands;
    private final QuarkusService projections;
    private final QuarkusService queries;
    private final QuarkusService hello;
    private final Path output;
    private final Optional<Path> recordings;
    private int commandStarts = 1;

    private BenchSystem(Devstack devstack, List<QuarkusService> services, Path output, Optional<Path> recordings) {
        this.devstack = devstack;
        this.commands = services.get(0);
        this.projections = services.get(1);
        this.queries = services.get(2);
        this.hello = services.get(3);
        this.output = output;
        this.recordings = recordings;
    }

    /**
     * Starts it all. The services' logs are kept in {@code output/logs} when it stops; with {@code profile},
     * each service's flight recording (JFR, profile settings) is written to {@code output/recordings}.
     */
    public static BenchSystem start(Path repository, Path output, boolean profile,
                                    Map<String, String> commandConfig) {
        Optional<Path> recordings = profile ? Optional.of(directory(output.resolve("recordings"))) : Optional.empty();
        // every jar first: a service that is not built fails the run before anything starts
        Path commandJar = runJar(repository, "command-service");
        Path projectionJar = runJar(repository, "projection-service");
        Path queryJar = runJar(repository, "query-service");
        Path helloJar = runJar(repository, "bench/hello-service");
        Devstack devstack = Devstack.start(DevstackConfig.forTests());
        try {
            Endpoints endpoints = devstack.endpoints();
            Map<String, String> commandServiceConfig =
                    new LinkedHashMap<>(ServiceCatalog.named("command-service").config(endpoints));
            commandServiceConfig.putAll(commandConfig);
            Map<String, String> projectionConfig =
                    new LinkedHashMap<>(ServiceCatalog.named("projection-service").config(endpoints));
            projectionConfig.put("annals.consumer.disabled", OTHER_BANK_PROJECTIONS);
            List<QuarkusService> started = QuarkusService.startAll(List.of(
                    settings("command-service", commandJar, commandServiceConfig, COMMAND_HEAP, recordings),
                    settings("projection-service", projectionJar, projectionConfig, HEAP, recordings),
                    settings("query-service", queryJar, ServiceCatalog.named("query-service").config(endpoints),
                            HEAP, recordings),
                    settings("hello-service", helloJar, Map.of(), HEAP, recordings)));
            return new BenchSystem(devstack, started, output, recordings);
        } catch (RuntimeException e) {
            devstack.close();
            throw e;
        }
    }

    private static Path directory(Path directory) {
        try {
            return Files.createDirectories(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + directory, e);
        }
    }

    private static Path runJar(Path repository, String module) {
        return ServiceCatalog.runJar(repository.resolve(module)).orElseThrow(() -> new IllegalStateException(
                module + " is not built (no target/quarkus-app/quarkus-run.jar); bench/run builds it"));
    }

    private static QuarkusService.Settings settings(String name, Path jar, Map<String, String> config, String heap,
                                                    Optional<Path> recordings) {
        List<String> jvmOptions = recordings.map(directory -> List.of("-XX:StartFlightRecording=settings=profile,"
                + "dumponexit=true,filename=" + directory.resolve(name + ".jfr"))).orElse(List.of());
        return new QuarkusService.Settings(name, jar, FreePort.orPick(0), config, heap, START_TIMEOUT, jvmOptions);
    }

    public String commandUrl() {
        return commands.baseUrl();
    }

    public String queryUrl() {
        return queries.baseUrl();
    }

    /** projection-service's management interface: its admin endpoints ({@code /admin/projections}), health, metrics. */
    public String projectionAdminUrl() {
        return projections.managementUrl();
    }

    public String helloUrl() {
        return hello.baseUrl();
    }

    public Endpoints endpoints() {
        return devstack.endpoints();
    }

    /** {@code Bearer <token>} of the bench's caller: a teller (the bank's withdrawals are any account's). */
    public String authorization() {
        return "Bearer " + devstack.endpoints().tokens().token("bench", Set.of("teller"), Duration.ofHours(6));
    }

    /** The headers of an admin's request (the projections' status and rebuild). */
    public Map<String, String> adminHeaders() {
        return Map.of("Authorization", "Bearer " + devstack.endpoints().tokens().token("bench-admin",
                Set.of("admin"), Duration.ofHours(6)));
    }

    /**
     * Stops command-service and starts it again, from an empty state directory (each start gets a fresh one): the
     * processor restores every aggregate from the changelog.
     */
    public void restartCommandService() {
        commands.stop();
        recordings.ifPresent(directory -> keep(directory.resolve("command-service.jfr"),
                directory.resolve("command-service-" + commandStarts + ".jfr")));
        commandStarts++;
        commands.start();
    }

    /** The projections have nothing left to measure after the catch-up; stopped, they leave the cores alone. */
    public void stopProjections() {
        projections.stop();
    }

    private static void keep(Path recording, Path as) {
        try {
            if (Files.exists(recording)) {
                Files.move(recording, as, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the recording " + recording, e);
        }
    }

    /** Where the services' logs are kept once the bench stops. */
    public Path logs() {
        return output.resolve("logs");
    }

    @Override
    public void close() {
        List<QuarkusService> services = List.of(commands, projections, queries, hello);
        try {
            for (QuarkusService service : services) {
                service.stop();
                service.keepLog(logs());
            }
        } finally {
            services.forEach(QuarkusService::close);
            devstack.close();
        }
    }
}
