package dev.annals.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.core.envelope.EventHeaders;
import dev.annals.devstack.Credentials;
import dev.annals.devstack.Devstack;
import dev.annals.devstack.DevstackConfig;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.kafka.KafkaUsers;
import dev.annals.devstack.process.FreePort;
import dev.annals.devstack.service.QuarkusService;
import dev.annals.devstack.service.ServiceCatalog;
import dev.annals.system.support.Topics;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a service does when Kafka refuses it: a wrong password, an ACL missing from security/kafka-acls.json. Each
 * refusal must show — readiness or liveness down, a log line that names it, a request answered with a problem in
 * bounded time — never a service that looks fine and does nothing, or a request that hangs; and once the right is
 * back, nothing that was accepted is lost. Its own devstack with the services' Kafka users, since the tests take
 * ACLs away (the rest of the system tests run on the same kind of broker, see {@code TheSystem}).
 */
@Order(8)
class KafkaRefusalsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    /** Longer than any refusal takes to show; a service still "fine" after it has hidden one. */
    private static final Duration VISIBLE_WITHIN = Duration.ofSeconds(60);

    private static Devstack devstack;
    private static Path repository;
    private static QuarkusService commands;

    @BeforeAll
    static void startDevstackAndCommandService() {
        repository = ServiceCatalog.repositoryAround(Path.of("")).orElseThrow();
        devstack = Devstack.start(DevstackConfig.forTests().withKafkaScram(true));
        // a command-service with its own user and every ACL of the file: it creates the topics the others need
        commands = QuarkusService.start(settings("command-service", config("command-service")));
    }

    @AfterAll
    static void stop() {
        try {
            if (commands != null) {
                commands.close();
            }
        } finally {
            devstack.close();
        }
    }

    @Test
    void aWrongPasswordKeepsCommandServiceUnreadyAndSaysWhy() throws Exception {
        Map<String, String> config = config("command-service");
        KafkaUsers.clientConfig(endpoints().kafkaUsers().orElseThrow().bootstrapServers(),
                        new Credentials("command-service", "not-the-password"))
                .forEach((key, value) -> config.put("kafka." + key, value));
        try (QuarkusService impostor = QuarkusService.launch(settings("command-service-wrong-password", config))) {
            await().atMost(VISIBLE_WITHIN).untilAsserted(() ->
                    assertThat(log(impostor)).contains("SaslAuthenticationException"));
            assertThat(readiness(impostor)).as("readiness of a service Kafka does not let in").isNotEqualTo(200);
        }
    }

    @Test
    void aProcessorRefusedItsEventsTopicAnswersInTimeAndLosesNothing() throws Exception {
        String account = "refused-" + Long.toHexString(System.nanoTime());
        String teller = bearer("tess", "teller");
        assertThat(post("/api/bank-account/" + account + "/open", "{\"owner\":\"ann\"}", teller).statusCode())
                .isEqualTo(200);
        AclBinding write = allow("command-service", "annals.bank-account.events", AclOperation.WRITE);
        revoke(write);
        try {
            HttpResponse<String> refused = post("/api/bank-account/" + account + "/deposit", "{\"amount\":5}",
                    teller);
            assertThat(refused.statusCode()).as("a command whose events Kafka refuses: %s", refused.body())
                    .isBetween(500, 599);
            assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(type ->
                    assertThat(type).startsWith("application/problem+json"));
            await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
                assertThat(log(commands)).contains("TopicAuthorizationException");
                assertThat(readiness(commands)).as("readiness while the processor cannot write").isNotEqualTo(200);
            });
        } finally {
            grant(write);
        }
        // the refused command was never acknowledged, and it is not lost either: it is decided once the right is back
        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> assertThat(readiness(commands)).isEqualTo(200));
        Topics topics = new Topics(endpoints().kafkaBootstrapServers());
        await().atMost(VISIBLE_WITHIN).untilAsserted(() -> assertThat(topics.readAll("annals.bank-account.events")
                .stream().filter(event -> account.equals(new String(event.key(), StandardCharsets.UTF_8))).count())
                .as("events of the account: opened, and the deposit decided after the refusal").isEqualTo(2));
    }

    @Test
    void aProjectionRefusedItsEventsTopicFailsVisiblyWhileTheOthersRun() throws Exception {
        // both rights taken away: without DESCRIBE the topic looks like one that does not exist yet
        AclBinding read = allow("projection-service", "annals.bank-account.events", AclOperation.READ);
        AclBinding describe = allow("projection-service", "annals.bank-account.events", AclOperation.DESCRIBE);
        revoke(read, describe);
        try (QuarkusService projections = QuarkusService.start(settings("projection-service",
                config("projection-service")))) {
            String admin = bearer("root", "admin");
            await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
                JsonNode status = status(projections, "bank-accounts", admin);
                assertThat(status.path("state").asText()).as("bank-accounts: %s", status).isEqualTo("FAILED");
                assertThat(status.path("lastError").path("message").asText())
                        .contains("TopicAuthorizationException");
                assertThat(liveness(projections)).as("liveness with a projection that cannot read").isEqualTo(503);
                assertThat(log(projections)).contains("TopicAuthorizationException")
                        .contains("annals.bank-account.events");
            });
            assertThat(status(projections, "carts", admin).path("state").asText())
                    .as("a projection of another type's events").isEqualTo("RUNNING");
        } finally {
            grant(read, describe);
        }
    }

    /**
     * The reactors' reply reader refused its topic: it does not end (every later command would go unanswered for
     * ever, sent again and again, the service looking fine); liveness goes down once past its grace, the log names
     * it, and once the right is back the reader reads again and the payment made meanwhile is decided.
     */
    @Test
    void aReactorRefusedItsReplyTopicIsNotLiveAndReadsAgainOnceAllowed() throws Exception {
        Map<String, String> config = config("payment-service");
        config.put("annals.reactor.reply-reader-grace", "5s");
        try (QuarkusService payments = QuarkusService.start(settings("payment-service", config))) {
            AclBinding read = allow("payment-service", "annals.replies.payment-service", AclOperation.READ);
            revoke(read);
            String order = "refused-replies-" + Long.toHexString(System.nanoTime());
            try {
                await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
                    assertThat(log(payments)).contains("reply reader").contains("annals.replies.payment-service")
                            .contains("TopicAuthorizationException");
                    assertThat(liveness(payments)).as("liveness of a reactor that cannot read its answers")
                            .isEqualTo(503);
                });
                String ann = bearer("ann", "customer");
                assertThat(post("/api/food-order/" + order + "/create",
                        "{\"userId\":\"ann\",\"restaurantId\":\"pizzeria\",\"items\":{\"margherita\":1}}", ann)
                        .statusCode() / 100).isEqualTo(2);
                assertThat(post("/api/food-order/" + order + "/initiate-payment",
                        "{\"paymentData\":\"card ending 4242\"}", ann).statusCode() / 100).isEqualTo(2);
            } finally {
                grant(read);
            }
            String admin = bearer("root", "admin");
            await().atMost(VISIBLE_WITHIN).untilAsserted(() -> {
                assertThat(liveness(payments)).as("liveness once the reader reads again").isEqualTo(200);
                // its command's answer read at last: the reactor goes on, no longer sending it again and again
                assertThat(status(payments, "payments", admin).path("state").asText()).isEqualTo("RUNNING");
                assertThat(paymentEvents(order)).as("the payment made while the answers were refused")
                        .containsExactly("PaymentInitiated", "PaymentConfirmed");
            });
        }
    }

    /** The payment events of a food order, in the order of its log. */
    private static List<String> paymentEvents(String order) {
        List<String> events = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : new Topics(endpoints().kafkaBootstrapServers())
                .readAll("annals.food-order.events")) {
            var type = record.headers().lastHeader(EventHeaders.TYPE);
            if (order.equals(new String(record.key(), StandardCharsets.UTF_8)) && type != null) {
                String name = new String(type.value(), StandardCharsets.UTF_8).replace("food-order.", "");
                if (name.startsWith("Payment")) {
                    events.add(name);
                }
            }
        }
        return events;
    }

    private static Endpoints endpoints() {
        return devstack.endpoints();
    }

    private static Map<String, String> config(String service) {
        return new LinkedHashMap<>(ServiceCatalog.named(service).config(endpoints()));
    }

    private static QuarkusService.Settings settings(String name, Map<String, String> config) {
        String module = name.startsWith("command-service") ? "command-service" : name;
        return new QuarkusService.Settings(name, ServiceCatalog.named(module).runJar(repository).orElseThrow(),
                FreePort.orPick(0), config, "384m", Duration.ofSeconds(120));
    }

    private static AclBinding allow(String user, String topic, AclOperation operation) {
        return new AclBinding(new ResourcePattern(ResourceType.TOPIC, topic, PatternType.LITERAL),
                new AccessControlEntry("User:" + user, "*", operation, AclPermissionType.ALLOW));
    }

    private static void revoke(AclBinding... bindings) throws Exception {
        try (Admin admin = superUser()) {
            admin.deleteAcls(Arrays.stream(bindings).map(AclBinding::toFilter).toList()).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    private static void grant(AclBinding... bindings) throws Exception {
        try (Admin admin = superUser()) {
            admin.createAcls(List.of(bindings)).all().get(30, TimeUnit.SECONDS);
        }
    }

    private static Admin superUser() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints().kafkaBootstrapServers()));
    }

    private static String log(QuarkusService service) throws IOException {
        return Files.exists(service.log()) ? Files.readString(service.log()) : "";
    }

    private static int readiness(QuarkusService service) {
        return status(service.managementUrl() + "/q/health/ready");
    }

    private static int liveness(QuarkusService service) {
        return status(service.managementUrl() + "/q/health/live");
    }

    /** The status of a GET, or -1 if nothing answers. */
    private static int status(String url) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).GET().build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode status(QuarkusService projections, String projection, String authorization)
            throws Exception {
        HttpResponse<String> status = HTTP.send(HttpRequest.newBuilder(URI.create(projections.managementUrl()
                        + "/admin/projections/" + projection)).timeout(Duration.ofSeconds(10))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(status.body());
    }

    private static String bearer(String subject, String role) {
        return "Bearer " + endpoints().tokens().token(subject, Set.of(role), Duration.ofMinutes(10));
    }

    /** A command to the well-configured command-service; its reply timeout bounds the wait. */
    private static HttpResponse<String> post(String path, String json, String authorization) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(commands.baseUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
