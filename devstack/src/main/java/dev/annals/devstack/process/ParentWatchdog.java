package dev.annals.devstack.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Makes a child server die with the JVM that started it, however that JVM ends — including {@code kill -9},
 * where no shutdown hook runs.
 *
 * <p>A small {@code sh} process blocks reading a pipe whose only writer is this JVM. The kernel closes the pipe
 * when this JVM exits for any reason; the read then returns, and the watchdog stops the server with
 * {@code signal}, kills it after 30 seconds if it is still there, and deletes its temporary directory. A clean
 * stop {@link #dismiss() dismisses} the watchdog first. (Java starts children with every descriptor but 0–2
 * closed, so no other process holds the pipe open.)
 */
final class ParentWatchdog {

    private static final String SCRIPT = String.join("\n",
            "read -r _ignored",                                 // returns at EOF: our parent JVM is gone
            "kill -s \"$2\" \"$1\" 2>/dev/null",
            "waited=0",
            "while kill -0 \"$1\" 2>/dev/null; do",
            "  waited=$((waited + 1))",
            "  if [ \"$waited\" -ge 300 ]; then kill -s KILL \"$1\" 2>/dev/null; fi",
            "  sleep 0.1",
            "done",
            "if [ -n \"$3\" ]; then rm -rf -- \"$3\"; fi",
            "");

    private final Process process;

    private ParentWatchdog(Process process) {
        this.process = process;
    }

    static ParentWatchdog guard(long pid, String signal, Optional<Path> deleteAfter) {
        try {
            Process watchdog = new ProcessBuilder(List.of("sh", "-c", SCRIPT, "annals-watchdog",
                    Long.toString(pid), signal, deleteAfter.map(Path::toString).orElse("")))
                    .redirectInput(ProcessBuilder.Redirect.PIPE)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true)
                    .start();
            return new ParentWatchdog(watchdog);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the watchdog (sh) for pid " + pid, e);
        }
    }

    /** Ends the watchdog without touching the server: the caller stops the server itself. */
    void dismiss() {
        process.destroy();
    }
}
