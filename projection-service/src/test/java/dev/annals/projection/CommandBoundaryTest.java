package dev.annals.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.domain.bank.AccountEvent;
import dev.annals.domain.bank.projection.BankAccountsProjection;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.BankHistory.SentCommand;
import dev.annals.projection.testing.ReadModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batches that end inside a command: with two events a transaction and commands of three events, most batches
 * split one. A checkpoint may name a command offset only once every event of that command is applied, or a read
 * with that command's token sees half of it — a state the domain never has.
 */
@QuarkusTest
@TestProfile(CommandBoundaryTest.TwoEventBatches.class)
@QuarkusTestResource(DevstackTestResource.class)
class CommandBoundaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COMMANDS = 12;

    public static class TwoEventBatches implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("annals.consumer.batch-size", "2");
        }
    }

    /** One committed checkpoint as notified: the command offset it claims, the Kafka offset it applied up to. */
    private record Notice(String consumer, long commandOffset, long kafkaOffset) {
    }

    @Test
    void a_checkpoint_reaches_a_command_only_when_its_last_event_is_applied() throws Exception {
        String account = BankHistory.newAccountId("three-a-command");
        int partition = BankHistory.partitionOf(account);
        List<SentCommand> commands = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        try (Connection listener = ReadModel.owner(); BankHistory history = new BankHistory()) {
            execute(listener, "listen annals_checkpoint");
            for (int command = 0; command < COMMANDS; command++) {
                commands.add(history.sendAsOneCommand(account, command == 0
                        ? List.of(new AccountEvent.AccountOpened("ann"), new AccountEvent.MoneyDeposited(1),
                                new AccountEvent.MoneyDeposited(2))
                        : List.of(new AccountEvent.MoneyDeposited(1), new AccountEvent.MoneyDeposited(1),
                                new AccountEvent.MoneyWithdrawn(1))));
            }
            long last = commands.get(COMMANDS - 1).commandOffset();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                collect(listener, partition, notices);
                return notices.stream().anyMatch(notice -> notice.consumer().equals(BankAccountsProjection.NAME)
                        && notice.commandOffset() >= last);
            });
        }

        assertThat(notices).as("some batch ended inside one of the commands").anyMatch(notice -> commands.stream()
                .anyMatch(command -> notice.kafkaOffset() > command.firstOffset()
                        && notice.kafkaOffset() <= command.lastOffset()));
        for (Notice notice : notices) {
            for (SentCommand command : commands) {
                if (command.commandOffset() <= notice.commandOffset()) {
                    assertThat(command.lastOffset()).as("%s claims command %d, whose last event is at offset %d",
                            notice, command.commandOffset(), command.lastOffset()).isLessThan(notice.kafkaOffset());
                }
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                ReadModel.assertEqualsFold("bank_accounts", List.of(account)));
    }

    /** The checkpoint notices of the account's partition that arrived so far, of every projection. */
    private static void collect(Connection listener, int partition, List<Notice> into) throws Exception {
        PGNotification[] arrived = listener.unwrap(PGConnection.class).getNotifications(200);
        if (arrived == null) {
            return;
        }
        for (PGNotification notification : arrived) {
            JsonNode notice = JSON.readTree(notification.getParameter());
            if (notice.path("topic").asText().equals(BankHistory.TOPIC)
                    && notice.path("partition").asInt() == partition) {
                into.add(new Notice(notice.get("consumer").asText(), notice.get("commandOffset").asLong(),
                        notice.get("kafkaOffset").asLong()));
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
