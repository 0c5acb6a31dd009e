package dev.annals.kafka;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class KafkaClientsTest {

    private static final Map<String, Object> KAFKA = Map.of(
            "bootstrap.servers", "broker-0:9093",
            "security.protocol", "SASL_SSL",
            "sasl.mechanism", "SCRAM-SHA-512",
            "group.id", "command-service");

    @Test
    void every_client_gets_the_shared_settings_and_its_own_on_top() {
        KafkaClients clients = KafkaClients.of(KAFKA, "command-service");

        Map<String, Object> producer = clients.config("gateway-producer", Map.of("acks", "all",
                "security.protocol", "SSL"));

        assertThat(producer).containsEntry("bootstrap.servers", "broker-0:9093")
                .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
                .containsEntry("acks", "all")
                .containsEntry("security.protocol", "SSL")
                .containsEntry("client.id", "command-service-gateway-producer");
    }

    @Test
    void a_group_id_is_never_shared() {
        assertThat(KafkaClients.of(KAFKA, "svc").config("admin", Map.of())).doesNotContainKey("group.id");
    }

    @Test
    void kafka_client_id_is_the_prefix_of_every_client_id() {
        KafkaClients clients = KafkaClients.of(Map.of("bootstrap.servers", "b:9092", "client.id", "tenant-7"), "svc");

        assertThat(clients.clientId("topic-admin")).isEqualTo("tenant-7-topic-admin");
        assertThat(clients.streams("processor", Map.of("application.id", "p")))
                .containsEntry("client.id", "tenant-7-processor").containsEntry("bootstrap.servers", "b:9092");
    }

    @Test
    void without_bootstrap_servers_it_says_which_key_is_missing() {
        assertThatThrownBy(() -> KafkaClients.of(Map.of("security.protocol", "SSL"), "svc"))
                .hasMessageContaining("kafka.bootstrap.servers");
    }
}
