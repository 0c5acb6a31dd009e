package dev.annals.projection.kafka;

import dev.annals.consumer.runtime.Consumers;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.KafkaClientsSeen.Client;
import dev.annals.devstack.testing.KafkaClientsSeen;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every Kafka client projection-service makes (through annals-consumer) is built from its one shared Kafka
 * configuration, read back from the clients themselves: each registers under its client.id, which must start with
 * the test profile's shared {@code kafka.client.id}. A client built from its own settings alone would carry
 * Kafka's default name (consumer-bank-accounts-1, producer-2, adminclient-3) and fail this test.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class SharedKafkaSettingsTest {

    /** The shared kafka.client.id of the test profile (application.properties). */
    private static final String PREFIX = "annals-test-projection-service-";

    @Inject
    Consumers projections;

    @Test
    void every_kafka_client_of_the_service_carries_the_shared_settings() {
        List<String> consumers = projections.names().stream().toList();
        assertThat(consumers).isNotEmpty();
        // every projection's consumer, the dead-letter producer and the lag Admin client are made at start-up
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(made())
                .extracting(client -> client.kind() + " " + client.clientId())
                .contains("kafka.producer " + PREFIX + "dead-letter-producer",
                        "kafka.admin.client " + PREFIX + "offsets-admin")
                .anyMatch(client -> client.startsWith("kafka.consumer " + PREFIX + consumers.getFirst() + "-")));

        assertThat(made()).allSatisfy(client -> assertThat(client.clientId()).as(client.kind()).startsWith(PREFIX));
        for (String consumer : consumers) {
            assertThat(made()).as("the consumer of " + consumer)
                    .anyMatch(client -> client.kind().equals("kafka.consumer")
                            && client.clientId().startsWith(PREFIX + consumer + "-"));
        }
    }

    private static List<Client> made() {
        return KafkaClientsSeen.seen().stream().filter(client -> !client.madeByTest()).toList();
    }
}
