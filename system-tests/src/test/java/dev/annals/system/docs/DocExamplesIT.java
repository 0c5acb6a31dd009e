package dev.annals.system.docs;

import dev.annals.devstack.auth.TokenIssuer;
import dev.annals.devstack.process.ChildProcess;
import dev.annals.devstack.process.FreePort;
import dev.annals.devstack.service.DemoData;
import dev.annals.devstack.service.ServiceCatalog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The README's and the API docs' examples, run in order as a newcomer pastes them, against a fresh demo
 * ({@code devstack up}, as {@code ./demo} starts it, with its demo data), so that the docs cannot drift from the
 * code. The demo runs on free ports; the examples' {@code localhost:8081}, {@code 8082} and {@code 8083} (and the
 * management ports {@code 9081} to {@code 9083}) are pointed at them. Every request of an example must succeed
 * (curl {@code --fail-with-body}), except in a block marked as refusals, where every one must answer 4xx. The
 * curl lines the demo's banner prints under each service are run first, as pasted.
 */
class DocExamplesIT {

    /** In the order a newcomer reads them; each uses ids of its own, so walking all of them in turn works. */
    private static final List<String> DOCUMENTS = List.of("README.md", "docs/command-api.md",
            "docs/query-api.md", "docs/domains.md");

    /** {@code  command-service     http://localhost:…}: the banner's first line of a service. */
    private static final Pattern SERVICE_LINE = Pattern.compile("^  ([a-z-]+-service)\\s+http://localhost:");
    private static final Pattern MANAGEMENT_LINE = Pattern.compile("management: http://localhost:(\\d+)/q/health");

    private static final String SUCCEEDS = "curl() { command curl --silent --show-error --fail-with-body"
            + " --max-time 60 \"$@\"; }\n";
    private static final String REFUSED = "curl() { local status; status=$(command curl --silent --show-error"
            + " --max-time 60 --output /dev/stderr --write-out '%{http_code}' \"$@\") || return 1;"
            + " [[ $status == 4* ]] || { echo \"expected a 4xx answer, got $status\" >&2; return 1; }; }\n";

    private final List<String> demoOutput = new CopyOnWriteArrayList<>();
    private Process demo;

    @AfterEach
    void stopTheDemo() throws InterruptedException {
        if (demo != null) {
            demo.toHandle().destroy(); // SIGTERM, as Ctrl-C: the demo stops its services, Kafka and PostgreSQL
            if (!demo.waitFor(90, TimeUnit.SECONDS)) {
                demo.toHandle().descendants().forEach(ProcessHandle::destroyForcibly);
                demo.destroyForcibly();
            }
        }
    }

    @Test
    void everyExampleWorksWhenPastedInOrderOnAFreshDemo() throws Exception {
        Path repository = ServiceCatalog.repositoryAround(Path.of("")).orElseThrow();
        // kept after the run: each document's script and what it printed
        Path work = Files.createDirectories(Path.of("target", "doc-examples"));
        int commandPort = FreePort.orPick(0);
        int queryPort = FreePort.orPick(0);
        int projectionPort = FreePort.orPick(0);
        int paymentPort = FreePort.orPick(0);
        startDemo(repository, commandPort, queryPort, projectionPort, paymentPort);
        assertThat(demoOutput).as("the demo's data").anyMatch(line ->
                line.contains(DemoData.size() + " of " + DemoData.size() + " demo commands accepted"));

        // the token lines the demo printed, pasted first as the README says
        List<String> exports = demoOutput.stream().map(String::strip).filter(line -> line.matches(
                "export [A-Z_]+=[A-Za-z0-9._-]+ .*")).map(line -> line.substring(0, line.indexOf(' ', 7))).toList();
        assertThat(exports).as("the demo's export lines: one per demo caller, a token for every role the examples"
                + " use").hasSize(TokenIssuer.DEMO_CALLERS.size())
                .anyMatch(line -> line.startsWith("export TOKEN="))
                .anyMatch(line -> line.startsWith("export RESTAURANT_TOKEN="));

        Map<String, Integer> management = managementPorts();
        assertThat(management).as("the management port the demo printed for each service")
                .containsOnlyKeys("command-service", "query-service", "projection-service", "payment-service");
        // the banner's own copy-paste lines first, the way a newcomer meets them
        Files.writeString(work.resolve("banner.sh"), "set -euo pipefail\n" + String.join("\n", exports) + "\n"
                + SUCCEEDS + bannerExamples());
        Process banner = new ProcessBuilder("bash", work.resolve("banner.sh").toString()).redirectErrorStream(true)
                .redirectOutput(work.resolve("banner.log").toFile()).start();
        assertThat(banner.waitFor(2, TimeUnit.MINUTES)).as("the banner's examples end").isTrue();
        assertThat(banner.exitValue()).as("the banner's curl lines, as pasted; their output:%n%s",
                Files.readString(work.resolve("banner.log"))).isZero();

        int examples = 0;
        for (String document : DOCUMENTS) {
            DocExamples found = DocExamples.of(repository.resolve(document));
            StringBuilder script = new StringBuilder("set -euo pipefail\n" + String.join("\n", exports) + "\n");
            for (DocExamples.Example example : found.examples()) {
                script.append("echo '--- ").append(document).append(':').append(example.line()).append("'\n")
                        .append(example.refusals() ? REFUSED : SUCCEEDS)
                        .append(example.script().replace("localhost:8081", "localhost:" + commandPort)
                                .replace("localhost:8082", "localhost:" + queryPort)
                                .replace("localhost:8083", "localhost:" + projectionPort)
                                .replace("localhost:8084", "localhost:" + paymentPort)
                                .replace("localhost:9081", "localhost:" + management.get("command-service"))
                                .replace("localhost:9082", "localhost:" + management.get("query-service"))
                                .replace("localhost:9083", "localhost:" + management.get("projection-service"))
                                .replace("localhost:9084", "localhost:" + management.get("payment-service")));
                examples++;
            }
            Path file = work.resolve(Path.of(document).getFileName() + ".sh");
            Files.writeString(file, script);
            Path log = work.resolve(Path.of(document).getFileName() + ".log");
            Process run = new ProcessBuilder("bash", file.toString()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            assertThat(run.waitFor(5, TimeUnit.MINUTES)).as("the examples of %s end", document).isTrue();
            assertThat(run.exitValue()).as("the examples of %s, as pasted; their output:%n%s", document,
                    Files.readString(log)).isZero();
        }
        assertThat(examples).as("examples found in the docs").isGreaterThanOrEqualTo(6);
        // a created aggregate's Location is where it is read: query-service, not command-service
        assertThat(Files.readString(work.resolve("README.md.log")))
                .containsPattern("(?i)location: http://localhost:" + queryPort + "/api/cart/[0-9a-f-]{36}");
    }

    /** Each service's management port, from its {@code management: http://localhost:<port>/q/health} line. */
    private Map<String, Integer> managementPorts() {
        Map<String, Integer> ports = new HashMap<>();
        String service = null;
        for (String line : demoOutput) {
            Matcher started = SERVICE_LINE.matcher(line);
            if (started.find()) {
                service = started.group(1);
            }
            Matcher management = MANAGEMENT_LINE.matcher(line);
            if (management.find() && service != null) {
                ports.put(service, Integer.parseInt(management.group(1)));
            }
        }
        return ports;
    }

    /**
     * The curl lines under the services ({@code try:} and what follows, {@code projections:}, {@code pay:},
     * {@code reactors:}), without the
     * live stream, which does not end; run after the SUCCEEDS wrapper, so that every request must answer 2xx.
     */
    private String bannerExamples() {
        StringBuilder script = new StringBuilder();
        for (String line : demoOutput) {
            String text = line.strip().replaceFirst("^(try|projections|pay|reactors):\\s+", "");
            boolean request = text.startsWith("curl ") || text.matches("[a-z]+=\\$\\(curl .*");
            if (!request || text.startsWith("curl -N ")) {
                continue;
            }
            script.append(text).append('\n');
        }
        return script.toString();
    }

    private void startDemo(Path repository, int commandPort, int queryPort, int projectionPort, int paymentPort)
            throws IOException {
        Path jar = repository.resolve("devstack/target/devstack.jar");
        assertThat(jar).as("devstack is built").isRegularFile();
        demo = new ProcessBuilder(ChildProcess.javaOfThisJvm(), "-jar", jar.toString(), "up", "--temporary",
                "--kafka-port", "0", "--postgres-port", "0", "--command-port", Integer.toString(commandPort),
                "--query-port", Integer.toString(queryPort), "--projection-port", Integer.toString(projectionPort),
                "--payment-port", Integer.toString(paymentPort))
                .redirectErrorStream(true).start();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(demo.getInputStream(), StandardCharsets.UTF_8))) {
                lines.lines().forEach(demoOutput::add);
            } catch (IOException | java.io.UncheckedIOException ended) {
                // the demo is gone, and its output with it
            }
        }, "demo-output");
        reader.setDaemon(true);
        reader.start();
        await().atMost(Duration.ofMinutes(4)).failFast("the demo exited: " + demoOutput, () -> !demo.isAlive())
                .until(() -> demoOutput.contains("Press Ctrl-C to stop."));
    }
}
