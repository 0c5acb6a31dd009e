package dev.annals.projection;

import dev.annals.consumer.runtime.Consumers;
import dev.annals.consumer.runtime.RunnerState;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.SharedInfrastructure;
import dev.annals.domain.bank.AccountCommand;
import dev.annals.domain.bank.projection.BankAccountsProjection;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.DeadLetterLog;
import dev.annals.projection.testing.LogFold;
import dev.annals.projection.testing.ReadModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The database goes away while the projections are busy: they wait, resume, and lose or double nothing. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class PostgresRestartTest {

    @Inject
    Consumers projections;

    @Test
    void theConsumersWaitForTheDatabaseAndResumeWithNothingLostOrDoubled() {
        List<String> ids = BankHistory.newAccountIds("pg-restart", 20);
        try (BankHistory history = new BankHistory()) {
            ids.forEach(id -> history.openWithDeposits(id, "owner", 30));
            history.flush();
            SharedInfrastructure.stopPostgres();
            try {
                for (int round = 0; round < 30; round++) {
                    ids.forEach(id -> history.send(id, new AccountCommand.Withdraw(1, BankHistory.TELLER)));
                }
                history.flush();
                await().atMost(Duration.ofSeconds(60)).until(() -> projections.state(BankAccountsProjection.NAME),
                        state -> state.equals(Optional.of(RunnerState.RETRYING)));
            } finally {
                SharedInfrastructure.startPostgres();
            }
        }
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> ReadModel.assertEqualsFold("bank_accounts", ids));
        long events = LogFold.accounts(ids).values().stream().mapToLong(LogFold.Folded::version).sum();
        assertThat(events).isEqualTo(20 * 61);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> {
            assertThat(ReadModel.number("select count(*) from event_journal.events where aggregate_id = any(?)",
                    ids)).isEqualTo(events);
            assertThat(ReadModel.number("select sum(version) from aggregate_state.aggregates"
                    + " where aggregate_id = any(?)", ids)).isEqualTo(events);
        });
        assertThat(ReadModel.number("select count(distinct (aggregate_id, version)) from event_journal.events"
                + " where aggregate_id = any(?)", ids)).isEqualTo(events);
        for (String projection : List.of(BankAccountsProjection.NAME, "event-journal", "aggregate-state")) {
            assertThat(DeadLetterLog.of(projection)).noneMatch(letter -> ids.contains(letter.key()));
        }
        assertThat(projections.state(BankAccountsProjection.NAME)).contains(RunnerState.RUNNING);
    }
}
