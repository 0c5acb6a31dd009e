package dev.annals.system;

import dev.annals.devstack.DevstackConfig;
import dev.annals.system.support.SystemExtension;
import dev.annals.system.support.TheSystem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ACLs of security/kafka-acls.json name each aggregate type's topics ({@code {type}}), and devstack fills in
 * the types it knows. A domain added to the services without being added there would get topics no service may
 * use, found only when its first command times out: here it fails at once, because command-service creates a
 * commands topic for every type it serves.
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
}
