package dev.annals.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.core.envelope.EventHeaders;
import dev.annals.core.topic.Topics;
import dev.annals.devstack.process.FreePort;
import dev.annals.devstack.service.QuarkusService;
import dev.annals.devstack.service.ServiceCatalog;
import dev.annals.system.support.Http;
import dev.annals.system.support.SystemExtension;
import dev.annals.system.support.TheSystem;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A consumer service generated from the archetype, as a newcomer makes one: {@code mvn archetype:generate} into a
 * directory of its own, then its build — its own tests included — against this build's Annals artifacts, then the
 * service started beside the running system, whose bank accounts have a history by then. It must catch up on all
 * of it — its projection equal to the fold of the log for every account, its reactor's welcome bonus paid into
 * every account, each once — and answer a read with a consistency token of a new write. Runs last: its reactor
 * deposits into every account of the shared system.
 */
@Order(11)
@ExtendWith(SystemExtension.class)
class ArchetypeIT {

    private static final String SERVICE = "account-insights";
    private static final long BONUS = 10;
    private static final Path OUTPUT = Path.of("target", "system-tests", "archetype");
    private static final Duration BUILD_TIMEOUT = Duration.ofMinutes(10);
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_generated_service_builds_catches_up_on_history_and_answers(TheSystem system) throws Exception {
        Http http = system.http();
        String command = system.commandUrls().getFirst();
        Map<String, String> json = Map.of("Content-Type", "application/json");
        // history of its own, besides what the other system tests left: accounts with deposits and a withdrawal
        for (int i = 0; i < 5; i++) {
            String account = "insights-" + Long.toHexString(System.nanoTime()) + "-" + i;
            assertThat(http.post(command + "/api/bank-account/" + account + "/open", "{\"owner\":\"ann\"}", json)
                    .status()).isEqualTo(200);
            for (int deposit = 1; deposit <= i + 1; deposit++) {
                assertThat(http.post(command + "/api/bank-account/" + account + "/deposit",
                        "{\"amount\":" + 100 * deposit + "}", json).status()).isEqualTo(200);
            }
            assertThat(http.post(command + "/api/bank-account/" + account + "/withdraw", "{\"amount\":50}", json)
                    .status()).isEqualTo(200);
        }

        Path project = generateAndBuild();
        Path jar = ServiceCatalog.runJar(project).orElseThrow(() -> new AssertionError(SERVICE + " built no jar"));
        Map<String, String> config = new LinkedHashMap<>(system.endpoints().consumerServiceConfig());
        try (QuarkusService service = QuarkusService.start(new QuarkusService.Settings(SERVICE, jar,
                FreePort.orPick(0), config, "384m", Duration.ofMinutes(3)))) {
            try {
                caughtUpOnTheWholeLog(system, http, service);
                aNewWriteIsReadWithItsToken(http, command, service);
                itsCommandsWereAnsweredOnItsOwnTopicFromTheFirst(service);
            } finally {
                service.keepLog(OUTPUT);
            }
        }
    }

    /** archetype:generate, then the generated project's own {@code verify}; answers its directory. */
    private static Path generateAndBuild() throws IOException, InterruptedException {
        Path repository = ServiceCatalog.repositoryAround(Path.of("")).orElseThrow();
        Path work = Files.createDirectories(OUTPUT.toAbsolutePath());
        Path project = work.resolve(SERVICE);
        deleteRecursively(project);
        maven(repository, work, "generate.log", "archetype:generate", "-DinteractiveMode=false",
                "-DarchetypeGroupId=dev.annals", "-DarchetypeArtifactId=annals-consumer-service-archetype",
                "-DarchetypeVersion=" + System.getProperty("annals.it.version"),
                "-DgroupId=com.example", "-DartifactId=" + SERVICE, "-Dversion=1.0.0-SNAPSHOT",
                "-Dpackage=com.example.insights");
        assertThat(project.resolve("pom.xml")).exists();
        assertThat(project.resolve("src/main/java/com/example/insights/ActivityProjection.java")).exists();
        assertThat(project.resolve("deploy/kustomization.yaml")).exists();
        // what git must never take: the build's output, and the database password generate-secret writes
        assertThat(project.resolve(".gitignore")).content().contains("target/");
        assertThat(project.resolve("deploy/secrets/.gitignore")).exists();
        maven(repository, project, "build.log", "verify");
        return project;
    }

    /**
     * Annals' own {@code mvnw}, whose local repository is this build's Annals artifacts (installed by the invoker
     * plugin) with the user's repository behind them, read-only: the generated build resolves exactly what this
     * build made, and everything else from what it already downloaded.
     */
    private static void maven(Path repository, Path directory, String log, String... goals)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(repository.resolve("mvnw").toString(), "-B", "-ntp",
                "-Dmaven.repo.local=" + System.getProperty("annals.it.repository"),
                "-Dmaven.repo.local.tail=" + System.getProperty("annals.it.local-repository")));
        command.addAll(List.of(goals));
        Path output = OUTPUT.toAbsolutePath().resolve(log);
        ProcessBuilder builder = new ProcessBuilder(command).directory(directory.toFile())
                .redirectErrorStream(true).redirectOutput(output.toFile());
        builder.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process process = builder.start();
        if (!process.waitFor(BUILD_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError(String.join(" ", goals) + " took longer than " + BUILD_TIMEOUT + "; see "
                    + output);
        }
        assertThat(process.exitValue()).as("%s in %s (log: %s):%n%s", String.join(" ", goals), directory, output,
                tail(output)).isZero();
    }

    /**
     * Every account of the bank's log, as its projection has it, equals the fold of the log — and every account
     * has its welcome bonus, once — when both its consumers have reached the end of their topics.
     */
    private static void caughtUpOnTheWholeLog(TheSystem system, Http http, QuarkusService service) {
        String admin = system.bearer("root", Set.of("admin"));
        await("the generated service caught up on the whole log").atMost(Duration.ofMinutes(3))
                .pollInterval(Duration.ofSeconds(2)).untilAsserted(() -> {
                    for (String consumer : List.of(SERVICE + "-activity", SERVICE + "-bonus")) {
                        Http.Answer status = http.get(service.managementUrl() + "/admin/projections/" + consumer,
                                Map.of("Authorization", admin));
                        assertThat(status.status()).as("%s", status).isEqualTo(200);
                        assertThat(JSON.readTree(status.body()).path("lag").asLong()).as(consumer).isZero();
                    }
                    Map<String, Fold> log = foldTheLog(system);
                    assertThat(log).isNotEmpty();
                    for (Map.Entry<String, Fold> account : log.entrySet()) {
                        Fold fold = account.getValue();
                        // an account closed before the service ran refuses its bonus; every other gets it, once
                        assertThat(fold.bonuses()).as("welcome bonuses of %s", account.getKey())
                                .isEqualTo(fold.closed() ? 0 : 1);
                        Http.Answer read = http.get(service.baseUrl() + "/api/" + SERVICE + "/accounts/"
                                + account.getKey(), Map.of());
                        assertThat(read.status()).as("%s", read).isEqualTo(200);
                        JsonNode activity = JSON.readTree(read.body());
                        assertThat(activity.path("deposits").asLong()).as(account.getKey()).isEqualTo(fold.deposits());
                        assertThat(activity.path("deposited").asLong()).as(account.getKey())
                                .isEqualTo(fold.deposited());
                        assertThat(activity.path("version").asLong()).as(account.getKey()).isEqualTo(fold.version());
                    }
                });
    }

    /** A new account: its bonus arrives through the real command side, and a read with a token sees a deposit. */
    private static void aNewWriteIsReadWithItsToken(Http http, String command, QuarkusService service)
            throws Exception {
        String account = "insights-new-" + Long.toHexString(System.nanoTime());
        Map<String, String> json = Map.of("Content-Type", "application/json");
        assertThat(http.post(command + "/api/bank-account/" + account + "/open", "{\"owner\":\"ann\"}", json)
                .status()).isEqualTo(200);
        Http.Answer deposit = http.post(command + "/api/bank-account/" + account + "/deposit", "{\"amount\":7}",
                json);
        assertThat(deposit.status()).isEqualTo(200);
        String token = deposit.header("Annals-Consistency-Token").orElseThrow();
        Http.Answer read = http.get(service.baseUrl() + "/api/" + SERVICE + "/accounts/" + account,
                Map.of("Annals-Consistency-Token", token));
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        assertThat(JSON.readTree(read.body()).path("deposited").asLong()).isGreaterThanOrEqualTo(7);
        await("its welcome bonus").atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            JsonNode activity = JSON.readTree(http.get(service.baseUrl() + "/api/" + SERVICE + "/accounts/"
                    + account, Map.of()).body());
            assertThat(activity.path("deposited").asLong()).isEqualTo(7 + BONUS);
        });
    }

    /** One account as the log tells it: its deposits (the bonus among them), their total, its version. */
    private record Fold(long deposits, long deposited, long version, long bonuses, boolean closed) {
    }

    /**
     * The bank accounts of the log whose events are whole (versions 1, 2, 3… of readable CloudEvents), folded by
     * the test itself; accounts a poison-event test left broken are left out — the service dead-letters them.
     */
    private static Map<String, Fold> foldTheLog(TheSystem system) throws IOException {
        Map<String, List<JsonNode>> byAccount = new TreeMap<>();
        Map<String, List<String>> types = new TreeMap<>();
        Map<String, List<String>> principals = new TreeMap<>();
        Map<String, Boolean> whole = new TreeMap<>();
        for (ConsumerRecord<byte[], byte[]> record : new dev.annals.system.support.Topics(
                system.endpoints().kafkaBootstrapServers()).readAll(Topics.events("bank-account"))) {
            String account = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
            var type = record.headers().lastHeader(EventHeaders.TYPE);
            var version = record.headers().lastHeader(EventHeaders.AGGREGATE_VERSION);
            if (account == null) {
                continue;
            }
            List<JsonNode> events = byAccount.computeIfAbsent(account, key -> new ArrayList<>());
            try {
                long expected = events.size() + 1L;
                if (type == null || version == null || record.value() == null
                        || Long.parseLong(new String(version.value(), StandardCharsets.UTF_8)) != expected) {
                    whole.put(account, false);
                    continue;
                }
                events.add(JSON.readTree(record.value()));
                types.computeIfAbsent(account, key -> new ArrayList<>())
                        .add(new String(type.value(), StandardCharsets.UTF_8).replace("bank-account.", ""));
                var principal = record.headers().lastHeader(EventHeaders.PRINCIPAL);
                principals.computeIfAbsent(account, key -> new ArrayList<>())
                        .add(principal == null ? "" : new String(principal.value(), StandardCharsets.UTF_8));
            } catch (IOException | NumberFormatException unreadable) {
                whole.put(account, false);
            }
        }
        Map<String, Fold> folds = new TreeMap<>();
        for (Map.Entry<String, List<String>> account : types.entrySet()) {
            List<String> names = account.getValue();
            if (!whole.getOrDefault(account.getKey(), true) || !names.getFirst().equals("AccountOpened")) {
                continue;
            }
            List<JsonNode> events = byAccount.get(account.getKey());
            long deposits = 0;
            long deposited = 0;
            long bonuses = 0;
            for (int i = 0; i < names.size(); i++) {
                if (names.get(i).equals("MoneyDeposited")) {
                    long amount = events.get(i).path("amount").asLong();
                    deposits++;
                    deposited += amount;
                    // the bonus: a deposit the generated service's reactor sent, under its name
                    if (principals.get(account.getKey()).get(i).equals(SERVICE)) {
                        assertThat(amount).as("the bonus into %s", account.getKey()).isEqualTo(BONUS);
                        bonuses++;
                    }
                }
            }
            folds.put(account.getKey(), new Fold(deposits, deposited, names.size(), bonuses,
                    names.contains("AccountClosed")));
        }
        return folds;
    }

    /**
     * The service made its reply topic at start and sent its reactor's first commands at once; the processor,
     * which had not listed that topic yet, looked it up rather than answer on the shared topic, so no command
     * waited out its reply timeout.
     */
    private static void itsCommandsWereAnsweredOnItsOwnTopicFromTheFirst(QuarkusService service) throws IOException {
        assertThat(Files.readAllLines(service.log()))
                .as("the generated service's log: no command of its reactor went unanswered")
                .noneMatch(line -> line.contains("NoAnswerException: no answer to"));
    }

    private static String tail(Path log) throws IOException {
        List<String> lines = Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }

    private static void deleteRecursively(Path directory) throws IOException {
        if (!Files.exists(directory)) {
            return;
        }
        try (var paths = Files.walk(directory)) {
            paths.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }
}
