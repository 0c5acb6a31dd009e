package dev.annals.projection;

import dev.annals.consumer.runtime.Consumers;
import dev.annals.consumer.runtime.OtherInstance;
import dev.annals.consumer.runtime.ProcessDeath.Point;
import dev.annals.consumer.runtime.ProcessDeath;
import dev.annals.consumer.runtime.RunnerState;
import dev.annals.core.topic.Topics;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.domain.bank.AccountCommand;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.DeadLetterLog;
import dev.annals.projection.testing.ReadModel;
import dev.annals.projection.testing.RenamedProjection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Kills a projection's consumer at the two dangerous points of a batch and restarts it, and moves partitions
 * between consumers mid-stream: the read model must still equal the fold of the log, with every event applied
 * once. The bank handlers refuse an event that is not
 * the account's next version, so an event applied twice would also land in the dead-letter topic.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class ExactlyOnceCrashTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    Consumers projections;

    @Inject
    ProcessDeath death;

    @ParameterizedTest
    @EnumSource(Point.class)
    void aConsumerKilledAndRestartedAppliesEveryEventExactlyOnce(Point point) throws Exception {
        RenamedProjection projection = RenamedProjection.bank("crash-" + point.name()
                .toLowerCase(Locale.ROOT).replace('_', '-'));
        projections.start(projection);
        List<String> ids = BankHistory.newAccountIds("crash", 8);
        try (BankHistory history = new BankHistory()) {
            ids.forEach(id -> history.openWithDeposits(id, "owner", 3));
            history.flush();
            await().atMost(PATIENCE).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));

            death.atNextBatch(projection.name(), point);
            ids.forEach(id -> history.send(id, new AccountCommand.Deposit(10)));
            history.flush();
            await().atMost(PATIENCE).until(() -> projections.state(projection.name()),
                    state -> state.equals(Optional.of(RunnerState.FAILED)));
            assertThat(projections.status(projection.name()).lastError().message()).contains("killed");

            Map<String, ReadModel.AccountRow> atCrash = ReadModel.accounts(projection.schema(), ids);
            if (point == Point.BEFORE_DATABASE_COMMIT) {
                // the batch's transaction never committed: nothing of the new deposits is in the read model
                assertThat(atCrash.values()).allSatisfy(row -> assertThat(row.version()).isEqualTo(4));
            } else {
                // committed to the database, never acknowledged to Kafka: resuming from Kafka's offsets would
                // apply this batch a second time
                assertThat(atCrash.values()).anySatisfy(row -> assertThat(row.version()).isEqualTo(5));
                assertThat(kafkaBehindDatabase(projection.name())).as("Kafka's committed offsets lag the database")
                        .isTrue();
            }

            restart(projection);
            ids.forEach(id -> history.send(id, new AccountCommand.Withdraw(1, BankHistory.TELLER)));
            history.flush();
            await().atMost(PATIENCE).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));
        }
        assertThat(ReadModel.accounts(projection.schema(), ids).values())
                .allSatisfy(row -> assertThat(row.version()).isEqualTo(6));
        assertThat(DeadLetterLog.of(projection.name())).noneMatch(letter -> ids.contains(letter.key()));
    }

    @Test
    void consumersJoiningAndLeavingTheGroupMidStreamApplyEveryEventOnce() {
        RenamedProjection projection = RenamedProjection.bank("rebalanced-accounts");
        projections.start(projection);
        List<String> ids = BankHistory.newAccountIds("rebalance", 12);
        try (BankHistory history = new BankHistory();
             OtherInstance otherInstance = CDI.current().select(OtherInstance.class).get()) {
            ids.forEach(id -> history.openWithDeposits(id, "owner", 40));
            history.flush();
            // another instance's consumer joins: the group rebalances while the first one is busy
            otherInstance.addConsumer(projection.name());
            for (int round = 0; round < 20; round++) {
                ids.forEach(id -> history.send(id, new AccountCommand.Deposit(2)));
            }
            history.flush();
            otherInstance.addConsumer(projection.name());
            for (int round = 0; round < 20; round++) {
                ids.forEach(id -> history.send(id, new AccountCommand.Withdraw(1, BankHistory.TELLER)));
            }
            history.flush();
            otherInstance.removeConsumer(); // and again as one leaves
            await().atMost(PATIENCE).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));
        }
        assertThat(ReadModel.accounts(projection.schema(), ids).values())
                .allSatisfy(row -> assertThat(row.version()).isEqualTo(81));
        assertThat(DeadLetterLog.of(projection.name())).noneMatch(letter -> ids.contains(letter.key()));
    }

    @Test
    void onAssignmentTheConsumerSeeksToTheDatabaseCheckpointNotToKafkasCommittedOffset() throws Exception {
        RenamedProjection projection = RenamedProjection.bank("kafka-offsets-ignored");
        projections.start(projection);
        List<String> ids = BankHistory.newAccountIds("seek", 6);
        try (BankHistory history = new BankHistory()) {
            ids.forEach(id -> history.openWithDeposits(id, "owner", 2));
            history.flush();
            await().atMost(PATIENCE).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));
            projections.stop(projection.name());

            ids.forEach(id -> history.send(id, new AccountCommand.Deposit(7)));
            history.flush();
            // Kafka now says the group has read everything; a consumer that believed it would lose the deposits
            Map<TopicPartition, OffsetAndMetadata> end = new HashMap<>();
            BankHistory.endOffsets().forEach((partition, offset) -> end.put(partition, new OffsetAndMetadata(offset)));
            try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                    BankHistory.bootstrap()))) {
                admin.alterConsumerGroupOffsets(Topics.consumerGroup(projection.name()), end).all().get();
            }
            restart(projection);
        }
        await().atMost(PATIENCE).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));
        assertThat(ReadModel.accounts(projection.schema(), ids).values())
                .allSatisfy(row -> assertThat(row.version()).isEqualTo(4));
    }

    /** Starts the projection again as a restarted service would: from its checkpoints. */
    private void restart(RenamedProjection projection) {
        projections.stop(projection.name());
        projections.start(projection);
    }

    private static boolean kafkaBehindDatabase(String projection) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed;
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                BankHistory.bootstrap()))) {
            committed = admin.listConsumerGroupOffsets(Topics.consumerGroup(projection))
                    .partitionsToOffsetAndMetadata().get();
        }
        for (int partition = 0; partition < BankHistory.PARTITIONS; partition++) {
            long database = ReadModel.number("select kafka_offset from annals_checkpoint where consumer = ?"
                    + " and topic = ? and partition = ?", projection, BankHistory.TOPIC, partition);
            OffsetAndMetadata kafka = committed.get(new TopicPartition(BankHistory.TOPIC, partition));
            if ((kafka == null ? 0 : kafka.offset()) < database) {
                return true;
            }
        }
        return false;
    }
}
