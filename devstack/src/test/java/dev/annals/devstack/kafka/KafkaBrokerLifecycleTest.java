package dev.annals.devstack.kafka;

import dev.annals.devstack.process.FreePort;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A broker of its own (not the shared one): the lifecycle is what is under test. */
class KafkaBrokerLifecycleTest {

    @Test
    void keeps_its_records_in_the_chosen_directory_and_port_across_a_restart(@TempDir Path directory)
            throws Exception {
        int port = FreePort.orPick(0);
        KafkaBroker broker = KafkaBroker.start(new KafkaBroker.Settings(Optional.of(directory), port, 0, "256m",
                List.of(), Map.of(), Duration.ofSeconds(120)));
        try {
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers()))) {
                admin.createTopics(List.of(new NewTopic("lifecycle", 1, (short) 1))).all().get();
            }
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                    ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers(),
                    ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
                producer.send(new ProducerRecord<>("lifecycle", "k", "written before the restart")).get();
            }
            long firstPid = broker.pid();
            assertThat(ProcessHandle.of(firstPid).flatMap(process -> process.info().command()).map(Path::of))
                    .as("the broker runs on this JVM's JDK, not on the PATH's java")
                    .contains(Path.of(System.getProperty("java.home"), "bin", "java").toRealPath());

            broker.stop();

            assertThat(ProcessHandle.of(firstPid).map(ProcessHandle::isAlive)).as("no broker process left")
                    .isNotEqualTo(Optional.of(true));
            assertThat(directory.resolve("data").resolve("lifecycle-0")).isDirectory();

            broker.start();

            assertThat(broker.pid()).isNotEqualTo(firstPid);
            assertThat(broker.bootstrapServers()).isEqualTo("127.0.0.1:" + port);
            assertThat(readFirstValue(broker.bootstrapServers())).isEqualTo("written before the restart");
        } finally {
            broker.close();
        }
        assertThat(directory).as("a chosen directory is the caller's and is kept").isDirectory();

        // a new devstack run on the kept directory (a new broker object, another cluster id of its own) reuses it
        KafkaBroker nextRun = KafkaBroker.start(new KafkaBroker.Settings(Optional.of(directory), port, 0, "256m",
                List.of(), Map.of(), Duration.ofSeconds(120)));
        try {
            assertThat(readFirstValue(nextRun.bootstrapServers())).isEqualTo("written before the restart");
        } finally {
            nextRun.close();
        }
    }

    private static String readFirstValue(String bootstrapServers) {
        TopicPartition partition = new TopicPartition("lifecycle", 0);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            return await().atMost(Duration.ofSeconds(60)).until(() -> {
                ConsumerRecords<String, String> records = consumer.poll(Duration.ofMillis(500));
                return records.isEmpty() ? null : records.iterator().next().value();
            }, value -> value != null);
        }
    }
}
