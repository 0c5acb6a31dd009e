package dev.annals.projection;

import dev.annals.consumer.runtime.FaultPoint;
import dev.annals.consumer.runtime.Projections;
import dev.annals.consumer.runtime.RunnerState;
import dev.annals.core.topic.Topics;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.domain.bank.AccountCommand;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.DeadLetterLog;
import dev.annals.projection.testing.ReadModel;
import dev.annals.projection.testing.RenamedProjection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
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
@QuarkusTestResource(DevstackTestResource.class)
class ExactlyOnceCrashTest {

    private static final Duration PATIENCE = Duration.ofSeconds(60);

    @Inject
    Projections projections;

    @ParameterizedTest
    @EnumSource(FaultPoint.class)
    void aConsumerKilledAndRestartedAppliesEveryEventExactlyOnce(FaultPoint point) throws Exception {
        RenamedProjection projection = RenamedProjection.bank("crash-" + point.name()
                .toLowerCase(Locale.ROOT).replace('_', '-'));
        projections.start(projection);
        List<String> ids = BankHistory.newAccountIds("crash", 8);
        try (BankHistory history = new BankHistory()) {
            ids.forEach(id -> history.openWithDeposits(id, "owner", 3));
            history.flush();
            await().atMost(PATIENCE).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));

            projections.crashOnce(projection.name(), point);
            ids.forEach(id -> history.send(id, new AccountCommand.Deposit(10)));
            history.flush();
            await().atMost(PATIENCE).until(() -> projections.state(projection.name()),
                    state -> state.equals(Optional.of(RunnerState.CRASHED)));

            Map<String, ReadModel.AccountRow> atCrash = ReadModel.accounts(projection.schema(), ids);
            if (point == FaultPoint.BEFORE_DATABASE_COMMIT) {
                // the batch's transaction never committed: nothing of the new deposits is in the read model
                assertThat(atCrash.values()).allSatisfy(row -> assertThat(row.version()).isEqualTo(4));
            } else {
                // committed to the database, never acknowledged to Kafka: resuming from Kafka's offsets would
                // apply this batch a second time
                assertThat(atCrash.values()).anySatisfy(row -> assertThat(row.version()).isEqualTo(5));
                assertThat(kafkaBehindDatabase(projection.name())).as("Kafka's committed offsets lag the database")
                        .isTrue();
            }

            projections.restart(projection.name());
            ids.forEach(id -> history.send(id, new AccountCommand.Withdraw(1)));
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
        try (BankHistory history = new BankHistory()) {
            ids.forEach(id -> history.openWithDeposits(id, "owner", 40));
            history.flush();
            projections.addConsumer(projection.name()); // the group rebalances while the first one is busy
            for (int round = 0; round < 20; round++) {
                ids.forEach(id -> history.send(id, new AccountCommand.Deposit(2)));
            }
            history.flush();
            projections.addConsumer(projection.name());
            for (int round = 0; round < 20; round++) {
                ids.forEach(id -> history.send(id, new AccountCommand.Withdraw(1)));
            }
            history.flush();
            projections.removeConsumer(projection.name()); // and again as one leaves
        }
        await().atMost(PATIENCE).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));
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
            projections.restart(projection.name());
        }
        await().atMost(PATIENCE).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));
        assertThat(ReadModel.accounts(projection.schema(), ids).values())
                .allSatisfy(row -> assertThat(row.version()).isEqualTo(4));
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
