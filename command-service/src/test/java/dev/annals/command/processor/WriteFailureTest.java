package dev.annals.command.processor;

import dev.annals.command.testing.EventLog;
import dev.annals.core.topic.Topics;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.SharedInfrastructure;
import dev.annals.devstack.testing.TestTokens;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.common.utils.Utils;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Records Kafka refuses although the processor's own limits let them through — a topic whose
 * {@code max.message.bytes} an operator set below them. The refusal surfaces at send or commit, outside the
 * command handler, and used to kill the stream thread over and over on the same command. Now the command is
 * answered as failed (500 {@code WRITE_FAILED}, not a 504), nothing of it is written, and the partition goes on.
 */
@QuarkusTest
@TestProfile(WriteFailureTest.PatientClients.class)
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class WriteFailureTest {

    private static final int PARTITIONS = 6; // annals.topics.partitions

    /** A thread replacement means a rebalance; the clients here wait for it rather than time out. */
    public static class PatientClients implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("annals.gateway.reply-timeout", "60s");
        }
    }

    @Inject
    CommandProcessor processor;

    @Inject
    ProcessorConfig config;

    @Test
    void an_event_kafka_refuses_fails_its_command_and_the_partition_goes_on() {
        String topic = Topics.events("tally");
        String big = "tally-" + UUID.randomUUID();
        String next = onePartitionWith(big);
        withMaxMessageBytes(topic, 2_000, () -> {
            ExtractableResponse<Response> failed = post("/api/tally/" + big + "/start",
                    "{\"name\":\"" + "n".repeat(3_000) + "\"}");

            assertProblem(failed, 500, "WRITE_FAILED");
            assertThat(failed.jsonPath().getString("detail")).contains("RecordTooLargeException");
            assertThat(post("/api/tally/" + next + "/start", "{\"name\":\"small\"}").statusCode())
                    .as("the next command on the same partition").isEqualTo(200);
            assertThat(EventLog.of("tally", big)).as("nothing of the failed command").isEmpty();
            assertThat(EventLog.of("tally", next)).hasSize(1);
        });
        awaitReady();
    }

    @Test
    void a_snapshot_kafka_refuses_fails_the_command_that_grew_it_and_the_partition_goes_on() {
        String cart = "cart-" + UUID.randomUUID();
        String topic = Topics.aggregateChangelog(config.applicationId(), "cart");
        assertThat(post("/api/cart/" + cart + "/create", "{\"customerId\":\"" + TestTokens.DEFAULT_CALLER + "\"}")
                .statusCode()).isEqualTo(200);
        withMaxMessageBytes(topic, 3_000, () -> {
            ExtractableResponse<Response> failed = null;
            int lines = 0;
            while (failed == null && lines < 60) { // about 20 lines of 100-character skus pass 3,000 bytes
                ExtractableResponse<Response> added = post("/api/cart/" + cart + "/add-item",
                        "{\"sku\":\"" + sku(lines) + "\",\"quantity\":1,\"unitPrice\":1}");
                if (added.statusCode() == 200) {
                    lines++;
                } else {
                    failed = added;
                }
            }
            assertThat(failed).as("a refusal before 60 lines").isNotNull();
            assertProblem(failed, 500, "WRITE_FAILED");
            assertThat(failed.jsonPath().getLong("version")).isEqualTo(lines + 1);
            assertThat(EventLog.of("cart", cart)).hasSize(lines + 1);

            ExtractableResponse<Response> removed = post("/api/cart/" + cart + "/remove-item",
                    "{\"sku\":\"" + sku(0) + "\"}");
            assertThat(removed.statusCode()).as(removed.asString()).isEqualTo(200);
            assertThat(removed.jsonPath().getLong("version")).isEqualTo(lines + 2);
        });
        awaitReady();
    }

    @Test
    void an_unreadable_command_too_large_for_the_dead_letter_topic_is_dead_lettered_without_its_value() {
        String topic = Topics.deadLetter(CommandTopology.DEAD_LETTER_CONSUMER);
        String garbage = "tally-" + UUID.randomUUID();
        String next = onePartitionWith(garbage);
        withMaxMessageBytes(topic, 1_000, () -> {
            try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, SharedInfrastructure.endpoints().kafkaBootstrapServers()),
                    new StringSerializer(), new ByteArraySerializer())) {
                producer.send(new ProducerRecord<>(Topics.commands("tally"), garbage,
                        "x".repeat(3_000).getBytes(StandardCharsets.UTF_8)));
            }
            assertThat(post("/api/tally/" + next + "/start", "{\"name\":\"after\"}").statusCode())
                    .as("the next command on the same partition").isEqualTo(200);
        });
        List<ConsumerRecord<String, byte[]>> letters = EventLog.records(topic).stream()
                .filter(letter -> garbage.equals(letter.key())).toList();
        assertThat(letters).singleElement().satisfies(letter -> {
            assertThat(letter.value()).isNull();
            assertThat(letter.headers().lastHeader(CommandHandler.ERROR_HEADER)).isNotNull();
            assertThat(new String(letter.headers().lastHeader(CommandHandler.SOURCE_HEADER).value(),
                    StandardCharsets.UTF_8)).startsWith(Topics.commands("tally") + "-");
        });
        awaitReady();
    }

    private void awaitReady() {
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.state() == KafkaStreams.State.RUNNING
                && processor.activeTasks() > 0);
    }

    private static String sku(int line) {
        return String.format("%03d", line) + "s".repeat(97);
    }

    /** A new id whose commands land on the same partition as {@code id}'s. */
    private static String onePartitionWith(String id) {
        while (true) {
            String other = "tally-" + UUID.randomUUID();
            if (partition(other) == partition(id)) {
                return other;
            }
        }
    }

    private static int partition(String id) {
        return Utils.toPositive(Utils.murmur2(id.getBytes(StandardCharsets.UTF_8))) % PARTITIONS;
    }

    /** Runs {@code body} while the topic refuses records larger than {@code bytes}, then sets it back. */
    private static void withMaxMessageBytes(String topic, int bytes, Runnable body) {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                SharedInfrastructure.endpoints().kafkaBootstrapServers()))) {
            alter(admin, resource, new AlterConfigOp(new ConfigEntry("max.message.bytes", Integer.toString(bytes)),
                    AlterConfigOp.OpType.SET));
            try {
                body.run();
            } finally {
                alter(admin, resource, new AlterConfigOp(new ConfigEntry("max.message.bytes", ""),
                        AlterConfigOp.OpType.DELETE));
            }
        }
    }

    private static void alter(Admin admin, ConfigResource resource, AlterConfigOp op) {
        try {
            admin.incrementalAlterConfigs(Map.of(resource, List.of(op))).all().get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException("cannot change " + resource, e);
        }
    }

    private static void assertProblem(ExtractableResponse<Response> response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("code")).isEqualTo(code);
    }

    private static ExtractableResponse<Response> post(String path, String json) {
        return RestAssured.given().contentType("application/json").body(json).post(path).then().extract();
    }
}
