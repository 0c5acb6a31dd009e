package dev.annals.consumer.runtime;

import dev.annals.consumer.runtime.failure.DeadLetters;
import dev.annals.core.topic.Topics;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.testing.DevstackExtension;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The dead-letter topic of a projection: created where the service may create topics; where it may not (as in
 * Kubernetes, where the manifests' KafkaTopics make them), a missing one stops the start with its name; and one
 * less durable than configured is refused either way.
 */
@ExtendWith(DevstackExtension.class)
class DeadLetterTopicsTest {

    @Test
    void created_when_allowed_and_required_when_not(Endpoints endpoints) throws Exception {
        String consumer = "dlq-test-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = admin(endpoints)) {
            assertThatThrownBy(() -> DeadLetters.provision(admin, consumer, 1, (short) 1, (short) 1, false))
                    .hasMessageContaining(Topics.deadLetter(consumer) + " does not exist")
                    .hasMessageContaining("annals.consumer.create-dead-letter-topics");
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS))
                    .as("nothing created when creating is off").doesNotContain(Topics.deadLetter(consumer));

            DeadLetters.provision(admin, consumer, 1, (short) 1, (short) 1, true);
            assertThat(admin.listTopics().names().get(30, TimeUnit.SECONDS)).contains(Topics.deadLetter(consumer));
            // now it exists, as a KafkaTopic would have made it: accepted without creating
            DeadLetters.provision(admin, consumer, 1, (short) 1, (short) 1, false);
        }
    }

    @Test
    void one_less_durable_than_configured_is_refused(Endpoints endpoints) throws Exception {
        String consumer = "dlq-weak-" + UUID.randomUUID().toString().substring(0, 8);
        try (Admin admin = admin(endpoints)) {
            admin.createTopics(List.of(new NewTopic(Topics.deadLetter(consumer), 1, (short) 1)))
                    .all().get(30, TimeUnit.SECONDS);
            assertThatThrownBy(() -> DeadLetters.provision(admin, consumer, 1, (short) 3, (short) 2, false))
                    .hasMessageContaining("1 replicas");
        }
    }

    private static Admin admin(Endpoints endpoints) {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, endpoints.kafkaBootstrapServers()));
    }
}
