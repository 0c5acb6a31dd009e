package dev.annals.projection;

import dev.annals.devstack.Endpoints;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.SharedInfrastructure;
import dev.annals.domain.bank.projection.BankAccountsProjection;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.ReadModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Three database roles: projection-service's batches run as a runtime role that reads and writes rows of the
 * projections' tables and the checkpoints and can change no schema; query-service's role can write nothing; the
 * migration role owns it all. The service works this way (every other test of the module runs with these logins).
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class DatabaseRolesTest {

    /** PostgreSQL's insufficient_privilege: refused for want of a right, not for a mistake in the statement. */
    private static final String INSUFFICIENT_PRIVILEGE = "42501";

    @Test
    void the_runtime_role_writes_rows_but_cannot_create_alter_or_drop() throws Exception {
        String id = BankHistory.newAccountId("roles");
        try (BankHistory history = new BankHistory()) {
            history.openWithDeposits(id, "ann", 2);
            history.flush();
        }
        // the batches, running as the runtime role, applied them
        await().atMost(Duration.ofSeconds(30)).until(() -> ReadModel.number(
                "select count(*) from bank_accounts.accounts where id = ?", id) == 1);

        try (Connection runtime = ReadModel.projector(); Statement sql = runtime.createStatement()) {
            String schema = "bank_accounts_g" + generation(sql);
            List<String> ddl = List.of(
                    "create table public.intruder (x int)",
                    "create schema intruder",
                    "create table " + schema + ".intruder (x int)",
                    "alter table " + schema + ".accounts add column intruder int",
                    "drop table " + schema + ".accounts",
                    "truncate " + schema + ".accounts",
                    "drop view bank_accounts.accounts",
                    "insert into " + schema + ".flyway_schema_history (installed_rank, description, type, script,"
                            + " installed_by, success) values (999, 'x', 'SQL', 'x', 'x', true)",
                    "delete from public.annals_checkpoint",
                    "update public.annals_projection set generation = 99");
            for (String statement : ddl) {
                assertThatThrownBy(() -> sql.execute(statement)).as(statement)
                        .isInstanceOfSatisfying(SQLException.class, e ->
                                assertThat(e.getSQLState()).as(statement + ": " + e.getMessage())
                                        .isEqualTo(INSUFFICIENT_PRIVILEGE));
            }
            // and what the batches do, it may
            assertThat(sql.executeUpdate("update " + schema + ".accounts set balance = balance where id = '" + id
                    + "'")).isEqualTo(1);
            sql.executeUpdate("update public.annals_checkpoint set updated_at = updated_at where false");
        }
    }

    @Test
    void the_read_only_role_writes_nothing_even_with_its_session_default_switched_off() throws Exception {
        try (Connection reader = ReadModel.reader(); Statement sql = reader.createStatement()) {
            // a session default the role may change itself: what refuses the writes below is the grants
            sql.execute("set default_transaction_read_only = off");
            sql.execute("set session characteristics as transaction read write");
            String schema = "bank_accounts_g" + generation(sql);
            List<String> writes = List.of(
                    "insert into bank_accounts.accounts (id, owner, balance, status, version)"
                            + " values ('intruder', 'x', 0, 'OPEN', 1)",
                    "update bank_accounts.accounts set balance = 0",
                    "delete from bank_accounts.accounts",
                    "update " + schema + ".accounts set balance = 0",
                    "truncate " + schema + ".accounts",
                    "update public.annals_checkpoint set kafka_offset = 0",
                    "delete from public.annals_checkpoint",
                    "select * from bank_accounts.accounts for update",
                    "create table public.intruder (x int)",
                    "create table " + schema + ".intruder (x int)",
                    "create schema intruder",
                    "create temporary table intruder (x int)",
                    "create function public.intruder() returns int language sql as 'select 1'",
                    "select lo_create(0)",
                    "select lo_creat(-1)",
                    "select lo_from_bytea(0, 'written'::bytea)",
                    "select pg_advisory_lock(1)",
                    "select pg_advisory_xact_lock_shared(hashtext('projection:bank-accounts'))",
                    "select pg_try_advisory_lock(1)",
                    "select pg_logical_emit_message(false, 'intruder', 'written')",
                    "select pg_logical_emit_message(true, 'intruder', 'written'::bytea)");
            for (String statement : writes) {
                assertThatThrownBy(() -> sql.execute(statement)).as(statement)
                        .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                                .as(statement + ": " + e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
            }
            // and it reads
            try (ResultSet rows = sql.executeQuery("select count(*) from bank_accounts.accounts")) {
                assertThat(rows.next()).isTrue();
            }
        }
    }

    @Test
    void the_read_only_role_logs_in_to_the_read_models_database_alone() {
        Endpoints endpoints = SharedInfrastructure.endpoints();
        for (String database : List.of("postgres", "template1")) {
            String url = "jdbc:postgresql://" + endpoints.postgresHost() + ":" + endpoints.postgresPort() + "/"
                    + database;
            assertThatThrownBy(() -> DriverManager.getConnection(url, endpoints.reader().username(),
                    endpoints.reader().password()).close()).as(database)
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState())
                            .as(database + ": " + e.getMessage()).isEqualTo(INSUFFICIENT_PRIVILEGE));
        }
    }

    @Test
    void the_roles_that_lock_still_may() throws Exception {
        try (Connection runtime = ReadModel.projector(); Statement sql = runtime.createStatement()) {
            sql.execute("select pg_try_advisory_lock(42)");
            sql.execute("select pg_advisory_unlock(42)");
        }
    }

    private static int generation(Statement sql) throws SQLException {
        try (ResultSet row = sql.executeQuery("select generation from public.annals_projection where name = '"
                + BankAccountsProjection.NAME + "'")) {
            assertThat(row.next()).isTrue();
            return row.getInt(1);
        }
    }
}
