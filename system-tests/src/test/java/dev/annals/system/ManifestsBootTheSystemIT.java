package dev.annals.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.annals.deploy.RenderedOverlays;
import dev.annals.devstack.Devstack;
import dev.annals.devstack.DevstackConfig;
import dev.annals.devstack.auth.JwksServer;
import dev.annals.devstack.auth.TokenIssuer;
import dev.annals.devstack.process.FreePort;
import dev.annals.devstack.service.ServiceCatalog;
import dev.annals.system.manifests.ManifestDeployment;
import dev.annals.system.support.Http;
import dev.annals.system.support.Summary;
import dev.annals.system.support.TraceCollector;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The dev overlay boots the system. Its rendered objects are all there is: devstack's Kafka (SCRAM, ACLs
 * enforced) and PostgreSQL get the users, ACLs and topics of its KafkaUsers and KafkaTopics and the database,
 * roles and grants of its Cluster, as the operators would make them (devstack's own users, roles and grants are
 * replaced); each service jar runs with exactly the environment, files and arguments its Deployment gives the
 * container. The substitutions, and only these: the in-cluster addresses of Kafka and PostgreSQL become
 * devstack's, the token issuer of ConfigMap annals-auth becomes devstack's, the cluster's OpenTelemetry Collector a
 * stand-in of the test's, and the container's paths the process's directories. The issuer's signing keys are
 * fetched over the network, from devstack's key set on loopback, which the overlay's cluster-addresses.yaml names
 * as the identity provider the way a user names theirs; a service gets that address only if the rendered
 * NetworkPolicies let its pods reach it (else an address where nothing answers, as a cluster drops the
 * connection, and every call is 401). Then a command flows through to a query that waits with its consistency
 * token.
 */
@Order(9)
class ManifestsBootTheSystemIT {

    private static final Path OUTPUT = Path.of("target", "system-tests", "manifests");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CLUSTER_ADDRESSES = "overlays/dev/cluster-addresses.yaml";

    private static Devstack devstack;
    private static ManifestDeployment deployment;
    private static TraceCollector collector;
    private static JwksServer keys;

    @BeforeAll
    static void bootTheDevOverlay() throws Exception {
        Path repository = ServiceCatalog.repositoryAround(Path.of("")).orElseThrow();
        for (int port : List.of(8081, 8082, 8083, 8084, 9081, 9082, 9083, 9084)) {
            assertThat(FreePort.isFree(port)).as("port %d, which the manifests' containers listen on, is taken:"
                    + " stop what runs there (a demo?)", port).isTrue();
        }
        collector = TraceCollector.start();
        devstack = Devstack.start(DevstackConfig.forTests().withKafkaScram(true));
        keys = JwksServer.start(devstack.endpoints().tokens());
        List<Map<String, Object>> objects = RenderedOverlays.render(repository.resolve("deploy"), "overlays/dev",
                Map.of(CLUSTER_ADDRESSES, identityProviderAt(repository, keys)));
        deployment = ManifestDeployment.start(devstack, objects, repository, Duration.ofMinutes(3),
                collector.endpoint(), keys);
    }

    /** The dev overlay's cluster-addresses.yaml, its identity provider set to {@code keys}' address and port. */
    @SuppressWarnings("unchecked")
    private static String identityProviderAt(Path repository, JwksServer keys) throws IOException {
        YAMLMapper yaml = new YAMLMapper();
        Map<String, Object> addresses = yaml.readValue(repository.resolve("deploy").resolve(CLUSTER_ADDRESSES)
                .toFile(), Map.class);
        Map<String, Object> provider = (Map<String, Object>) addresses.get("identityProvider");
        provider.put("to", List.of(Map.of("ipBlock", Map.of("cidr", keys.address() + "/32"))));
        provider.put("port", keys.port());
        return yaml.writeValueAsString(addresses);
    }

    @AfterAll
    static void stop() {
        try {
            if (deployment != null) {
                deployment.keepLogs(OUTPUT.resolve("logs"));
                deployment.close();
            }
        } finally {
            if (devstack != null) {
                devstack.close();
            }
            if (collector != null) {
                collector.close();
            }
            if (keys != null) {
                keys.close();
            }
        }
    }

    @Test
    void a_command_flows_through_to_a_query_with_its_consistency_token() throws Exception {
        TokenIssuer tokens = devstack.endpoints().tokens();
        String caller = "ann";
        Http http = new Http(new Summary(), "Bearer " + tokens.token(caller, Set.of("customer"), Duration.ofMinutes(10)));
        String commands = deployment.url("command-service", "http");
        String queries = deployment.url("query-service", "http");
        String account = "acc-" + UUID.randomUUID();
        Map<String, String> json = Map.of("Content-Type", "application/json");

        Http.Answer opened = http.post(commands + "/api/bank-account/" + account + "/open",
                "{\"owner\":\"" + caller + "\"}", json);
        assertThat(opened.status()).as("%s", opened).isBetween(200, 201);
        Http.Answer deposited = http.post(commands + "/api/bank-account/" + account + "/deposit",
                "{\"amount\":100}", json);
        assertThat(deposited.status()).as("%s", deposited).isEqualTo(200);
        String token = deposited.header("Annals-Consistency-Token").orElseThrow();

        Http.Answer read = http.get(queries + "/api/bank/accounts/" + account,
                Map.of("Annals-Consistency-Token", token));
        assertThat(read.status()).as("%s", read).isEqualTo(200);
        JsonNode balance = JSON.readTree(read.body());
        assertThat(balance.path("balance").decimalValue()).isEqualByComparingTo("100");
        assertThat(balance.path("version").asLong()).isEqualTo(2);
    }

    @Test
    void payment_service_takes_an_orders_payment_on_its_own() throws Exception {
        TokenIssuer tokens = devstack.endpoints().tokens();
        Http http = new Http(new Summary(), "Bearer " + tokens.token("ann", Set.of("customer"), Duration.ofMinutes(10)));
        String commands = deployment.url("command-service", "http");
        String queries = deployment.url("query-service", "http");
        Map<String, String> json = Map.of("Content-Type", "application/json");
        Http.Answer created = http.post(commands + "/api/food-order/create",
                "{\"userId\":\"ann\",\"restaurantId\":\"pizzeria\",\"items\":{\"margherita\":1}}", json);
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        String order = created.header("Location").orElseThrow().replaceAll(".*/", "");
        Http.Answer initiated = http.post(commands + "/api/food-order/" + order + "/initiate-payment",
                "{\"paymentData\":\"card ending 4242\"}", json);
        assertThat(initiated.status()).as("%s", initiated).isEqualTo(200);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Http.Answer history = http.get(queries + "/api/food-order/" + order + "/events", Map.of());
            assertThat(history.status()).as("%s", history).isEqualTo(200);
            JsonNode items = JSON.readTree(history.body()).path("items");
            assertThat(items.size()).isEqualTo(3);
            assertThat(items.get(2).path("type").asText()).isEqualTo("PaymentConfirmed");
            assertThat(items.get(2).path("principal").asText()).isEqualTo("payment-service");
        });
    }

    @Test
    void every_service_exports_its_spans_and_logs_json() throws Exception {
        TokenIssuer tokens = devstack.endpoints().tokens();
        Http http = new Http(new Summary(), "Bearer " + tokens.token("ann", Set.of("customer"), Duration.ofMinutes(10)));
        String account = "traced-" + UUID.randomUUID();
        assertThat(http.post(deployment.url("command-service", "http") + "/api/bank-account/" + account + "/open",
                "{\"owner\":\"ann\"}", Map.of("Content-Type", "application/json")).status()).isBetween(200, 201);
        assertThat(http.get(deployment.url("query-service", "http") + "/api/bank/accounts/" + account, Map.of())
                .status()).isBetween(200, 404);
        await("every service's spans at the collector its properties name").atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(collector.services()).containsAll(deployment.serviceNames()));

        List<JsonNode> logged = new ArrayList<>();
        for (Path log : deployment.logs()) {
            List<String> lines = Files.readAllLines(log);
            // the JVM's own notes (Picked up JAVA_TOOL_OPTIONS…) are not Quarkus's log
            List<JsonNode> entries = lines.stream().filter(line -> line.startsWith("{")).map(line -> {
                try {
                    return JSON.readTree(line);
                } catch (IOException e) {
                    throw new AssertionError(log + ": not a JSON log line: " + line, e);
                }
            }).toList();
            assertThat(entries).as("%s: Quarkus logs in JSON", log).isNotEmpty().allSatisfy(entry -> {
                assertThat(entry.path("message").isTextual()).isTrue();
                assertThat(entry.path("level").isTextual()).isTrue();
            });
            logged.addAll(entries);
            assertThat(lines).as("%s: no plain-text log line", log).noneMatch(line ->
                    line.matches("^\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2},\\d{3} +(INFO|WARN|ERROR|DEBUG) .*"));
        }
        // a line logged while a request is traced carries its trace (command-service's health checks while its
        // processor starts, for one)
        assertThat(logged).as("trace and span ids in a log line's MDC").anySatisfy(entry -> {
            assertThat(entry.path("mdc").path("traceId").asText()).matches("[0-9a-f]{32}");
            assertThat(entry.path("mdc").path("spanId").asText()).matches("[0-9a-f]{16}");
        });
    }

    @Test
    void no_service_was_given_a_configuration_key_it_does_not_know() throws Exception {
        for (Path log : deployment.logs()) {
            assertThat(Files.readAllLines(log)).as("%s", log)
                    .noneMatch(line -> line.contains("Unrecognized configuration key"));
        }
    }
}
