package dev.annals.devstack.kafka;

import dev.annals.devstack.Endpoints;
import dev.annals.devstack.testing.DevstackExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** The shared broker behaves as a real Kafka 4 in KRaft mode, with the guarantees Annals builds on. */
@ExtendWith(DevstackExtension.class)
class SharedBrokerTest {

    @Test
    void runs_one_kraft_node_that_is_broker_and_controller(Endpoints endpoints) throws Exception {
        try (Admin admin = admin(endpoints)) {
            assertThat(admin.describeCluster().nodes().get()).hasSize(1);
            var quorum = admin.describeMetadataQuorum().quorumInfo().get();
            assertThat(quorum.voters()).singleElement()
                    .satisfies(voter -> assertThat(voter.replicaId()).isEqualTo(quorum.leaderId()));
        }
    }

    @Test
    void a_compacted_topic_keeps_its_cleanup_policy(Endpoints endpoints) throws Exception {
        String compacted = "devstack-test.aggregates-" + UUID.randomUUID();
        String forever = "devstack-test.events-" + UUID.randomUUID();
        try (Admin admin = admin(endpoints)) {
            admin.createTopics(List.of(
                    new NewTopic(compacted, 3, (short) 1).configs(Map.of("cleanup.policy", "compact")),
                    new NewTopic(forever, 3, (short) 1).configs(Map.of("cleanup.policy", "delete", "retention.ms", "-1")))).all().get();

            Map<ConfigResource, Config> configs = admin.describeConfigs(List.of(
                    new ConfigResource(ConfigResource.Type.TOPIC, compacted),
                    new ConfigResource(ConfigResource.Type.TOPIC, forever))).all().get();

            assertThat(configs.get(new ConfigResource(ConfigResource.Type.TOPIC, compacted))
                    .get("cleanup.policy").value()).isEqualTo("compact");
            Config events = configs.get(new ConfigResource(ConfigResource.Type.TOPIC, forever));
            assertThat(events.get("cleanup.policy").value()).isEqualTo("delete");
            assertThat(events.get("retention.ms").value()).isEqualTo("-1");
            assertThat(admin.describeTopics(List.of(compacted)).allTopicNames().get().get(compacted).partitions())
                    .hasSize(3);
        }
    }

    @Test
    void read_committed_consumers_never_see_an_aborted_transaction(Endpoints endpoints) throws Exception {
        String topic = "devstack-test.transactions-" + UUID.randomUUID();
        try (Admin admin = admin(endpoints)) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        try (KafkaProducer<String, String> producer = transactionalProducer(endpoints)) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-1"));
            producer.send(new ProducerRecord<>(topic, "k", "committed-2"));
            producer.commitTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "aborted")).get(); // really written to the log
            producer.abortTransaction();

            producer.beginTransaction();
            producer.send(new ProducerRecord<>(topic, "k", "committed-3"));
            producer.commitTransaction();
        }

        // read_uncommitted sees the aborted record, so the log really holds it and the test can tell the two apart
        assertThat(readAll(endpoints, topic, IsolationLevel.READ_UNCOMMITTED))
                .containsExactly("committed-1", "committed-2", "aborted", "committed-3");
        assertThat(readAll(endpoints, topic, IsolationLevel.READ_COMMITTED))
                .containsExactly("committed-1", "committed-2", "committed-3");
    }

    private static Admin admin(Endpoints endpoints) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers()));
    }

    private static KafkaProducer<String, String> transactionalProducer(Endpoints endpoints) {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ProducerConfig.TRANSACTIONAL_ID_CONFIG, "devstack-test-" + UUID.randomUUID(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true),
                new StringSerializer(), new StringSerializer());
    }

    /** Every record of a one-partition topic up to its end offset, as the given isolation level sees them. */
    private static List<String> readAll(Endpoints endpoints, String topic, IsolationLevel isolation) {
        TopicPartition partition = new TopicPartition(topic, 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation.toString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            // end offset for this isolation level: the last stable offset for read_committed
            long end = consumer.endOffsets(List.of(partition)).get(partition);
            List<String> values = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (consumer.position(partition) < end && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
            }
            assertThat(consumer.position(partition)).as("read up to the end offset").isEqualTo(end);
            return values;
        }
    }
}
