package dev.annals.command.processor;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.command.testing.EventLog;
import dev.annals.command.topics.TopicProvisioner;
import dev.annals.command.topics.TopicProvisionerTest;
import dev.annals.command.topics.TopicsConfig;
import dev.annals.command.wire.KafkaHeaderMaps;
import dev.annals.core.AggregateType;
import dev.annals.core.envelope.CommandCodec;
import dev.annals.core.envelope.CommandEnvelope;
import dev.annals.core.envelope.EncodedRecord;
import dev.annals.core.json.DomainJson;
import dev.annals.core.reply.CommandReply;
import dev.annals.core.reply.Outcome;
import dev.annals.core.topic.Topics;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.testing.DevstackExtension;
import dev.annals.domain.bank.Account;
import dev.annals.domain.bank.AccountCommand;
import dev.annals.domain.bank.AccountEvent;
import dev.annals.domain.bank.BankAccountDecider;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.kafka.KafkaClients;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.RecordsToDelete;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.processor.StateRestoreListener;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A processor started with an empty state directory rebuilds every aggregate from the compacted changelog, not
 * from the events topic: the test deletes every event before the second instance starts, and its aggregates are
 * still exact.
 *
 * <p>Runs the topology with Kafka Streams directly, under a type and application id of its own, so it never meets
 * the service under test in the same JVM.
 */
@ExtendWith(DevstackExtension.class)
class ProcessorRestoreTest {

    /** The caller the gateway fills into the bank's commands that need one: a teller, who may act on any account. */
    private static final String BY = "\"by\":{\"subject\":\"tess\",\"roles\":[\"teller\"]}";

    private final String type = "restore-" + UUID.randomUUID().toString().substring(0, 8);
    private final String applicationId = "restore-test-" + type;
    private final AggregateType<AccountCommand, AccountEvent, Account> accounts = AggregateType.of(type,
            new BankAccountDecider(), AccountCommand.class, AccountEvent.class, Account.class,
            BankAccountType.COMPLETION);
    private final ObjectMapper json = DomainJson.newMapper();
    private final Map<String, CommandReply> replies = new ConcurrentHashMap<>();

    private Endpoints endpoints;
    private KafkaProducer<String, byte[]> producer;
    private KafkaConsumer<String, byte[]> replyConsumer;
    private KafkaStreams processor;

    @BeforeEach
    void topics(Endpoints endpoints) {
        this.endpoints = endpoints;
        TopicProvisioner.provision(kafka(),
                TopicProvisioner.commandSideTopics(List.of(type), TOPICS), TOPICS);
        producer = new KafkaProducer<>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrapServers()), new StringSerializer(), new ByteArraySerializer());
        replyConsumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"),
                new StringDeserializer(), new ByteArrayDeserializer());
        List<TopicPartition> partitions = EventLog.partitionsOf(replyConsumer, Topics.COMMAND_REPLIES);
        replyConsumer.assign(partitions);
        replyConsumer.seekToEnd(partitions);
        partitions.forEach(replyConsumer::position);
    }

    @AfterEach
    void close() {
        if (processor != null) {
            processor.close(Duration.ofSeconds(10));
        }
        producer.close();
        replyConsumer.close();
    }

    @Test
    void a_fresh_instance_restores_every_aggregate_from_the_changelog(@TempDir Path firstState,
                                                                    @TempDir Path secondState) throws Exception {
        processor = start(firstState, null);
        Map<String, Long> balances = new HashMap<>();
        Map<String, Long> versions = new HashMap<>();
        for (int i = 0; i < 20; i++) {
            String id = "acc-" + i;
            List<String> sent = new ArrayList<>();
            sent.add(send(id, "open", "{\"owner\":\"o" + i + "\"," + BY + "}"));
            for (int d = 0; d <= i; d++) {
                sent.add(send(id, "deposit", "{\"amount\":10}"));
            }
            for (String commandId : sent) {
                assertThat(awaitReply(commandId).outcome()).isEqualTo(Outcome.ACCEPTED);
            }
            balances.put(id, 10L * (i + 1));
            versions.put(id, (long) i + 2);
        }
        Map<String, CommandReply> keyed = new HashMap<>();
        for (String id : List.of("acc-3", "acc-7")) {
            keyed.put(id, awaitReply(send(id, "deposit", "{\"amount\":1}", "key-" + id)));
            balances.merge(id, 1L, Long::sum);
            versions.merge(id, 1L, Long::sum);
        }
        processor.close(Duration.ofSeconds(10));

        deleteEveryEvent();
        AtomicLong restoredFromChangelog = new AtomicLong();
        Set<String> restoredTopics = ConcurrentHashMap.newKeySet();
        processor = start(secondState, new StateRestoreListener() {
            @Override
            public void onRestoreStart(TopicPartition partition, String store, long start, long end) {
                restoredTopics.add(partition.topic());
            }

            @Override
            public void onBatchRestored(TopicPartition partition, String store, long end, long count) {
                restoredFromChangelog.addAndGet(count);
            }

            @Override
            public void onRestoreEnd(TopicPartition partition, String store, long total) {
            }
        });

        assertThat(restoredTopics).containsExactlyInAnyOrder(Topics.aggregateChangelog(applicationId, type),
                Topics.changelog(applicationId, Topics.outcomeStore(type)),
                Topics.changelog(applicationId, Topics.outcomeExpiryStore(type)));
        assertThat(restoredFromChangelog.get()).isGreaterThanOrEqualTo(balances.size());
        keyed.forEach((id, first) -> assertThat(awaitReply(send(id, "deposit", "{\"amount\":1}", "key-" + id)))
                .as("a retry after the restore").isEqualTo(first));
        for (String id : balances.keySet()) {
            CommandReply tooMuch = awaitReply(send(id, "withdraw", "{\"amount\":" + (balances.get(id) + 1) + "," + BY + "}"));
            assertThat(tooMuch.reason()).as(id).isEqualTo("INSUFFICIENT_FUNDS");
            assertThat(tooMuch.version()).as(id).isEqualTo(versions.get(id));
            CommandReply all = awaitReply(send(id, "withdraw", "{\"amount\":" + balances.get(id) + "," + BY + "}"));
            assertThat(all.outcome()).as(id).isEqualTo(Outcome.ACCEPTED);
            assertThat(all.version()).as(id).isEqualTo(versions.get(id) + 1);
        }
        assertThat(cleanupPolicy(Topics.aggregateChangelog(applicationId, type))).isEqualTo("compact");
    }

    private KafkaClients kafka() {
        return KafkaClients.of(Map.of("bootstrap.servers", endpoints.kafkaBootstrapServers()), "restore-test");
    }

    private KafkaStreams start(Path stateDirectory, StateRestoreListener listener) {
        Properties properties = CommandProcessor.exactlyOnce(kafka(), applicationId, stateDirectory,
                Duration.ofMillis(20));
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        KafkaStreams streams = new KafkaStreams(CommandTopology.build(List.of(accounts), StoreKind.IN_MEMORY,
                new ProcessorLimits(Duration.ofHours(1), 1_000, 256 * 1024, 256 * 1024), new FailedWrites(), json),
                properties);
        if (listener != null) {
            streams.setGlobalStateRestoreListener(listener);
        }
        streams.start();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20))
                .until(() -> streams.state() == KafkaStreams.State.RUNNING);
        return streams;
    }

    private String send(String id, String command, String payload) {
        return send(id, command, payload, null);
    }

    private String send(String id, String command, String payload, String idempotencyKey) {
        String commandId = UUID.randomUUID().toString();
        EncodedRecord record = CommandCodec.encode(new CommandEnvelope(commandId, type, id, command,
                Optional.ofNullable(idempotencyKey), OptionalLong.empty(), commandId, "tess",
                payload.getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(Topics.commands(type), null, id, record.value(),
                KafkaHeaderMaps.toKafka(record.headers())));
        producer.flush();
        return commandId;
    }

    private CommandReply awaitReply(String commandId) {
        return await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(5))
                .until(() -> {
            for (ConsumerRecord<String, byte[]> record : replyConsumer.poll(Duration.ofMillis(20))) {
                replies.put(record.key(), read(record.value()));
            }
            return replies.get(commandId);
        }, reply -> reply != null);
    }

    private CommandReply read(byte[] value) {
        try {
            return json.readValue(value, CommandReply.class);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private void deleteEveryEvent() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrapServers()));
             KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(Map.of(
                     ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers()),
                     new StringDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = EventLog.partitionsOf(consumer, Topics.events(type));
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            assertThat(end.values().stream().mapToLong(Long::longValue).sum()).isPositive();
            admin.deleteRecords(end.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey,
                    entry -> RecordsToDelete.beforeOffset(entry.getValue())))).all().get();
            assertThat(consumer.beginningOffsets(partitions)).isEqualTo(end);
        }
    }

    private String cleanupPolicy(String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                endpoints.kafkaBootstrapServers()))) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            return admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value();
        }
    }

    private static final TopicsConfig TOPICS = TopicProvisionerTest.config(3);
}
