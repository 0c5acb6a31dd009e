package dev.annals.command.topics;

import dev.annals.core.topic.Topics;
import dev.annals.devstack.Endpoints;
import dev.annals.kafka.KafkaClients;
import dev.annals.devstack.testing.DevstackExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

@ExtendWith(DevstackExtension.class)
public class TopicProvisionerTest {

    private final String type = "provision-" + UUID.randomUUID().toString().substring(0, 8);

    @Test
    void topics_are_created_co_partitioned_with_their_policies_and_creating_again_is_harmless(Endpoints endpoints)
            throws Exception {
        TopicsConfig three = config(3);
        TopicProvisioner.provision(kafka(endpoints),
                TopicProvisioner.commandSideTopics(List.of(type), three), three);
        TopicProvisioner.provision(kafka(endpoints),
                TopicProvisioner.commandSideTopics(List.of(type), three), three);

        try (Admin admin = admin(endpoints)) {
            var described = admin.describeTopics(List.of(Topics.commands(type), Topics.events(type)))
                    .allTopicNames().get();
            assertThat(described.values()).allSatisfy(topic -> assertThat(topic.partitions()).hasSize(3));
            Config events = config(admin, Topics.events(type));
            assertThat(events.get("retention.ms").value()).isEqualTo("-1");
            assertThat(events.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(config(admin, Topics.commands(type)).get("retention.ms").value()).isEqualTo("604800000");
            assertThat(events.get("min.insync.replicas").value()).isEqualTo("1");
        }
    }

    @Test
    void a_topic_with_another_partition_count_stops_the_start(Endpoints endpoints) {
        TopicProvisioner.provision(kafka(endpoints),
                TopicProvisioner.commandSideTopics(List.of(type), config(2)), config(2));

        assertThatThrownBy(() -> TopicProvisioner.provision(kafka(endpoints),
                TopicProvisioner.commandSideTopics(List.of(type), config(4)), config(4)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Topics.commands(type))
                .hasMessageContaining("co-partitioned");
    }

    private static KafkaClients kafka(Endpoints endpoints) {
        return KafkaClients.of(Map.of("bootstrap.servers", endpoints.kafkaBootstrapServers()), "provisioner-test");
    }

    private static Admin admin(Endpoints endpoints) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers()));
    }

    private static Config config(Admin admin, String topic) throws Exception {
        ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
        return admin.describeConfigs(List.of(resource)).all().get().get(resource);
    }

    @Test
    void existing_topics_less_durable_than_configured_stop_the_start(Endpoints endpoints) {
        TopicProvisioner.provision(kafka(endpoints),
                TopicProvisioner.commandSideTopics(List.of(type), config(2)), config(2));

        // as production is configured, against topics a single broker made (an operator's own, say)
        TopicsConfig production = config(2, (short) 3, (short) 2, false);
        assertThatThrownBy(() -> TopicProvisioner.provision(kafka(endpoints),
                TopicProvisioner.commandSideTopics(List.of(type), production), production))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(Topics.events(type) + " (1 replicas, min.insync.replicas 1)");
    }

    @Test
    void a_min_insync_replicas_above_the_replication_factor_is_refused(Endpoints endpoints) {
        TopicsConfig impossible = config(2, (short) 1, (short) 2, true);
        assertThatThrownBy(() -> TopicProvisioner.provision(kafka(endpoints),
                TopicProvisioner.commandSideTopics(List.of(type), impossible), impossible))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("min-insync-replicas");
    }

    public static TopicsConfig config(int partitions) {
        return config(partitions, (short) 1, (short) 1, true);
    }

    private static TopicsConfig config(int partitions, short replicas, short minInsync, boolean create) {
        return new TopicsConfig() {
            @Override
            public int partitions() {
                return partitions;
            }

            @Override
            public short replicationFactor() {
                return replicas;
            }

            @Override
            public short minInsyncReplicas() {
                return minInsync;
            }

            @Override
            public boolean create() {
                return create;
            }

            @Override
            public Duration timeout() {
                return Duration.ofSeconds(30);
            }
        };
    }
}
