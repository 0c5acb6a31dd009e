package dev.annals.devstack.cli;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The command line as a user runs it, from the packaged jar, in a JVM of its own — so that the test can kill that
 * JVM and check that no server outlives it.
 */
class DevstackCommandIT {

    private static final Pattern KAFKA = Pattern.compile("Kafka\\s+(\\S+)\\s+\\(pid (\\d+), data in (.+)\\)");
    private static final Pattern POSTGRES = Pattern.compile("PostgreSQL\\s+(jdbc:\\S+)\\s+\\(pid (\\d+), data in (.+)\\)");

    private Process cli;

    record Stack(String kafka, long kafkaPid, Path kafkaData, String jdbcUrl, long postgresPid, Path postgresData) {
    }

    @AfterEach
    void killLeftovers() {
        if (cli != null) {
            cli.destroyForcibly();
        }
    }

    @Test
    void kill_9_of_the_command_line_takes_both_servers_and_their_data_with_it() throws Exception {
        List<String> output = new CopyOnWriteArrayList<>();
        Stack stack = up(output);
        assertReachable(stack);

        cli.destroyForcibly(); // SIGKILL: no shutdown hook runs, only the watchdogs can clean up

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(alive(stack.kafkaPid())).as("Kafka broker").isFalse();
            assertThat(alive(stack.postgresPid())).as("PostgreSQL").isFalse();
            assertThat(stack.kafkaData()).as("Kafka's temporary data").doesNotExist();
            assertThat(stack.postgresData()).as("PostgreSQL's temporary data").doesNotExist();
        });
    }

    @Test
    void sigterm_stops_both_servers_cleanly() throws Exception {
        List<String> output = new CopyOnWriteArrayList<>();
        Stack stack = up(output);

        // SIGTERM, which like Ctrl-C runs the shutdown hook. Through the handle, because Process.destroy() also
        // closes our end of the output, and the test reads what the command line prints while stopping.
        cli.toHandle().destroy();

        await().atMost(Duration.ofSeconds(90)).until(() -> !cli.isAlive());
        assertThat(output).contains("Stopping...", "Stopped.");
        assertThat(alive(stack.kafkaPid())).isFalse();
        assertThat(alive(stack.postgresPid())).isFalse();
        assertThat(stack.kafkaData()).doesNotExist();
        assertThat(stack.postgresData()).doesNotExist();
    }

    private Stack up(List<String> output) throws IOException {
        Path jar = Path.of(System.getProperty("annals.devstack.test.jar"));
        assertThat(jar).isRegularFile();
        cli = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "up", "--kafka-port", "0", "--postgres-port", "0", "--temporary",
                "--no-services") // the servers are under test here; a built command-service would want port 8081
                .redirectErrorStream(true)
                .start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(cli.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(output::add);
            } catch (IOException | java.io.UncheckedIOException ended) {
                // the process is gone and its output with it
            }
        }, "devstack-cli-output");
        reader.setDaemon(true);
        reader.start();

        await().atMost(Duration.ofSeconds(180))
                .failFast("the command line exited: " + output, () -> !cli.isAlive())
                .until(() -> output.contains("Press Ctrl-C to stop."));
        Matcher kafka = find(KAFKA, output);
        Matcher postgres = find(POSTGRES, output);
        return new Stack(kafka.group(1), Long.parseLong(kafka.group(2)), Path.of(kafka.group(3)),
                postgres.group(1), Long.parseLong(postgres.group(2)), Path.of(postgres.group(3)));
    }

    private static void assertReachable(Stack stack) throws Exception {
        assertThat(alive(stack.kafkaPid())).isTrue();
        assertThat(Files.isDirectory(stack.kafkaData())).isTrue();
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                java.util.Map.of("bootstrap.servers", stack.kafka()))) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
        }
        try (Connection connection = DriverManager.getConnection(stack.jdbcUrl(), "annals", "annals")) {
            assertThat(connection.isValid(5)).isTrue();
        }
    }

    private static Matcher find(Pattern pattern, List<String> output) {
        return output.stream().map(pattern::matcher).filter(Matcher::find).findFirst()
                .orElseThrow(() -> new AssertionError("no line matches " + pattern + " in " + output));
    }

    private static boolean alive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
