package dev.annals.bench.system;

import dev.annals.devstack.Devstack;
import dev.annals.devstack.DevstackConfig;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.process.Directories;
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
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What the bench measures, as separate processes on this machine: devstack's Kafka and PostgreSQL, one
 * command-service, projection-service, query-service, and the hello-world service the HTTP figures are put against.
 */
public final class BenchSystem implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(300);
    private static final String HEAP = "512m";
    /**
     * The bench measures one projection, bank-accounts. The generic ones also read the bank's events; on two
     * shared cores they would only slow every other figure down.
     */
    private static final String OTHER_BANK_PROJECTIONS = "event-journal,aggregate-state";
    /** The storage figure's event journal, run alone once everything else is measured. */
    private static final String ALL_BUT_THE_JOURNAL = "bank-accounts,aggregate-state";

    private final Devstack devstack;
    private final CommandServiceLaunch commandLaunch;
    private QuarkusService commands;
    private CommandStore commandStore;
    private final QuarkusService projections;
    private final QuarkusService queries;
    private final QuarkusService hello;
    private final List<QuarkusService> others = new ArrayList<>();
    private final Map<String, String> projectionConfig;
    private final Path projectionJar;
    private final Path output;
    private final Optional<Path> recordings;
    private int commandStarts = 1;

    /**
     * How command-service is launched, again and again: its jar, its settings, the same ports every time, and the
     * state directories the bench gives each store ({@code stateRoot/<store>}), kept from one start to the next
     * unless the bench empties them.
     */
    private record CommandServiceLaunch(Path jar, Map<String, String> config, int port, int managementPort,
                                        Path stateRoot) {

        Path stateDirectory(CommandStore store) {
            return stateRoot.resolve(store.setting());
        }
    }

    private BenchSystem(Devstack devstack, CommandServiceLaunch commandLaunch, List<QuarkusService> services,
                        Path projectionJar, Map<String, String> projectionConfig, Path output,
                        Optional<Path> recordings) {
        this.devstack = devstack;
        this.commandLaunch = commandLaunch;
        this.commands = services.get(0);
        this.commandStore = CommandStore.chosenBy(commandLaunch.config());
        this.projections = services.get(1);
        this.queries = services.get(2);
        this.hello = services.get(3);
        this.projectionJar = projectionJar;
        this.projectionConfig = projectionConfig;
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
        // in the output rather than /tmp: should the bench die, a million aggregates in RocksDB are left in target/
        // (absolute: command-service runs in a directory of its own)
        Path stateRoot = output.resolve("command-state").toAbsolutePath();
        Directories.deleteRecursively(stateRoot);
        Devstack devstack = Devstack.start(DevstackConfig.forTests());
        try {
            Endpoints endpoints = devstack.endpoints();
            Map<String, String> commandServiceConfig =
                    new LinkedHashMap<>(ServiceCatalog.named("command-service").config(endpoints));
            commandServiceConfig.putAll(commandConfig);
            int commandPort = FreePort.orPick(0);
            int commandManagementPort = FreePort.orPick(0);
            while (commandManagementPort == commandPort) {
                commandManagementPort = FreePort.orPick(0);
            }
            CommandServiceLaunch commandLaunch = new CommandServiceLaunch(commandJar, Map.copyOf(commandServiceConfig),
                    commandPort, commandManagementPort, stateRoot);
            Map<String, String> projectionConfig =
                    new LinkedHashMap<>(ServiceCatalog.named("projection-service").config(endpoints));
            Map<String, String> benchProjections = new LinkedHashMap<>(projectionConfig);
            benchProjections.put("annals.consumer.disabled", OTHER_BANK_PROJECTIONS);
            List<QuarkusService> started = QuarkusService.startAll(List.of(
                    commandSettings(commandLaunch, CommandStore.chosenBy(commandServiceConfig), Map.of(), recordings),
                    settings("projection-service", projectionJar, benchProjections, HEAP, recordings),
                    settings("query-service", queryJar, ServiceCatalog.named("query-service").config(endpoints),
                            HEAP, recordings),
                    settings("hello-service", helloJar, Map.of(), HEAP, recordings)));
            return new BenchSystem(devstack, commandLaunch, started, projectionJar, projectionConfig, output,
                    recordings);
        } catch (RuntimeException e) {
            devstack.close();
            Directories.deleteRecursively(stateRoot);
            throw e;
        }
    }

    /**
     * command-service with {@code store} (over the run's own settings) and {@code overrides}, on the launch's
     * ports, with that store's heap.
     */
    private static QuarkusService.Settings commandSettings(CommandServiceLaunch launch, CommandStore store,
                                                           Map<String, String> overrides,
                                                           Optional<Path> recordings) {
        Map<String, String> config = new LinkedHashMap<>(launch.config());
        config.put(CommandStore.SETTING, store.setting());
        config.putAll(overrides);
        return new QuarkusService.Settings("command-service", launch.jar(), launch.port(), launch.managementPort(),
                config, store.heap(), START_TIMEOUT, jvmOptions("command-service", recordings));
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
        return new QuarkusService.Settings(name, jar, FreePort.orPick(0), config, heap, START_TIMEOUT,
                jvmOptions(name, recordings));
    }

    private static List<String> jvmOptions(String name, Optional<Path> recordings) {
        return recordings.map(directory -> List.of("-XX:StartFlightRecording=settings=profile,"
                + "dumponexit=true,filename=" + directory.resolve(name + ".jfr"))).orElse(List.of());
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

    /** The store the run's own settings choose ({@code --command-config}): the one the other figures measure. */
    public CommandStore configuredCommandStore() {
        return CommandStore.chosenBy(commandLaunch.config());
    }

    /**
     * Stops command-service as Kubernetes stops a pod, with SIGTERM (the processor closes cleanly: Kafka Streams
     * writes its checkpoints), and answers how long that took; nothing if it is stopped already. Its log is kept as
     * {@code logs/command-service-<n>.log}, n counting the starts.
     */
    public Duration stopCommandService() {
        if (!commands.isRunning()) {
            return Duration.ZERO;
        }
        long start = System.nanoTime();
        commands.stop();
        Duration stopping = Duration.ofNanos(System.nanoTime() - start);
        recordings.ifPresent(directory -> keep(directory.resolve("command-service.jfr"),
                directory.resolve("command-service-" + commandStarts + ".jfr")));
        keepLog(commands.log(), logs().resolve("command-service-" + commandStarts + ".log"));
        return stopping;
    }

    /**
     * Starts command-service with {@code store} on that store's state directory ({@link #commandStateDirectory}),
     * as it was left, after stopping the running one; returns once it is ready (which need not mean that its
     * partitions are restored). The other figures run on the last one started.
     */
    public void startCommandService(CommandStore store) {
        stopCommandService();
        commands.close(); // its own directory (the log is kept)
        commandStarts++;
        commandStore = store;
        commands = QuarkusService.start(commandSettings(commandLaunch, store,
                Map.of("annals.processor.state-dir", commandStateDirectory(store).toString()), recordings));
    }

    /** The state directory the bench gives command-service with {@code store}; it may not exist yet. */
    public Path commandStateDirectory(CommandStore store) {
        return commandLaunch.stateDirectory(store);
    }

    /** Deletes {@code store}'s state directory, so that the next start restores everything. Stop first. */
    public void emptyCommandState(CommandStore store) {
        if (commands.isRunning() && commandStore == store) {
            throw new IllegalStateException("command-service runs on " + commandStateDirectory(store) + "; stop it");
        }
        Directories.deleteRecursively(commandStateDirectory(store));
    }

    /** The bytes of the files in {@code store}'s state directory. */
    public long commandStateBytes(CommandStore store) {
        Path directory = commandStateDirectory(store);
        if (!Files.isDirectory(directory)) {
            return 0;
        }
        try (Stream<Path> files = Files.walk(directory)) {
            return files.filter(Files::isRegularFile).mapToLong(file -> {
                try {
                    return Files.size(file);
                } catch (IOException e) {
                    return 0; // a file RocksDB deleted meanwhile
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot measure " + directory, e);
        }
    }

    /** command-service's heap after a full collection and its resident set, now. */
    public ProcessMemory commandServiceMemory() {
        return ProcessMemory.of(commands.pid());
    }

    /** The projections have nothing left to measure after the catch-up; stopped, they leave the cores alone. */
    public void stopProjections() {
        projections.stop();
    }

    /**
     * Starts a projection-service that runs the event journal alone (the bench's own runs without it), which
     * journals the bank's whole history from the start; returns once it is ready. {@link #close()} stops it.
     */
    public void startEventJournal() {
        Map<String, String> config = new LinkedHashMap<>(projectionConfig);
        config.put("annals.consumer.disabled", ALL_BUT_THE_JOURNAL);
        others.add(QuarkusService.start(settings("projection-service-journal", projectionJar, config, HEAP,
                recordings)));
    }

    private static void keepLog(Path log, Path as) {
        try {
            Files.createDirectories(as.getParent());
            if (Files.exists(log)) {
                Files.copy(log, as, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the log " + log, e);
        }
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
        List<QuarkusService> services = new ArrayList<>(List.of(commands, projections, queries, hello));
        services.addAll(others);
        try {
            for (QuarkusService service : services) {
                service.stop();
                service.keepLog(logs());
            }
        } finally {
            services.forEach(QuarkusService::close);
            devstack.close();
            Directories.deleteRecursively(commandLaunch.stateRoot());
        }
    }
}
