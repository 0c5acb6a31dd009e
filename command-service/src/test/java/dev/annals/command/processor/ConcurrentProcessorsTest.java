package dev.annals.command.processor;

import dev.annals.command.testing.EventLog;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.devstack.testing.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.processor.TaskId;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

import static dev.annals.command.testing.Api.BANK;
import static dev.annals.command.testing.Api.command;
import static dev.annals.command.testing.Api.send;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two processor instances (the service's and a second Kafka Streams instance with its own state directory, as a
 * second replica would run) share the partitions; concurrent clients must not lose a single update.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class ConcurrentProcessorsTest {

    private static final int PARTITIONS = 6; // annals.topics.partitions

    @Inject
    CommandProcessor processor;

    private KafkaStreams second;
    private Path secondState;

    @BeforeEach
    void startASecondInstance() throws Exception {
        secondState = Files.createTempDirectory("second-processor-");
        second = processor.newInstance(secondState);
        second.start();
        await().atMost(Duration.ofSeconds(90)).until(() -> second.state() == KafkaStreams.State.RUNNING
                && processor.state() == KafkaStreams.State.RUNNING
                && CommandProcessor.activeTasks(second) > 0 && processor.activeTasks() > 0
                && CommandProcessor.activeTasks(second) + processor.activeTasks() == allTasks());
    }

    @AfterEach
    void stopIt() {
        second.close(Duration.ofSeconds(10));
        second.cleanUp();
        await().atMost(Duration.ofSeconds(90)).until(() -> processor.state() == KafkaStreams.State.RUNNING
                && processor.activeTasks() == allTasks());
    }

    @Test
    void concurrent_deposits_through_two_instances_lose_no_update() throws Exception {
        List<String> accounts = accountsOnEveryPartition(10);
        assertThat(partitionsOf(second)).isNotEmpty();
        for (String account : accounts) {
            assertThat(command(account, "open", "{\"owner\":\"ann\"}").statusCode()).isEqualTo(200);
        }
        int clients = 8;
        int depositsEach = 250;
        Map<Integer, Integer> statuses = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int client = 0; client < clients; client++) {
                int first = client;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < depositsEach; i++) {
                        String account = accounts.get((first + i) % accounts.size());
                        statuses.merge(send(account, "deposit", "{\"amount\":1}").statusCode(), 1, Integer::sum);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(statuses).containsExactly(Map.entry(200, clients * depositsEach));
        long perAccount = (long) clients * depositsEach / accounts.size();
        Map<String, List<EventEnvelope>> log = EventLog.read(BANK).stream()
                .filter(event -> accounts.contains(event.aggregateId()))
                .collect(Collectors.groupingBy(EventEnvelope::aggregateId, TreeMap::new, Collectors.toList()));
        for (String account : accounts) {
            List<EventEnvelope> events = log.get(account);
            assertThat(events).extracting(EventEnvelope::aggregateVersion)
                    .containsExactlyElementsOf(range(1, perAccount + 1));
            // the processor's own state agrees: exactly the balance can be withdrawn, one more cannot
            assertThat(command(account, "withdraw", "{\"amount\":" + (perAccount + 1) + "}").statusCode())
                    .isEqualTo(409);
            ExtractableResponse<Response> all = command(account, "withdraw", "{\"amount\":" + perAccount + "}");
            assertThat(all.statusCode()).isEqualTo(200);
            assertThat(all.jsonPath().getLong("version")).isEqualTo(perAccount + 2);
        }
    }

    @Test
    void concurrent_withdrawals_never_drive_a_balance_negative() throws Exception {
        String account = "withdrawals-" + UUID.randomUUID();
        command(account, "open", "{\"owner\":\"ann\"}");
        command(account, "deposit", "{\"amount\":100}");
        Map<String, Integer> outcomes = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int client = 0; client < 8; client++) {
                done.add(pool.submit(() -> {
                    for (int i = 0; i < 30; i++) {
                        HttpResponse<String> answer = send(account, "withdraw", "{\"amount\":1}");
                        String outcome = answer.statusCode() == 200 ? "accepted"
                                : answer.statusCode() + " " + answer.body().replaceAll(".*\"code\":\"([A-Z_]+)\".*", "$1");
                        outcomes.merge(outcome, 1, Integer::sum);
                    }
                }));
            }
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(outcomes).containsOnly(Map.entry("accepted", 100), Map.entry("409 INSUFFICIENT_FUNDS", 140));
        long balance = 0;
        for (EventEnvelope event : EventLog.of(BANK, account)) {
            String data = new String(event.data(), StandardCharsets.UTF_8);
            long amount = data.contains("amount") ? Long.parseLong(data.replaceAll("\\D", "")) : 0;
            balance += event.eventType().equals("MoneyWithdrawn") ? -amount : amount;
            assertThat(balance).as("balance after version %d", event.aggregateVersion()).isNotNegative();
        }
        assertThat(balance).isZero();
    }

    /** One task per partition of each type's commands topic. */
    private int allTasks() {
        return processor.topology().describe().subtopologies().size() * PARTITIONS;
    }

    /** Account ids whose commands land on every partition, so both instances have work. */
    private static List<String> accountsOnEveryPartition(int count) {
        List<String> ids = new ArrayList<>();
        Set<Integer> covered = new HashSet<>();
        while (ids.size() < count) {
            String id = "shared-" + UUID.randomUUID();
            int partition = Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
            if (covered.add(partition) || covered.size() == PARTITIONS) {
                ids.add(id);
            }
        }
        return ids;
    }

    private static List<Long> range(long from, long toInclusive) {
        List<Long> values = new ArrayList<>();
        for (long value = from; value <= toInclusive; value++) {
            values.add(value);
        }
        return values;
    }

    /** The partitions whose commands a Kafka Streams instance processes now. */
    private static Set<Integer> partitionsOf(KafkaStreams instance) {
        return instance.metadataForLocalThreads().stream()
                .flatMap(thread -> thread.activeTasks().stream())
                .map(task -> task.taskId())
                .map(TaskId::partition)
                .collect(Collectors.toSet());
    }
}
