package dev.annals.system;

import dev.annals.system.support.Http;
import dev.annals.system.support.SystemExtension;
import dev.annals.system.support.TheSystem;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A command-service replica stopped as Kubernetes stops a pod (SIGTERM) leaves the processor's consumer group as
 * it goes: the moment it has exited the group has one member, so the other replica takes its partitions at once
 * instead of after the session timeout, and decides commands of every partition.
 */
@Order(6)
@ExtendWith(SystemExtension.class)
class GracefulStopIT {

    private static final String PROCESSOR_GROUP = "annals-command-processor";

    @Test
    void a_stopped_replica_leaves_the_processor_group_at_once(TheSystem system) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                system.endpoints().kafkaBootstrapServers()))) {
            await("both replicas in the processor's group").atMost(Duration.ofSeconds(60))
                    .until(() -> members(admin), members -> members == 2);

            system.stopCommandReplica(0);
            assertThat(members(admin)).as("members of %s right after replica a exited", PROCESSOR_GROUP)
                    .isEqualTo(1);

            try {
                // every partition's commands are now the other replica's; once it has restored their aggregates
                // (its readiness says so), it decides them: a dozen new accounts fall on about every partition
                Http http = system.http();
                String health = system.commandManagementUrls().get(1) + "/q/health/ready";
                await("replica b ready with every partition").atMost(Duration.ofSeconds(60))
                        .until(() -> http.get(health, Map.of()).status() == 200);
                String replica = system.commandUrls().get(1);
                for (int i = 0; i < 12; i++) {
                    String account = "graceful-" + UUID.randomUUID();
                    Http.Answer opened = http.post(replica + "/api/bank-account/" + account + "/open",
                            "{\"owner\":\"" + TheSystem.CALLER + "\"}", Map.of("Content-Type", "application/json"));
                    assertThat(opened.status()).as("%s", opened).isBetween(200, 201);
                }
            } finally {
                system.startCommandReplica(0);
            }
        }
    }

    private static int members(Admin admin) throws Exception {
        ConsumerGroupDescription group = admin.describeConsumerGroups(List.of(PROCESSOR_GROUP)).all()
                .get(30, TimeUnit.SECONDS).get(PROCESSOR_GROUP);
        return group.members().size();
    }
}
