package ${package};

import dev.annals.core.envelope.CloudEventCodec;
import dev.annals.core.envelope.EncodedRecord;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.core.json.DomainJson;
import dev.annals.core.topic.Topics;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.SharedInfrastructure;
import dev.annals.domain.bank.AccountEvent;
import dev.annals.domain.bank.AccountEvent.AccountOpened;
import dev.annals.domain.bank.AccountEvent.MoneyDeposited;
import dev.annals.domain.bank.BankAccountType;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * The service as it runs, against devstack's real Kafka and PostgreSQL: bank events in the log, as Annals' command
 * processor writes them, come out of its read endpoint.
 */
@QuarkusTest
@QuarkusTestResource(DevstackTestResource.class)
class ServiceTest {

    private static final String EVENTS = Topics.events(BankAccountType.NAME);

    @Test
    void an_accounts_events_in_the_log_are_read_back_from_the_endpoint() throws Exception {
        String account = "acc-" + UUID.randomUUID().toString().substring(0, 8);
        write(account, new AccountOpened("ann"), new MoneyDeposited(100), new MoneyDeposited(5));

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given()
                .get("/api/${artifactId}/accounts/" + account).then()
                .statusCode(200)
                .body("owner", is("ann"))
                .body("deposits", is(2))
                .body("deposited", is(105))
                .body("version", is(3)));
        given().get("/api/${artifactId}/accounts/nobody").then().statusCode(404)
                .contentType("application/problem+json");
    }

    /** The account's events, versions 1, 2, 3…, as CloudEvents in its partition of the events topic. */
    private static void write(String account, AccountEvent... events) throws Exception {
        String kafka = SharedInfrastructure.endpoints().kafkaBootstrapServers();
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, kafka))) {
            admin.createTopics(List.of(new NewTopic(EVENTS, 6, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = 0; i < events.length; i++) {
                String command = UUID.randomUUID().toString();
                EncodedRecord record = CloudEventCodec.encode(new EventEnvelope(UUID.randomUUID().toString(),
                        BankAccountType.NAME, account, i + 1, BankAccountType.TYPE.eventName(events[i]),
                        Instant.now(), command, i, EventEnvelope.CommandEvent.ONLY, command, Optional.of("ann"), 1,
                        DomainJson.write(events[i])));
                ProducerRecord<String, byte[]> sent = new ProducerRecord<>(EVENTS, account, record.value());
                record.headers().forEach(sent.headers()::add);
                producer.send(sent).get(30, TimeUnit.SECONDS);
            }
        }
    }
}
