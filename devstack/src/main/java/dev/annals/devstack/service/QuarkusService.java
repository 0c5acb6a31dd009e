package dev.annals.devstack.service;

import dev.annals.devstack.process.ChildProcess;
import dev.annals.devstack.process.ChildServer;
import dev.annals.devstack.process.FreePort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One of Annals' Quarkus services (a built {@code quarkus-run.jar}) run as a child process of devstack, ready once
 * its readiness check answers 200. Like the servers, it stops with devstack, or by its watchdog if devstack dies.
 * Every service has two ports: its API ({@link #baseUrl()}) and Quarkus's management interface ({@link
 * #managementUrl()}: health, metrics, the projections' admin endpoints).
 */
public final class QuarkusService extends ChildServer {

    /**
     * @param port           the API's port
     * @param managementPort the management interface's port ({@code quarkus.management.port})
     * @param config         settings passed as {@code -D} system properties, e.g. {@code kafka.bootstrap.servers}
     * @param jvmOptions     further options of the JVM, e.g. a flight recording
     */
    public record Settings(String name, Path runJar, int port, int managementPort, Map<String, String> config,
                           String heap, Duration startTimeout, List<String> jvmOptions) {
        public Settings {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(runJar, "runJar");
            config = Map.copyOf(config);
            jvmOptions = List.copyOf(jvmOptions);
        }

        /** On a free management port. */
        public Settings(String name, Path runJar, int port, Map<String, String> config, String heap,
                        Duration startTimeout, List<String> jvmOptions) {
            this(name, runJar, port, FreePort.orPick(0), config, heap, startTimeout, jvmOptions);
        }

        /** On a free management port. */
        public Settings(String name, Path runJar, int port, Map<String, String> config, String heap,
                        Duration startTimeout) {
            this(name, runJar, port, config, heap, startTimeout, List.of());
        }
    }

    /** Where a service listens: on this machine alone. */
    static final String LOOPBACK = "127.0.0.1";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Settings settings;

    private QuarkusService(Settings settings) {
        super(Optional.empty(), "annals-" + settings.name() + "-");
        this.settings = settings;
    }

    public static QuarkusService start(Settings settings) {
        return startedOrClosed(new QuarkusService(settings));
    }

    /** A service started without waiting for it to be ready ({@link #startWithoutWaiting()}). */
    public static QuarkusService launch(Settings settings) {
        QuarkusService service = new QuarkusService(settings);
        try {
            service.startWithoutWaiting();
            return service;
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    /**
     * Starts the services side by side, each ready when this returns, in the order given. If any cannot start,
     * those that did (or still will) are closed and its failure is thrown.
     */
    public static List<QuarkusService> startAll(List<Settings> settings) {
        List<CompletableFuture<QuarkusService>> starting = settings.stream()
                .map(each -> CompletableFuture.supplyAsync(() -> start(each))).toList();
        try {
            return starting.stream().map(CompletableFuture::join).toList();
        } catch (CompletionException e) {
            starting.forEach(future -> future.thenAccept(QuarkusService::close));
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
    }

    public String name() {
        return settings.name();
    }

    public String baseUrl() {
        return "http://localhost:" + settings.port();
    }

    /** Where health ({@code /q/health/*}), metrics ({@code /q/metrics}) and admin endpoints answer. */
    public String managementUrl() {
        return "http://localhost:" + settings.managementPort();
    }

    public Path log() {
        return directory().resolve(settings.name() + ".log");
    }

    /** Copies the log, if there is one, to {@code directory/<name>.log}: the service's own directory goes on close. */
    public void keepLog(Path directory) {
        try {
            Files.createDirectories(directory);
            if (Files.exists(log())) {
                Files.copy(log(), directory.resolve(settings.name() + ".log"), StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the log of " + settings.name() + " in " + directory, e);
        }
    }

    @Override
    protected ChildProcess launch() {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaOfThisJvm());
        command.add("-Xmx" + settings.heap());
        command.add("-XX:+ExitOnOutOfMemoryError");
        command.addAll(settings.jvmOptions());
        command.add("-Dquarkus.http.port=" + settings.port());
        command.add("-Dquarkus.management.port=" + settings.managementPort());
        // this machine's callers only: the demo's tokens are printed for anyone to use, and its management port
        // (metrics) has none; Quarkus would listen on every interface
        command.add("-Dquarkus.http.host=" + LOOPBACK);
        command.add("-Dquarkus.management.host=" + LOOPBACK);
        new TreeMap<>(settings.config()).forEach((key, value) -> command.add("-D" + key + "=" + value));
        command.add("-jar");
        command.add(settings.runJar().toString());
        return ChildProcess.start(settings.name(), command, directory(), log(), ChildProcess.StopRequest.SIGTERM,
                "TERM", deleteWhenOrphaned());
    }

    @Override
    protected void awaitReady(ChildProcess process) {
        awaitReady(process, settings.name(), managementUrl(), settings.startTimeout(), log());
    }

    /**
     * Returns once the Quarkus service {@code process} answers 200 on {@code managementUrl}'s
     * {@code /q/health/ready}, or fails with the tail of its {@code log} when it exits or {@code timeout} passes.
     */
    public static void awaitReady(ChildProcess process, String name, String managementUrl, Duration timeout,
                                  Path log) {
        long deadline = System.nanoTime() + timeout.toNanos();
        HttpRequest ready = HttpRequest.newBuilder(URI.create(managementUrl + "/q/health/ready"))
                .timeout(Duration.ofSeconds(2)).build();
        String last = "no answer yet";
        while (System.nanoTime() < deadline) {
            process.requireAlive();
            try {
                HttpResponse<String> answer = HTTP.send(ready, HttpResponse.BodyHandlers.ofString());
                if (answer.statusCode() == 200) {
                    return;
                }
                last = "readiness answered " + answer.statusCode() + ": " + answer.body();
            } catch (IOException e) {
                last = e.toString();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
            try {
                Thread.sleep(250); // polling a child's health endpoint: there is nothing to be notified by
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for " + name, e);
            }
        }
        throw new IllegalStateException(name + " was not ready within " + timeout + " (" + last + "); "
                + ChildProcess.tail(log));
    }
}
