package dev.annals.devstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A server devstack runs as a child process, in a data directory the caller chose or a temporary one. It can be
 * {@link #stop() stopped} and {@link #start() started} again on the same data, which is how tests take a server
 * away from a running service; {@link #close()} stops it for good and deletes a temporary directory.
 *
 * <p>Subclasses say how to {@link #launch() launch} the server and when it is {@link #awaitReady ready}.
 */
public abstract class ChildServer implements AutoCloseable {

    private final Path directory;
    private final boolean temporary;
    private ChildProcess process;

    /** @param directory the caller's directory (kept), or empty for a temporary one named after {@code prefix} */
    protected ChildServer(Optional<Path> directory, String prefix) {
        try {
            this.temporary = directory.isEmpty();
            this.directory = temporary ? Files.createTempDirectory(prefix) : Files.createDirectories(directory.get());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory for " + prefix, e);
        }
    }

    /** Starts the server child process; the returned process may not accept clients yet. */
    protected abstract ChildProcess launch();

    /** Returns once the server accepts clients (and is set up), or fails with its log. */
    protected abstract void awaitReady(ChildProcess process);

    /** Starts a new server; if it cannot start, closes it (deleting a temporary directory) and rethrows. */
    protected static <T extends ChildServer> T startedOrClosed(T server) {
        try {
            server.start();
            return server;
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /** Starts the server (again, after {@link #stop()}) and returns once it accepts clients. */
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        process = launch();
        try {
            awaitReady(process);
        } catch (RuntimeException e) {
            process.stop(Duration.ofSeconds(10));
            throw e;
        }
    }

    /**
     * Starts the server and returns at once, ready or not: for a test of a server that must not become ready, or
     * must show why not. {@link #close()} stops it as any other.
     */
    public synchronized void startWithoutWaiting() {
        if (process == null || !process.isAlive()) {
            process = launch();
        }
    }

    /** Stops the server, keeping its data for a later {@link #start()}. */
    public synchronized void stop() {
        if (process != null) {
            process.stop(Duration.ofSeconds(30));
        }
    }

    /** Kills the server with SIGKILL, as a crash would, keeping its data for a later {@link #start()}. */
    public synchronized void kill() {
        if (process != null && process.isAlive()) {
            process.kill();
        }
    }

    @Override
    public synchronized void close() {
        stop();
        if (temporary) {
            Directories.deleteRecursively(directory);
        }
    }

    public Path directory() {
        return directory;
    }

    /** What a watchdog deletes when this JVM dies: the directory if it is temporary, else nothing. */
    protected Optional<Path> deleteWhenOrphaned() {
        return temporary ? Optional.of(directory) : Optional.empty();
    }

    public synchronized long pid() {
        return process.pid();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Completes when the process started last exits. */
    public synchronized CompletableFuture<?> onExit() {
        return process.onExit();
    }
}
