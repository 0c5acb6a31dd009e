package dev.annals.deploy;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The committed manifests that are generated are what the generator makes now: a service's ACLs changed in
 * security/kafka-acls.json, or an aggregate type added, and not regenerated, fails here. With
 * {@code -Dannals.deploy.write=true} it writes them instead (then this run passes, and git shows the change).
 */
class GeneratedManifestsTest {

    @Test
    void the_committed_generated_manifests_are_up_to_date() throws IOException {
        boolean write = Boolean.getBoolean("annals.deploy.write");
        for (Map.Entry<Path, String> generated : GeneratedManifests.all().entrySet()) {
            Path file = generated.getKey();
            if (write) {
                Files.createDirectories(file.toAbsolutePath().getParent());
                Files.writeString(file, generated.getValue());
            }
            assertThat(file).as("%s (regenerate with %s)", file, GeneratedManifests.REGENERATE).exists();
            assertThat(Files.readString(file)).as("%s is not what the generator makes now; regenerate with %s",
                    file, GeneratedManifests.REGENERATE).isEqualTo(generated.getValue());
        }
    }

    @Test
    void every_topic_of_every_type_and_projection_has_its_resource() {
        String topics = GeneratedManifests.all().get(GeneratedManifests.TOPICS);
        assertThat(topics).contains("name: annals.cart.commands").contains("name: annals.cart.events")
                .contains("name: annals.command-replies").contains("name: annals.dlq.command-processor")
                .contains("name: annals.dlq.bank-accounts").contains("retention.ms: \"-1\"");
    }

    @Test
    void every_service_with_rights_gets_a_user_with_exactly_its_acls() {
        String users = GeneratedManifests.all().get(GeneratedManifests.USERS);
        assertThat(users).contains("name: command-service").contains("name: projection-service")
                .as("query-service reads PostgreSQL only: no Kafka user").doesNotContain("name: query-service");
        assertThat(users).contains("name: annals.bank-account.events").contains("name: annals.order-book.commands")
                .contains("type: transactionalId").contains("patternType: prefix").contains("- DescribeConfigs");
    }

    @Test
    void the_manifests_users_may_create_no_topic_since_the_manifests_make_them() {
        String users = GeneratedManifests.all().get(GeneratedManifests.USERS)
                + GeneratedManifests.all().get(GeneratedManifests.PAYMENT_SERVICE_KAFKA);
        assertThat(users).doesNotContain("- Create").doesNotContain("name: annals.\n");
        // devstack's services create their topics: there the file grants it
        assertThat(KafkaUserResources.of(dev.annals.devstack.kafka.KafkaAcls.forTypes(
                dev.annals.devstack.DevstackConfig.REPOSITORY_AGGREGATE_TYPES), GeneratedManifests.KAFKA_CLUSTER,
                user -> true).toString()).contains("Create");
    }

    @Test
    void projection_service_reaches_its_own_dead_letter_topics_only() {
        String users = GeneratedManifests.all().get(GeneratedManifests.USERS);
        String projectionService = users.substring(users.indexOf("name: projection-service"));
        assertThat(projectionService).contains("name: annals.dlq.bank-accounts").contains("name: annals.dlq.event-journal")
                .doesNotContain("name: annals.dlq.command-processor").doesNotContain("name: annals.dlq.payments")
                .doesNotContain("name: annals.dlq.\n");
    }
}
