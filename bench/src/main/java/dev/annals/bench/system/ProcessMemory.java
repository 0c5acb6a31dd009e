package dev.annals.bench.system;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a service's JVM holds: the heap its live objects take once a full collection has run ({@code jcmd GC.run},
 * then {@code GC.heap_info}), and its resident set ({@code VmRSS} of {@code /proc/<pid>/status}: the heap the JVM
 * committed, its own memory, and everything off the heap, RocksDB's included). Linux and a JDK's {@code jcmd}.
 */
public record ProcessMemory(long heapUsedAfterFullGc, long residentSet) {

    /** G1's "garbage-first heap total reserved …, committed …, used 2913K"; Serial's and Parallel's generations. */
    private static final Pattern USED = Pattern.compile("\\btotal\\b.*\\bused (\\d+)K");
    private static final Pattern RSS = Pattern.compile("^VmRSS:\\s+(\\d+) kB", Pattern.MULTILINE);

    public static ProcessMemory of(long pid) {
        jcmd(pid, "GC.run");
        return new ProcessMemory(heapUsed(jcmd(pid, "GC.heap_info")), residentSet(pid));
    }

    /** The bytes in use that {@code GC.heap_info} reports: G1's one heap, or the sum of the generations. */
    static long heapUsed(String heapInfo) {
        long used = 0;
        boolean found = false;
        for (String line : heapInfo.lines().toList()) {
            Matcher matcher = USED.matcher(line);
            if (matcher.find()) {
                used += Long.parseLong(matcher.group(1)) * 1024;
                found = true;
            }
        }
        if (!found) {
            throw new IllegalStateException("cannot read the heap in use from jcmd GC.heap_info: " + heapInfo);
        }
        return used;
    }

    private static long residentSet(long pid) {
        try {
            String status = Files.readString(Path.of("/proc", Long.toString(pid), "status"));
            Matcher matcher = RSS.matcher(status);
            if (!matcher.find()) {
                throw new IllegalStateException("no VmRSS in /proc/" + pid + "/status");
            }
            return Long.parseLong(matcher.group(1)) * 1024;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the resident set of " + pid + " (Linux only)", e);
        }
    }

    private static String jcmd(long pid, String command) {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        try {
            Process process = new ProcessBuilder(List.of(jcmd.toString(), Long.toString(pid), command))
                    .redirectErrorStream(true).start();
            // its answer is a few lines, well within the pipe's buffer: wait first, bounded, then read
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("jcmd " + pid + " " + command + " took more than 60 s");
            }
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + pid + " " + command + " failed: " + output);
            }
            return output;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + jcmd, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
