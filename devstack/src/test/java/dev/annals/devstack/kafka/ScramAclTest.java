package dev.annals.devstack.kafka;

import dev.annals.devstack.Credentials;
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
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A broker started with SCRAM: one user per service from security/kafka-acls.json, each allowed what its ACLs
 * list and refused, visibly (an authorization or authentication error, never a hang), everything else.
 */
class ScramAclTest {

    private static final String COMMANDS = "annals.bank-account.commands";
    private static final String EVENTS = "annals.bank-account.events";
    private static final String OWN_DEAD_LETTERS = "annals.dlq.bank-accounts";
    private static final List<String> OTHERS_DEAD_LETTERS = List.of("annals.dlq.command-processor",
            "annals.dlq.payments");
    private static KafkaBroker broker;
    private static KafkaUsers users;

    @BeforeAll
    static void startABrokerWithTheServicesUsers() throws Exception {
        broker = KafkaBroker.start(new KafkaBroker.Settings(Optional.empty(), 0, 0, "256m", List.of(), Map.of(),
                Duration.ofSeconds(120), true));
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                broker.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(COMMANDS, 1, (short) 1), new NewTopic(EVENTS, 1, (short) 1),
                    new NewTopic(OWN_DEAD_LETTERS, 1, (short) 1), new NewTopic(OTHERS_DEAD_LETTERS.get(0), 1, (short) 1),
                    new NewTopic(OTHERS_DEAD_LETTERS.get(1), 1, (short) 1))).all().get(30, TimeUnit.SECONDS);
        }
        users = KafkaUsers.create(broker.bootstrapServers(), broker.scramBootstrapServers().orElseThrow(),
                KafkaAcls.forTypes(List.of("bank-account")));
        // an event to read, written by devstack itself (the PLAINTEXT listener's super user)
        try (KafkaProducer<String, String> superUser = producer(Map.of("bootstrap.servers",
                broker.bootstrapServers()))) {
            superUser.send(new ProducerRecord<>(EVENTS, "acc-1", "{}")).get(30, TimeUnit.SECONDS);
        }
    }

    @AfterAll
    static void stop() {
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    void command_service_writes_commands_and_events_but_cannot_read_the_events() throws Exception {
        try (KafkaProducer<String, String> gateway = producer(users.clientConfig("command-service"))) {
            assertThat(gateway.send(new ProducerRecord<>(COMMANDS, "acc-1", "{}")).get(30, TimeUnit.SECONDS)
                    .offset()).isNotNegative();
            assertThat(gateway.send(new ProducerRecord<>(EVENTS, "acc-1", "{}")).get(30, TimeUnit.SECONDS)
                    .offset()).isNotNegative();
        }
        try (KafkaConsumer<String, String> reader = consumer(users.clientConfig("command-service"),
                "annals-command-processor")) {
            reader.assign(List.of(new TopicPartition(EVENTS, 0)));
            assertThatThrownBy(() -> reader.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(EVENTS);
        }
    }

    @Test
    void projection_service_reads_the_events_but_cannot_write_them() throws Exception {
        try (KafkaConsumer<String, String> projection = consumer(users.clientConfig("projection-service"),
                "annals.projection.bank-accounts")) {
            projection.assign(List.of(new TopicPartition(EVENTS, 0)));
            projection.seekToBeginning(projection.assignment());
            ConsumerRecords<String, String> read = projection.poll(Duration.ofSeconds(10));
            for (int polls = 0; read.isEmpty() && polls < 5; polls++) {
                read = projection.poll(Duration.ofSeconds(2));
            }
            assertThat(read.count()).isPositive();
        }
        try (KafkaProducer<String, String> intruder = producer(users.clientConfig("projection-service"))) {
            assertThatThrownBy(() -> intruder.send(new ProducerRecord<>(EVENTS, "acc-1", "{}"))
                    .get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void projection_service_reaches_its_own_dead_letters_and_no_other_consumers() throws Exception {
        try (KafkaProducer<String, String> projections = producer(users.clientConfig("projection-service"))) {
            assertThat(projections.send(new ProducerRecord<>(OWN_DEAD_LETTERS, "acc-1", "{}"))
                    .get(30, TimeUnit.SECONDS).offset()).isNotNegative();
            for (String others : OTHERS_DEAD_LETTERS) {
                assertThatThrownBy(() -> projections.send(new ProducerRecord<>(others, "x", "{}"))
                        .get(30, TimeUnit.SECONDS)).as(others)
                        .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            }
        }
        for (String others : OTHERS_DEAD_LETTERS) {
            // the processor's and the payments' dead letters hold whole commands, with who sent them
            try (KafkaConsumer<String, String> reader = consumer(users.clientConfig("projection-service"),
                    "annals.projection.bank-accounts")) {
                reader.assign(List.of(new TopicPartition(others, 0)));
                assertThatThrownBy(() -> reader.poll(Duration.ofSeconds(10))).as(others)
                        .isInstanceOf(TopicAuthorizationException.class).hasMessageContaining(others);
            }
        }
    }

    @Test
    void command_service_creates_its_own_topics_and_no_others() throws Exception {
        try (Admin admin = Admin.create(new HashMap<>(users.clientConfig("command-service")))) {
            assertThatThrownBy(() -> admin.createTopics(List.of(new NewTopic("annals.intruder", 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
            admin.createTopics(List.of(new NewTopic("annals.command-replies", 1, (short) 1))).all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    @Test
    void query_service_has_a_user_with_no_rights_at_all() {
        try (KafkaConsumer<String, String> reader = consumer(users.clientConfig("query-service"), "anything")) {
            reader.assign(List.of(new TopicPartition(EVENTS, 0)));
            assertThatThrownBy(() -> reader.poll(Duration.ofSeconds(10)))
                    .isInstanceOf(RuntimeException.class)
                    .satisfies(e -> assertThat(e.getClass().getSimpleName()).endsWith("AuthorizationException"));
        }
    }

    @Test
    void a_wrong_password_is_refused_at_login() {
        Credentials wrong = new Credentials("command-service", "not-the-password");
        try (KafkaProducer<String, String> impostor = producer(KafkaUsers.clientConfig(
                broker.scramBootstrapServers().orElseThrow(), wrong))) {
            assertThatThrownBy(() -> impostor.send(new ProducerRecord<>(COMMANDS, "acc-1", "{}"))
                    .get(30, TimeUnit.SECONDS))
                    .hasRootCauseInstanceOf(SaslAuthenticationException.class);
        }
    }

    private static KafkaProducer<String, String> producer(Map<String, String> login) {
        Map<String, Object> config = new HashMap<>(login);
        // refusals answer at once; these bound the wait for anything else, so a mistake fails rather than hangs
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 15_000);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(Map<String, String> login, String group) {
        Map<String, Object> config = new HashMap<>(login);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
