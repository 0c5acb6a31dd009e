package dev.annals.devstack.kafka;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** devstack's three-node cluster: replicated topics, and writes that go on when the controller leader is killed. */
class KafkaClusterTest {

    @Test
    void threeNodesReplicateAndOutliveTheirControllerLeader() throws Exception {
        KafkaBroker.Settings settings = new KafkaBroker.Settings(Optional.empty(), 0, 0, "256m", List.of(), Map.of(),
                Duration.ofSeconds(180));
        try (KafkaCluster cluster = KafkaCluster.start(settings, 3)) {
            assertThat(cluster.bootstrapServers().split(",")).hasSize(3);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    cluster.bootstrapServers()))) {
                assertThat(admin.describeCluster().nodes().get(30, TimeUnit.SECONDS)).hasSize(3);
                admin.createTopics(List.of(new NewTopic("replicated", 3, (short) 3)
                        .configs(Map.of("min.insync.replicas", "2")))).all().get(30, TimeUnit.SECONDS);
                assertThat(admin.describeTopics(List.of("replicated")).allTopicNames().get(30, TimeUnit.SECONDS)
                        .get("replicated").partitions()).allSatisfy(partition ->
                        assertThat(partition.replicas()).hasSize(3));
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all",
                    ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 120_000),
                    new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("replicated", "k", "before")).get(60, TimeUnit.SECONDS);

                int leader = cluster.controllerLeader();
                cluster.node(leader).kill();
                producer.send(new ProducerRecord<>("replicated", "k", "after")).get(120, TimeUnit.SECONDS);
                assertThat(cluster.controllerLeader()).as("a new controller leader").isNotEqualTo(leader);

                cluster.node(leader).start();
                producer.send(new ProducerRecord<>("replicated", "k", "back")).get(60, TimeUnit.SECONDS);
            }
        }
    }
}
