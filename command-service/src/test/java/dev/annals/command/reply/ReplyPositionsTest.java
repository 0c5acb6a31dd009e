package dev.annals.command.reply;

import dev.annals.devstack.testing.SharedInfrastructure;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The gateway's reply consumer across a reassignment, with a real broker and real consumers: its group commits
 * nothing, so the member that is given the partition again (after a rebalance, or an expired session) must not
 * start at the end, or every reply written meanwhile is lost and its command answered 504.
 */
class ReplyPositionsTest {

    private final String topic = "reply-positions-" + UUID.randomUUID();
    private final PendingReplies pending = new PendingReplies();
    private final ReplyListener.Positions positions = new ReplyListener.Positions(pending);

    @Test
    void a_reassigned_partition_resumes_after_the_last_delivered_reply_not_at_the_end() throws Exception {
        createTopic();
        String group = "annals-gateway-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer()) {
            send(producer, "before-1", "before-2");
            try (KafkaConsumer<String, String> first = consumer(group)) {
                assertThat(pollUntil(first, 0)).as("nothing before the first assignment").isEmpty();
                assertThat(pending.isListening()).isTrue();
                send(producer, "seen-1", "seen-2");
                assertThat(pollUntil(first, 2)).containsExactly("seen-1", "seen-2");
            }
            assertThat(pending.isListening()).isFalse();
            send(producer, "meanwhile-1", "meanwhile-2"); // while no member holds the partition
            try (KafkaConsumer<String, String> again = consumer(group)) {
                assertThat(pollUntil(again, 2)).containsExactly("meanwhile-1", "meanwhile-2");
            }
        }
    }

    /** Polls until the listener was called and {@code count} records were delivered through it. */
    private List<String> pollUntil(KafkaConsumer<String, String> consumer, int count) {
        List<String> values = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                values.add(record.value());
                positions.delivered(new TopicPartition(record.topic(), record.partition()), record.offset());
            }
            return !consumer.assignment().isEmpty() && values.size() >= count;
        });
        return values;
    }

    private KafkaConsumer<String, String> consumer(String group) {
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, group,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
                new StringDeserializer(), new StringDeserializer());
        consumer.subscribe(List.of(topic), new ConsumerRebalanceListener() {
            @Override
            public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                positions.onPartitionsAssigned(consumer, partitions);
            }

            @Override
            public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                positions.onPartitionsRevoked(consumer, partitions);
            }
        });
        return consumer;
    }

    private void send(KafkaProducer<String, String> producer, String... values) throws Exception {
        for (String value : values) {
            producer.send(new ProducerRecord<>(topic, value, value)).get();
        }
    }

    private KafkaProducer<String, String> producer() {
        return new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()),
                new StringSerializer(), new StringSerializer());
    }

    private void createTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static String bootstrap() {
        return SharedInfrastructure.endpoints().kafkaBootstrapServers();
    }
}
