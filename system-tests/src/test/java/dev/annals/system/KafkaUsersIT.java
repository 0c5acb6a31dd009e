package dev.annals.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.devstack.Devstack;
import dev.annals.devstack.DevstackConfig;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.kafka.KafkaAcls;
import dev.annals.devstack.kafka.KafkaBroker;
import dev.annals.devstack.kafka.KafkaUsers;
import dev.annals.devstack.process.FreePort;
import dev.annals.devstack.service.QuarkusService;
import dev.annals.devstack.service.ServiceCatalog;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * command-service and projection-service on a broker with SCRAM and the authorizer, each under its own user with
 * exactly the ACLs of security/kafka-acls.json: both start (command-service creates its topics), a command goes
 * through the processor's transaction, and the projections apply it. The rest of the system tests do not run this
 * way yet (docs/security.md).
 */
@Order(8)
class KafkaUsersIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<String> TYPES = List.of("bank-account", "cart", "food-order", "order-book");

    @Test
    void theServicesWorkUnderTheirOwnUsersWithOnlyTheirAcls() throws Exception {
        Path repository = ServiceCatalog.repositoryAround(Path.of("")).orElseThrow();
        // devstack for the database and the token issuer; the services' Kafka is a broker with SCRAM
        try (KafkaBroker broker = KafkaBroker.start(new KafkaBroker.Settings(Optional.empty(), 0, 0, "384m",
                List.of(), Map.of(), Duration.ofSeconds(120), true));
             Devstack devstack = Devstack.start(DevstackConfig.forTests())) {
            Endpoints endpoints = devstack.endpoints();
            KafkaUsers users = KafkaUsers.create(broker.bootstrapServers(),
                    broker.scramBootstrapServers().orElseThrow(), KafkaAcls.forTypes(TYPES));
            try (QuarkusService commands = start(repository, "command-service", endpoints, users);
                 QuarkusService projections = start(repository, "projection-service", endpoints, users)) {
                String account = "kafka-users-" + Long.toHexString(System.nanoTime());
                String teller = bearer(endpoints, "tess", "teller");
                assertThat(post(commands.baseUrl() + "/api/bank-account/" + account + "/open", "{\"owner\":\"ann\"}",
                        teller).statusCode()).isEqualTo(200);
                assertThat(post(commands.baseUrl() + "/api/bank-account/" + account + "/deposit", "{\"amount\":7}",
                        teller).statusCode()).isEqualTo(200);

                String admin = bearer(endpoints, "root", "admin");
                await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                    JsonNode status = JSON.readTree(get(projections.baseUrl()
                            + "/admin/projections/bank-accounts", admin).body());
                    assertThat(status.path("state").asText()).isEqualTo("RUNNING");
                    long applied = 0;
                    for (JsonNode partition : status.path("partitions")) {
                        applied += partition.path("checkpoint").asLong();
                    }
                    assertThat(applied).as("events the projection applied").isGreaterThanOrEqualTo(2);
                    assertThat(status.path("lag").asLong()).isZero();
                });
            }
        }
    }

    private static QuarkusService start(Path repository, String name, Endpoints endpoints, KafkaUsers users) {
        ServiceCatalog.Service service = ServiceCatalog.named(name);
        Map<String, String> config = new LinkedHashMap<>(service.config(endpoints));
        // the shared client settings of the service's own user, on the SCRAM listener
        users.clientConfig(name).forEach((key, value) -> config.put("kafka." + key, value));
        return QuarkusService.start(new QuarkusService.Settings(name, service.runJar(repository).orElseThrow(),
                FreePort.orPick(0), config, "384m", Duration.ofSeconds(120)));
    }

    private static String bearer(Endpoints endpoints, String subject, String role) {
        return "Bearer " + endpoints.tokens().token(subject, Set.of(role), Duration.ofMinutes(10));
    }

    private static HttpResponse<String> post(String url, String json, String authorization) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, String authorization) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(20))
                .header("Authorization", authorization).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
