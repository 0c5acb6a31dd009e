package dev.annals.system;

import dev.annals.system.support.Summary;
import dev.annals.system.support.TheSystem;
import dev.annals.system.support.UnderLoad;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole system on a Kafka cluster of three nodes, configured as production is: every topic replicated three
 * times, two replicas in sync for a write. A node is killed under load, then the controller leader: no
 * acknowledged command is lost, no event doubled, versions stay gap-free and the read models equal the fold,
 * while clients see at most 503 or 504 as the cluster elects new leaders.
 */
@Order(7)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ReplicatedKafkaIT {

    private static final Path OUTPUT = Path.of("target", "system-tests", "replicated");

    private static TheSystem system;

    @BeforeAll
    static void startTheSystemOnThreeBrokers() {
        system = TheSystem.startWithThreeBrokers(new Summary("three Kafka brokers"));
    }

    @AfterAll
    static void stop() {
        if (system == null) {
            return;
        }
        try {
            System.out.println(system.summary().report());
            system.summary().write(OUTPUT.resolve("summary.md"));
            system.keepLogs(OUTPUT.resolve("logs"));
        } finally {
            system.close();
        }
    }

    @Test
    @Order(1)
    void everyTopicIsReplicatedThreeTimesWithTwoInSync() throws Exception {
        List<String> topics = List.of("annals.bank-account.commands", "annals.bank-account.events",
                "annals.command-replies", "annals-command-processor-bank-account-aggregates-changelog",
                "annals.dlq.bank-accounts");
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                system.endpoints().kafkaBootstrapServers()))) {
            var described = admin.describeTopics(topics).allTopicNames().get(60, TimeUnit.SECONDS);
            for (String topic : topics) {
                assertThat(described.get(topic).partitions()).as(topic)
                        .allSatisfy(partition -> assertThat(partition.replicas()).hasSize(3));
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
                Config config = admin.describeConfigs(List.of(resource)).all().get(60, TimeUnit.SECONDS)
                        .get(resource);
                assertThat(config.get("min.insync.replicas").value()).as(topic).isEqualTo("2");
            }
        }
        system.summary().checked(topics.size());
    }

    @Test
    @Order(2)
    void aBrokerKilledUnderLoadLosesNothing() {
        UnderLoad.run(system, "replicated-kill-broker", load -> {
            int leader = system.kafkaControllerLeader();
            int follower = system.kafkaNodes().stream().filter(node -> node != leader).findFirst().orElseThrow();
            system.killKafkaNode(follower);
            load.progress(); // two replicas of three are enough for every write
            system.startKafkaNode(follower);
        });
    }

    @Test
    @Order(3)
    void theControllerLeaderKilledUnderLoadLosesNothing() {
        UnderLoad.run(system, "replicated-kill-controller", load -> {
            int leader = system.kafkaControllerLeader();
            system.killKafkaNode(leader);
            load.progress(); // the two others elect a new controller and go on
            system.startKafkaNode(leader);
        });
    }
}
