package dev.annals.devstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * A server devstack runs as a child process: its output goes to a log file, and a {@link ParentWatchdog} stops it
 * if this JVM dies without stopping it first.
 */
public final class ChildProcess {

    private static final System.Logger LOG = System.getLogger(ChildProcess.class.getName());

    private final String name;
    private final Process process;
    private final Path log;
    private final ParentWatchdog watchdog;
    private final StopRequest stopRequest;

    /** How to ask a server to stop cleanly; the last resort is always SIGKILL. */
    @FunctionalInterface
    public interface StopRequest {
        void send(Process process) throws IOException;

        StopRequest SIGTERM = Process::destroy;

        /** A POSIX signal sent with {@code kill}, for servers whose clean stop is not SIGTERM. */
        static StopRequest signal(String signal) {
            return process -> {
                Process kill = new ProcessBuilder("kill", "-s", signal, Long.toString(process.pid()))
                        .redirectErrorStream(true).start();
                try {
                    kill.waitFor(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            };
        }
    }

    /**
     * The {@code java} of the JDK this JVM runs on: every JVM devstack starts (the broker, the services, the
     * bench's tools) runs on the JDK the build and the tests use, never on whatever {@code java} the PATH has first.
     */
    public static String javaOfThisJvm() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private ChildProcess(String name, Process process, Path log, ParentWatchdog watchdog, StopRequest stopRequest) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.watchdog = watchdog;
        this.stopRequest = stopRequest;
    }

    /**
     * Starts {@code command} with its output appended to {@code log}, guarded by a watchdog that sends
     * {@code orphanSignal} to it (and deletes {@code deleteWhenOrphaned}, if given) should this JVM die.
     */
    public static ChildProcess start(String name, List<String> command, Path workingDirectory, Path log,
                                     StopRequest stopRequest, String orphanSignal,
                                     Optional<Path> deleteWhenOrphaned) {
        return start(name, command, workingDirectory, log, Optional.empty(), stopRequest, orphanSignal,
                deleteWhenOrphaned);
    }

    /**
     * The same with exactly {@code environment} as the child's environment, if given (as a container's is: only
     * what its manifest sets, and a PATH), instead of this JVM's.
     */
    public static ChildProcess start(String name, List<String> command, Path workingDirectory, Path log,
                                     Optional<Map<String, String>> environment, StopRequest stopRequest,
                                     String orphanSignal, Optional<Path> deleteWhenOrphaned) {
        try {
            Process process = spawn(command, workingDirectory, log, environment);
            ParentWatchdog watchdog;
            try {
                watchdog = ParentWatchdog.guard(process.pid(), orphanSignal, deleteWhenOrphaned);
            } catch (RuntimeException e) {
                process.destroyForcibly();
                throw e;
            }
            LOG.log(System.Logger.Level.DEBUG, "started {0} as pid {1}, log {2}", name, process.pid(), log);
            return new ChildProcess(name, process, log, watchdog, stopRequest);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    /** Runs {@code command} to completion, failing with its output if it does not exit with 0. */
    public static void run(String name, List<String> command, Path workingDirectory, Path log, Duration timeout) {
        try {
            Process process = spawn(command, workingDirectory, log, Optional.empty());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not finish within " + timeout + "; " + tail(log));
            }
            if (process.exitValue() != 0) {
                throw new IllegalStateException(name + " failed with exit code " + process.exitValue() + "; "
                        + tail(log));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + name + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + name, e);
        }
    }

    private static Process spawn(List<String> command, Path workingDirectory, Path log,
                                 Optional<Map<String, String>> environment) throws IOException {
        Files.createDirectories(log.getParent());
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(workingDirectory.toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        environment.ifPresent(exactly -> {
            builder.environment().clear();
            builder.environment().putAll(exactly);
        });
        return builder.start();
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path log() {
        return log;
    }

    public CompletableFuture<Process> onExit() {
        return process.onExit();
    }

    /** Fails with the end of the log if the process has exited. */
    public void requireAlive() {
        if (!process.isAlive()) {
            throw new IllegalStateException(name + " exited with code " + process.exitValue() + "; " + tail(log));
        }
    }

    /**
     * Stops the server: first the watchdog (so it does not act on a clean stop), then a clean stop request, and
     * SIGKILL if the server has not exited within {@code grace}.
     */
    public void stop(Duration grace) {
        watchdog.dismiss();
        if (!process.isAlive()) {
            return;
        }
        try {
            stopRequest.send(process);
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "{0} did not stop within {1}; killing it", name, grace);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (IOException e) {
            process.destroyForcibly();
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Kills the server at once with SIGKILL, as a crash would: no clean stop, no chance to flush or commit. For
     * tests of recovery; the watchdog is dismissed first so that it does not act on the death it did not cause.
     */
    public void kill() {
        watchdog.dismiss();
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(name + " did not die within 10 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while killing " + name, e);
        }
    }

    /** The last lines of a log, for error messages. */
    public static String tail(Path log) {
        try {
            if (!Files.exists(log)) {
                return "no log at " + log;
            }
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return "last lines of " + log + ":\n  "
                    + String.join("\n  ", lines.subList(Math.max(0, lines.size() - 25), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "cannot read " + log + ": " + e.getMessage();
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
