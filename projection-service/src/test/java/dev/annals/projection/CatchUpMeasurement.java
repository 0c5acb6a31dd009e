package dev.annals.projection;

import dev.annals.consumer.runtime.Consumers;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.projection.journal.EventJournalProjection;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.ReadModel;
import dev.annals.projection.testing.RenamedProjection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A quick measurement, not a test (it asserts no time, and runs only when asked):
 * {@code ./mvnw -B verify -pl projection-service -Dtest=CatchUpMeasurement -Dannals.measure=true}.
 * It writes 100,000 bank events, then times a new bank projection and a new journal projection catching up from
 * offset 0, beside a plain JDBC batched INSERT of the same number of journal rows into the same database.
 * Issue F turns it into a benchmark of the bench module.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
@EnabledIfSystemProperty(named = "annals.measure", matches = "true")
class CatchUpMeasurement {

    private static final int ACCOUNTS = 1_000;
    private static final int EVENTS_PER_ACCOUNT = 100;

    @Inject
    Consumers projections;

    @Test
    void catchUpOf100000BankEvents() throws Exception {
        List<String> ids = BankHistory.newAccountIds("measure", ACCOUNTS);
        try (BankHistory history = new BankHistory()) {
            ids.forEach(id -> history.openWithDeposits(id, "owner", EVENTS_PER_ACCOUNT - 1));
            history.flush();
        }
        long total = BankHistory.endOfLog();
        projections.stop("bank-accounts");
        projections.stop("aggregate-state");
        projections.stop("event-journal");

        RenamedProjection accounts = RenamedProjection.bank("measure-accounts");
        long accountsNanos = timeCatchUp(accounts.name(), () -> projections.start(accounts), total);
        assertThat(ReadModel.number("select sum(version) from measure_accounts.accounts where id like 'measure-%'"))
                .isEqualTo((long) ACCOUNTS * EVENTS_PER_ACCOUNT);

        RenamedProjection journal = new RenamedProjection("measure-journal", new EventJournalProjection());
        long journalNanos = timeCatchUp(journal.name(), () -> projections.start(journal), total);

        long insertNanos = plainBatchedInsert((int) total);
        System.out.printf(Locale.ROOT, "%n%d events in the log%n", total);
        print("bank-accounts projection (Panache, find + update)", total, accountsNanos);
        print("event-journal projection (one INSERT per event)", total, journalNanos);
        print("plain JDBC batched INSERT, 500 per batch", total, insertNanos);
    }

    private long timeCatchUp(String name, Runnable start, long total) {
        long started = System.nanoTime();
        start.run();
        await().atMost(Duration.ofMinutes(20)).pollInterval(Duration.ofMillis(200)).until(() ->
                ReadModel.number("select coalesce(sum(kafka_offset), 0) from annals_checkpoint where consumer = ?",
                        name) >= total);
        return System.nanoTime() - started;
    }

    private static long plainBatchedInsert(int rows) throws Exception {
        try (Connection connection = ReadModel.owner(); Statement ddl = connection.createStatement()) {
            ddl.execute("create table if not exists measure_plain_insert (like event_journal_g1.events"
                    + " including defaults including identity)");
            connection.setAutoCommit(false);
            long started = System.nanoTime();
            try (PreparedStatement insert = connection.prepareStatement("insert into measure_plain_insert"
                    + " (aggregate_type, aggregate_id, version, event_type, time, data, command_id, command_offset,"
                    + " correlation_id, event_id) values (?, ?, ?, ?, now(), cast(? as jsonb), ?, ?, ?, ?)")) {
                for (int i = 0; i < rows; i++) {
                    insert.setString(1, "bank-account");
                    insert.setString(2, "plain-" + (i / EVENTS_PER_ACCOUNT));
                    insert.setLong(3, i % EVENTS_PER_ACCOUNT + 1);
                    insert.setString(4, "MoneyDeposited");
                    insert.setString(5, "{\"amount\":" + i + "}");
                    insert.setString(6, UUID.randomUUID().toString());
                    insert.setLong(7, i);
                    insert.setString(8, UUID.randomUUID().toString());
                    insert.setString(9, UUID.randomUUID().toString());
                    insert.addBatch();
                    if (i % 500 == 499) {
                        insert.executeBatch();
                        connection.commit();
                    }
                }
                insert.executeBatch();
                connection.commit();
            }
            return System.nanoTime() - started;
        }
    }

    private static void print(String what, long events, long nanos) {
        double seconds = nanos / 1e9;
        System.out.printf(Locale.ROOT, "  %-52s %6.1f s  %8.0f events/s%n", what, seconds, events / seconds);
    }
}
