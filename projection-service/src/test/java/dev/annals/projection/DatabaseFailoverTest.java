package dev.annals.projection;

import dev.annals.consumer.runtime.Consumers;
import dev.annals.consumer.runtime.RunnerState;
import dev.annals.devstack.Endpoints;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.SharedInfrastructure;
import dev.annals.domain.bank.AccountCommand;
import dev.annals.domain.bank.projection.BankAccountsProjection;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.DeadLetterLog;
import dev.annals.projection.testing.ReadModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a database switchover looks like to a consumer: connections that land on a read-only server (SQLSTATE
 * 25006) and statements cancelled under it (57014). The database answers {@code select 1} all along, so only the
 * SQLSTATE tells these apart from an event no retry can apply: nothing may be dead-lettered, and everything is
 * applied once the database takes writes again.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class DatabaseFailoverTest {

    /** More cancels than the handler's attempts and the check after them: enough to dead-letter if not transient. */
    private static final int CANCELS = 6;

    @Inject
    Consumers projections;

    @Test
    void aReadOnlyDatabaseIsWaitedOutNotDeadLettered() throws SQLException {
        List<String> ids = BankHistory.newAccountIds("read-only", 3);
        try (Connection admin = ReadModel.superuser(); BankHistory history = new BankHistory()) {
            execute(admin, "alter database annals set default_transaction_read_only = on");
            try {
                dropTheServicesConnections(admin); // they come back read-only, as on a standby
                ids.forEach(id -> history.openWithDeposits(id, "ann", 5));
                history.flush();
                await().atMost(Duration.ofSeconds(60)).until(() -> projections.state(BankAccountsProjection.NAME),
                        state -> state.equals(Optional.of(RunnerState.RETRYING)));
                assertThat(lastError()).contains("read-only");
            } finally {
                execute(admin, "alter database annals reset default_transaction_read_only");
                dropTheServicesConnections(admin); // the switchover is over: connections reach a primary again
            }
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ReadModel.assertEqualsFold("bank_accounts", ids));
        assertNothingDeadLettered(ids);
    }

    @Test
    void aCancelledStatementIsRetriedNotDeadLettered() throws SQLException {
        String id = BankHistory.newAccountId("cancelled");
        try (Connection locker = ReadModel.owner(); Connection admin = ReadModel.superuser();
             BankHistory history = new BankHistory()) {
            locker.setAutoCommit(false);
            execute(locker, "lock table bank_accounts.accounts in access exclusive mode");
            history.openWithDeposits(id, "bob", 2);
            history.send(id, new AccountCommand.Withdraw(1, BankHistory.TELLER));
            history.flush();
            Optional<Blocked> previous = Optional.empty();
            for (int cancel = 0; cancel < CANCELS; cancel++) {
                Optional<Blocked> before = previous;
                Blocked blocked = await().atMost(Duration.ofSeconds(60)).until(() -> blockedStatement(admin),
                        now -> now.isPresent() && !now.equals(before)).orElseThrow();
                try (PreparedStatement cancelIt = admin.prepareStatement("select pg_cancel_backend(?)")) {
                    cancelIt.setInt(1, blocked.pid());
                    cancelIt.execute();
                }
                previous = Optional.of(blocked);
            }
            assertThat(lastError()).contains("cancel");
            locker.rollback();
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> ReadModel.assertEqualsFold("bank_accounts",
                List.of(id)));
        assertNothingDeadLettered(List.of(id));
    }

    /** One statement waiting: its backend, and when it started (a retry on the same connection starts anew). */
    private record Blocked(int pid, String started) {
    }

    /** A statement of the runtime role waiting for a lock: the projection's write. */
    private static Optional<Blocked> blockedStatement(Connection admin) throws SQLException {
        try (Statement query = admin.createStatement();
             ResultSet rows = query.executeQuery("select pid, query_start::text from pg_stat_activity"
                     + " where usename = '" + SharedInfrastructure.endpoints().projector().username() + "'"
                     + " and wait_event_type = 'Lock'")) {
            return rows.next() ? Optional.of(new Blocked(rows.getInt(1), rows.getString(2))) : Optional.empty();
        }
    }

    private static void dropTheServicesConnections(Connection admin) throws SQLException {
        // the service's two logins: the batches' and the migrations'
        Endpoints endpoints = SharedInfrastructure.endpoints();
        execute(admin, "select pg_terminate_backend(pid) from pg_stat_activity where usename in ('"
                + endpoints.projector().username() + "', '" + endpoints.owner().username() + "')"
                + " and pid <> pg_backend_pid() and backend_type = 'client backend'");
    }

    private String lastError() {
        var status = projections.status(BankAccountsProjection.NAME);
        return status.lastError() == null ? "" : status.lastError().message();
    }

    private static void assertNothingDeadLettered(List<String> ids) {
        for (String projection : List.of(BankAccountsProjection.NAME, "event-journal", "aggregate-state")) {
            assertThat(DeadLetterLog.of(projection)).as(projection).noneMatch(letter -> ids.contains(letter.key()));
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
