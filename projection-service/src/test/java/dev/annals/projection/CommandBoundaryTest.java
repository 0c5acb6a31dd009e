package dev.annals.projection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.consumer.runtime.Consumers;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.domain.bank.AccountEvent;
import dev.annals.domain.bank.projection.BankAccountsProjection;
import dev.annals.projection.testing.BankHistory.SentCommand;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.ReadModel;
import dev.annals.projection.testing.RenamedProjection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Batches and commands of several events, with three events a poll: commands of two events, which a transaction
 * never splits (a poll that ends inside one leaves it for the next batch), and of four, which no poll can hold
 * whole. The events of a command are written in one Kafka transaction, as the processor writes them. A checkpoint names a command offset only once every event of that command is applied, or a read with
 * that command's token would see half of it — a state the domain never has.
 */
@QuarkusTest
@TestProfile(CommandBoundaryTest.ThreeEventPolls.class)
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class CommandBoundaryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int COMMANDS = 8;

    @Inject
    Consumers projections;

    public static class ThreeEventPolls implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("annals.consumer.batch-size", "3");
        }
    }

    /** One committed checkpoint as notified: the command offset it claims, the Kafka offset it applied up to. */
    private record Notice(String consumer, int partition, long commandOffset, long kafkaOffset) {
    }

    @Test
    void transactionsEndAtCommandsAndACheckpointReachesACommandOnlyWithItsLastEvent() throws Exception {
        String account = BankHistory.newAccountId("many-a-command");
        int partition = BankHistory.partitionOf(account);
        List<SentCommand> pairs = new ArrayList<>();
        List<SentCommand> quartets = new ArrayList<>();
        List<Notice> notices = new ArrayList<>();
        try (Connection listener = ReadModel.owner(); BankHistory history = new BankHistory()) {
            execute(listener, "listen annals_checkpoint");
            quartets.add(history.sendAsOneCommand(account, List.of(new AccountEvent.AccountOpened("ann"),
                    new AccountEvent.MoneyDeposited(1), new AccountEvent.MoneyDeposited(2),
                    new AccountEvent.MoneyDeposited(3))));
            // four, two and one events: seven a round, so that polls of three end inside the pairs as well
            List<SentCommand> singles = new ArrayList<>();
            for (int round = 0; round < COMMANDS; round++) {
                pairs.add(history.sendAsOneCommand(account, List.of(new AccountEvent.MoneyDeposited(1),
                        new AccountEvent.MoneyWithdrawn(1))));
                singles.add(history.sendAsOneCommand(account, List.of(new AccountEvent.MoneyDeposited(1))));
                quartets.add(history.sendAsOneCommand(account, List.of(new AccountEvent.MoneyDeposited(1),
                        new AccountEvent.MoneyDeposited(1), new AccountEvent.MoneyWithdrawn(1),
                        new AccountEvent.MoneyWithdrawn(1))));
            }
            long last = quartets.get(quartets.size() - 1).commandOffset();
            await().atMost(Duration.ofSeconds(90)).until(() -> {
                collect(listener, notice -> notice.partition() == partition, notices);
                return notices.stream().anyMatch(notice -> notice.consumer().equals(BankAccountsProjection.NAME)
                        && notice.commandOffset() >= last);
            });
        }

        assertThat(notices).as("a command of four events was split across transactions").anyMatch(notice ->
                quartets.stream().anyMatch(command -> inside(notice, command)));
        assertThat(notices).as("no transaction ended inside a command of two events").noneMatch(notice ->
                pairs.stream().anyMatch(command -> inside(notice, command)));
        List<SentCommand> all = new ArrayList<>(pairs);
        all.addAll(quartets);
        for (Notice notice : notices) {
            for (SentCommand command : all) {
                if (command.commandOffset() <= notice.commandOffset()) {
                    assertThat(command.lastOffset()).as("%s claims command %d, whose last event is at offset %d",
                            notice, command.commandOffset(), command.lastOffset()).isLessThan(notice.kafkaOffset());
                }
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                ReadModel.assertEqualsFold("bank_accounts", List.of(account)));
    }

    /**
     * Catching up over several partitions: {@code max.poll.records} is shared by the partitions of a poll, so the
     * last partition of one often gets only the first event of a command. A projection started after the commands
     * were written reads them all in such polls, and still never ends a transaction inside a command that fits a
     * poll, in any partition.
     */
    @Test
    void aPollEndingInsideACommandOfAnotherPartitionLeavesItWhole() throws Exception {
        List<String> accounts = onDistinctPartitions("boundaries", 4);
        List<SentCommand> pairs = new ArrayList<>();
        try (BankHistory history = new BankHistory()) {
            for (String account : accounts) {
                history.sendAsOneCommand(account, List.of(new AccountEvent.AccountOpened("ann")));
            }
            for (int round = 0; round < COMMANDS; round++) {
                for (String account : accounts) {
                    pairs.add(history.sendAsOneCommand(account, List.of(new AccountEvent.MoneyDeposited(2),
                            new AccountEvent.MoneyWithdrawn(1))));
                    if (round % 3 == 0) {
                        // a single now and then, so that the pairs do not all start at even offsets
                        history.sendAsOneCommand(account, List.of(new AccountEvent.MoneyDeposited(1)));
                    }
                }
            }
        }
        Map<Integer, Long> lastOfPartition = new HashMap<>();
        for (SentCommand pair : pairs) {
            lastOfPartition.merge(pair.partition(), pair.lastOffset() + 1, Math::max);
        }
        RenamedProjection late = RenamedProjection.bank("boundaries-late");
        List<Notice> notices = new ArrayList<>();
        try (Connection listener = ReadModel.owner()) {
            execute(listener, "listen annals_checkpoint");
            projections.start(late);
            await().atMost(Duration.ofMinutes(3)).until(() -> {
                collect(listener, notice -> notice.consumer().equals(late.name()), notices);
                return lastOfPartition.entrySet().stream().allMatch(last -> notices.stream().anyMatch(notice ->
                        notice.partition() == last.getKey() && notice.kafkaOffset() >= last.getValue()));
            });
        }
        assertThat(notices.stream().map(Notice::partition).distinct()).hasSize(accounts.size());
        for (Notice notice : notices) {
            assertThat(pairs).as("a transaction of %s ended inside a command of two events", notice)
                    .noneMatch(pair -> pair.partition() == notice.partition() && inside(notice, pair));
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                ReadModel.assertEqualsFold(late.schema(), accounts));
    }

    /** {@code count} new account ids, each on a partition of its own. */
    private static List<String> onDistinctPartitions(String prefix, int count) {
        List<String> accounts = new ArrayList<>();
        Set<Integer> partitions = new HashSet<>();
        while (accounts.size() < count) {
            String account = BankHistory.newAccountId(prefix);
            if (partitions.add(BankHistory.partitionOf(account))) {
                accounts.add(account);
            }
        }
        return accounts;
    }

    /** Whether the notice's transaction ended after some but not all of the command's events. */
    private static boolean inside(Notice notice, SentCommand command) {
        return notice.kafkaOffset() > command.firstOffset() && notice.kafkaOffset() <= command.lastOffset();
    }

    /** The checkpoint notices of the accounts' topic that arrived so far and that {@code which} keeps. */
    private static void collect(Connection listener, Predicate<Notice> which, List<Notice> into) throws Exception {
        PGNotification[] arrived = listener.unwrap(PGConnection.class).getNotifications(200);
        if (arrived == null) {
            return;
        }
        for (PGNotification notification : arrived) {
            JsonNode json = JSON.readTree(notification.getParameter());
            Notice notice = new Notice(json.path("consumer").asText(), json.path("partition").asInt(),
                    json.path("commandOffset").asLong(), json.path("kafkaOffset").asLong());
            if (json.path("topic").asText().equals(BankHistory.TOPIC) && which.test(notice)) {
                into.add(notice);
            }
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
