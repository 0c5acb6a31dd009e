package dev.annals.query;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.query.testing.Commands;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgException;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The service's own database login can read every read model and write none of them. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class ReadOnlyLoginTest {

    private static final Duration AT_MOST = Duration.ofSeconds(10);

    @Inject
    Pool pool;

    @Test
    void theServicesLoginCanSelectButNotWrite() {
        String account = Commands.newId("readonly");
        Commands.open(account, "reader");
        // the projections have created their tables by now: the account above went through them
        assertThat(pool.query("select count(*) from bank_accounts.accounts").execute().await().atMost(AT_MOST)
                .iterator().next().getLong(0)).isNotNegative();

        List<String> writes = List.of(
                "insert into bank_accounts.accounts (id, owner, balance, status, version)"
                        + " values ('forged', 'mallory', 1000000, 'open', 1)",
                "update bank_accounts.accounts set balance = balance + 1000000",
                "delete from event_journal.events",
                "update aggregate_state.aggregates set version = 0",
                "update public.annals_checkpoint set command_offset = 999999999",
                "create table public.mallory (x int)",
                "create table bank_accounts_g1.mallory (x int)");
        for (String write : writes) {
            // refused by the login's read-only default (25006), or for want of the privilege (42501) ...
            assertThatThrownBy(() -> pool.query(write).execute().await().atMost(AT_MOST)).as(write)
                    .isInstanceOfSatisfying(PgException.class, refused -> assertThat(refused.getSqlState())
                            .isIn("25006", "42501"));
            // ... and, when a session asks for a read-write transaction, for want of the privilege
            assertThatThrownBy(() -> pool.withTransaction(connection -> connection.query("set transaction read write")
                    .execute().chain(() -> connection.query(write).execute())).await().atMost(AT_MOST)).as(write)
                    .isInstanceOfSatisfying(PgException.class, refused -> assertThat(refused.getSqlState())
                            .isEqualTo("42501"));
        }
        assertThat(pool.preparedQuery("select count(*) from bank_accounts.accounts where id = $1")
                .execute(Tuple.of("forged")).await().atMost(AT_MOST).iterator().next().getLong(0)).isZero();
    }
}
