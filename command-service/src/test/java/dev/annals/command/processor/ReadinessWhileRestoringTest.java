package dev.annals.command.processor;

import dev.annals.command.topics.TopicProvisioner;
import dev.annals.command.topics.TopicProvisionerTest;
import dev.annals.command.topics.TopicsConfig;
import dev.annals.core.AggregateType;
import dev.annals.core.json.DomainJson;
import dev.annals.core.topic.Topics;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.testing.DevstackExtension;
import dev.annals.domain.bank.Account;
import dev.annals.domain.bank.AccountCommand;
import dev.annals.domain.bank.AccountEvent;
import dev.annals.domain.bank.BankAccountDecider;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.kafka.KafkaClients;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Readiness means the instance can decide: {@link RestoringStores#ready} is true only once every aggregate of its
 * active tasks is in the store, queryable — for a new instance on a long changelog, and for one taking over the
 * tasks of an instance that goes, as in a rollout. (Kafka Streams 4.1 itself reports REBALANCING until its active
 * tasks are restored, here; the readiness does not depend on that staying so.)
 *
 * <p>Runs the topology with Kafka Streams directly, under a type and application id of its own, as
 * ProcessorRestoreTest does.
 */
@ExtendWith(DevstackExtension.class)
class ReadinessWhileRestoringTest {

    private static final TopicsConfig TOPICS = TopicProvisionerTest.config(3);
    /** Enough that restoring takes seconds with small fetches: a window a readiness probe would fall into. */
    private static final int AGGREGATES = 60_000;

    private final String type = "ready-" + UUID.randomUUID().toString().substring(0, 8);
    private final String applicationId = "readiness-test-" + type;
    private final AggregateType<AccountCommand, AccountEvent, Account> accounts = AggregateType.of(type,
            new BankAccountDecider(), AccountCommand.class, AccountEvent.class, Account.class,
            BankAccountType.COMPLETION);

    private KafkaStreams processor;

    @AfterEach
    void close() {
        if (processor != null) {
            processor.close(Duration.ofSeconds(10));
        }
    }

    @Test
    void an_instance_is_ready_only_once_its_aggregates_are_restored(Endpoints endpoints, @TempDir Path firstState,
                                                                    @TempDir Path secondState,
                                                                    @TempDir Path thirdState) throws Exception {
        TopicProvisioner.provision(kafka(endpoints), TopicProvisioner.commandSideTopics(List.of(type), TOPICS),
                TOPICS);
        // a first instance creates the changelog; then a long history is written to it, as years of aggregates
        processor = start(endpoints, firstState, new RestoringStores());
        await().atMost(Duration.ofSeconds(60)).until(() -> processor.state() == KafkaStreams.State.RUNNING);
        processor.close(Duration.ofSeconds(10));
        String changelog = Topics.aggregateChangelog(applicationId, type);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers(),
                ProducerConfig.LINGER_MS_CONFIG, 20), new StringSerializer(), new ByteArraySerializer())) {
            byte[] snapshot = "{\"state\":{\"owner\":\"o\",\"balance\":0,\"open\":true},\"version\":1}"
                    .getBytes(StandardCharsets.UTF_8);
            for (int i = 0; i < AGGREGATES; i++) {
                producer.send(new ProducerRecord<>(changelog, "acc-" + i, snapshot));
            }
            producer.flush();
        }

        // a fresh instance (an empty state directory, as a new pod) restores all of it, in small fetches
        RestoringStores restoring = new RestoringStores();
        processor = start(endpoints, secondState, restoring);
        awaitReadyWithEveryAggregate(processor, restoring);

        // a second new one joins and the first goes, as in a rollout: it takes over the first one's tasks
        KafkaStreams old = processor;
        RestoringStores takingOver = new RestoringStores();
        processor = start(endpoints, thirdState, takingOver);
        await().atMost(Duration.ofMinutes(3)).until(() -> processor.state() == KafkaStreams.State.RUNNING
                && old.state() == KafkaStreams.State.RUNNING);
        old.close(Duration.ofSeconds(10));
        await().atMost(Duration.ofMinutes(1)).until(() -> CommandProcessor.activeTasks(processor) > 0);
        awaitReadyWithEveryAggregate(processor, takingOver);
    }

    /** Until it is ready; whenever it says so, every aggregate must be in its store, queryable. */
    private void awaitReadyWithEveryAggregate(KafkaStreams instance, RestoringStores restoring) {
        await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofMillis(5)).until(() -> {
            if (!restoring.ready(instance.state())) {
                return false;
            }
            assertThat(storedAggregates(instance)).as("aggregates in the store when readiness said ready")
                    .isEqualTo(AGGREGATES);
            return true;
        });
    }

    private long storedAggregates(KafkaStreams instance) {
        try {
            return instance.store(StoreQueryParameters.fromNameAndType(Topics.aggregateStore(type),
                    QueryableStoreTypes.<String, byte[]>keyValueStore())).approximateNumEntries();
        } catch (InvalidStateStoreException notQueryable) {
            return -1;
        }
    }

    private KafkaStreams start(Endpoints endpoints, Path stateDirectory, RestoringStores restoring) {
        Properties properties = CommandProcessor.exactlyOnce(kafka(endpoints), applicationId, stateDirectory,
                Duration.ofMillis(20));
        properties.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, 1);
        properties.put(StreamsConfig.restoreConsumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), 200);
        KafkaStreams streams = new KafkaStreams(CommandTopology.build(List.of(accounts), StoreKind.IN_MEMORY,
                new ProcessorLimits(Duration.ofHours(1), 1_000, 256 * 1024, 256 * 1024), new FailedWrites(),
                DomainJson.newMapper()), properties);
        streams.setGlobalStateRestoreListener(restoring);
        streams.start();
        return streams;
    }

    private static KafkaClients kafka(Endpoints endpoints) {
        return KafkaClients.of(Map.of("bootstrap.servers", endpoints.kafkaBootstrapServers()), "readiness-test");
    }
}
