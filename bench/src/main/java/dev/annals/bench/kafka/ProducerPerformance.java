package dev.annals.bench.kafka;

import dev.annals.devstack.process.ChildProcess;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own {@code org.apache.kafka.tools.ProducerPerformance}, run in a JVM of its own (as
 * {@code kafka-producer-perf-test.sh} would) with the settings of the command processor's output: acks=all,
 * idempotence, a transaction every commit interval.
 */
public final class ProducerPerformance {

    /** Its summary line: "200000 records sent, 51234.5 records/sec (19.54 MB/sec), 12.3 ms avg latency, …". */
    private static final Pattern SUMMARY = Pattern.compile("(\\d+) records sent, ([\\d.]+) records/sec");
    private static final Duration TIMEOUT = Duration.ofMinutes(5);

    /** @param transactionEvery how long each transaction stays open, like the processor's commit interval */
    public record Settings(String bootstrapServers, String topic, long records, int recordSize,
                           Duration transactionEvery) {
    }

    private ProducerPerformance() {
    }

    /** Runs it; answers the records per second it reports. */
    public static double run(Settings settings, Path workDirectory) {
        List<String> command = new ArrayList<>();
        command.add(ChildProcess.javaOfThisJvm());
        command.add("-Xmx512m");
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add("org.apache.kafka.tools.ProducerPerformance");
        command.addAll(List.of("--topic", settings.topic(),
                "--num-records", Long.toString(settings.records()),
                "--record-size", Integer.toString(settings.recordSize()),
                "--throughput", "-1",
                "--transactional-id", "annals-bench-producer-performance",
                "--transaction-duration-ms", Long.toString(settings.transactionEvery().toMillis()),
                "--producer-props", "bootstrap.servers=" + settings.bootstrapServers(), "acks=all",
                "enable.idempotence=true", "client.id=annals-bench-producer-performance"));
        try {
            Files.createDirectories(workDirectory);
            Path output = workDirectory.resolve("producer-performance.log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(output.toFile()).start();
            if (!process.waitFor(TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException("ProducerPerformance did not finish within " + TIMEOUT
                        + "; see " + output);
            }
            String log = Files.readString(output);
            // it prints a line every five seconds; the summary is the last
            String rate = null;
            Matcher summary = SUMMARY.matcher(log);
            while (summary.find()) {
                rate = summary.group(2);
            }
            if (process.exitValue() != 0 || rate == null) {
                throw new IllegalStateException("ProducerPerformance failed (exit " + process.exitValue()
                        + "); see " + output);
            }
            return Double.parseDouble(rate);
        } catch (IOException e) {
            throw new IllegalStateException("cannot run ProducerPerformance", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
