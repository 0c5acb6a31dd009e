package dev.annals.command.kafka;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.KafkaClientsSeen;
import dev.annals.devstack.testing.KafkaClientsSeen.Client;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.annals.command.testing.Api.command;
import static dev.annals.command.testing.Api.newAccountId;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Kafka client command-service makes is built from its one shared Kafka configuration. Read back from the
 * clients themselves: each registers under its client.id, and the test profile's shared {@code kafka.client.id}
 * (the prefix of all of them) must be in every one. A client built from its own settings alone would carry
 * Kafka's default name (producer-1, adminclient-2, the Streams application id...) and fail this test.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class SharedKafkaSettingsTest {

    /** The shared kafka.client.id of the test profile (application.properties). */
    private static final String PREFIX = "annals-test-command-service-";

    @Test
    void every_kafka_client_of_the_service_carries_the_shared_settings() {
        assertThat(command(newAccountId("shared"), "open", "{\"owner\":\"ann\"}").statusCode()).isEqualTo(200);

        List<Client> made = KafkaClientsSeen.seen().stream().filter(client -> !client.madeByTest()).toList();

        assertThat(made).as("the service's Kafka clients").isNotEmpty()
                .allSatisfy(client -> assertThat(client.clientId()).as(client.kind()).startsWith(PREFIX));
        assertThat(made).extracting(client -> client.kind() + " " + client.clientId()).contains(
                "kafka.producer " + PREFIX + "gateway-producer",
                "kafka.admin.client " + PREFIX + "topic-admin",
                "kafka.consumer " + PREFIX + "replies");
        // Kafka Streams names every client it makes after the client.id it was given
        assertThat(made).filteredOn(client -> client.clientId().startsWith(PREFIX + "processor-"))
                .extracting(Client::kind)
                .contains("kafka.consumer", "kafka.producer", "kafka.admin.client");
        assertThat(made).extracting(Client::clientId)
                .anyMatch(id -> id.startsWith(PREFIX + "processor-") && id.endsWith("-restore-consumer"));
    }
}
