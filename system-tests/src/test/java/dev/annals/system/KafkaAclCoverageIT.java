package dev.annals.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.annals.devstack.DevstackConfig;
import dev.annals.devstack.service.ServiceCatalog;
import dev.annals.system.support.SystemExtension;
import dev.annals.system.support.TheSystem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The Kafka side of a deployment against the running system. The ACLs of security/kafka-acls.json name each
 * aggregate type's topics ({@code {type}}), and devstack fills in the types it knows. A domain added to the
 * services without being added there would get topics no service may use, found only when its first command
 * times out: here it fails at once, because command-service creates a commands topic for every type it serves.
 * Likewise the Kubernetes manifests' KafkaTopics must be the topics the services use.
 */
@Order(1)
@ExtendWith(SystemExtension.class)
class KafkaAclCoverageIT {

    private static final Pattern COMMANDS_TOPIC = Pattern.compile("annals\\.(.+)\\.commands");

    @Test
    void everyAggregateTypeTheServicesServeHasItsAcls(TheSystem system) throws Exception {
        Set<String> served;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                system.endpoints().kafkaBootstrapServers()))) {
            served = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .map(COMMANDS_TOPIC::matcher).filter(Matcher::matches).map(found -> found.group(1))
                    .collect(Collectors.toSet());
        }
        assertThat(served).as("the aggregate types command-service made topics for, against the types devstack"
                        + " grants ACLs for (DevstackConfig.REPOSITORY_AGGREGATE_TYPES)")
                .containsExactlyInAnyOrderElementsOf(DevstackConfig.REPOSITORY_AGGREGATE_TYPES);
        assertThat(system.endpoints().kafkaUsers()).as("the system runs under the services' own Kafka users")
                .isPresent();
    }

    /**
     * The Kubernetes manifests' KafkaTopics (deploy/base/kafka/topics.yaml and payment-service's component,
     * generated) are exactly the topics the
     * running services made for themselves, with their partition counts: in Kubernetes the services may not create
     * topics, so one the manifests lack would stop a service there, and one they name that nothing uses is a
     * projection or type gone without regenerating them.
     */
    @Test
    void theManifestsNameEveryTopicTheServicesUse(TheSystem system) throws Exception {
        Map<String, Integer> onTheBroker;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                system.endpoints().kafkaBootstrapServers()))) {
            Set<String> names = admin.listTopics().names().get(30, TimeUnit.SECONDS).stream()
                    .filter(name -> name.startsWith("annals.")).collect(Collectors.toSet());
            onTheBroker = admin.describeTopics(names).allTopicNames().get(30, TimeUnit.SECONDS).values().stream()
                    .collect(Collectors.toMap(TopicDescription::name, topic -> topic.partitions().size()));
        }
        Path deploy = ServiceCatalog.repositoryAround(Path.of("")).orElseThrow().resolve("deploy");
        List<Path> manifests = List.of(deploy.resolve("base/kafka/topics.yaml"),
                deploy.resolve("components/payment-service/kafka.yaml"));
        Map<String, Integer> inTheManifests = new HashMap<>();
        for (Path manifest : manifests) {
            try (MappingIterator<JsonNode> documents = new YAMLMapper().readerFor(JsonNode.class)
                    .readValues(manifest.toFile())) {
                while (documents.hasNext()) {
                    JsonNode topic = documents.next();
                    if (topic != null && "KafkaTopic".equals(topic.path("kind").asText())) {
                        inTheManifests.put(topic.path("metadata").path("name").asText(),
                                topic.path("spec").path("partitions").asInt());
                    }
                }
            }
        }
        assertThat(inTheManifests).as("the KafkaTopics of %s against the topics the services made (regenerate with"
                + " ./mvnw -pl deploy test -Dannals.deploy.write=true)", manifests).isEqualTo(onTheBroker);
    }
}
