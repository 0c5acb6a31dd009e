package dev.annals.projection;

import dev.annals.consumer.runtime.Consumers;
import dev.annals.consumer.runtime.OtherInstance;
import dev.annals.consumer.runtime.ProcessDeath;
import dev.annals.consumer.runtime.RunnerState;
import dev.annals.consumer.schema.ConsumerSchemas;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.Management;
import dev.annals.domain.bank.AccountCommand;
import dev.annals.domain.bank.projection.BankAccountsProjection;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.DeadLetterLog;
import dev.annals.projection.testing.ReadModel;
import dev.annals.projection.testing.RenamedProjection;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.enterprise.inject.spi.CDI;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;
import static org.hamcrest.Matchers.nullValue;

/**
 * Blue/green rebuild: the projection is replayed from offset 0 into new tables while readers keep reading the old
 * ones through the published views, then the views move to the new tables in one transaction.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class RebuildTest {

    @Inject
    Consumers projections;

    @Inject
    ProcessDeath death;

    @Inject
    ConsumerSchemas schemas;

    @Test
    void aRebuildThatDiedBlocksAnotherAndIsResumedWhereItStoppedOnRestart() {
        RenamedProjection projection = RenamedProjection.bank("resumed-accounts");
        projections.start(projection);
        List<String> ids = BankHistory.accountsWithDeposits("resume", 10, 5);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));

        // the rebuild dies after committing its first batch into generation 2, as if the process was killed
        death.atNextBatch(projections.plan(projection.name()).rebuildConsumer(2), ProcessDeath.Point.AFTER_DATABASE_COMMIT);
        assertThat(projections.rebuild(projection.name())).isEqualTo(2);
        await().atMost(Duration.ofMinutes(1)).until(() -> projections.rebuildState(projection.name()),
                state -> state.equals(Optional.of(RunnerState.FAILED)));
        given().baseUri(Management.uri())
                .post("/admin/projections/" + projection.name() + "/rebuild").then().statusCode(409)
                .contentType("application/problem+json").body("code", is("REBUILD_IN_PROGRESS"));
        given().baseUri(Management.uri()).get("/admin/projections/" + projection.name()).then().statusCode(200)
                .body("generation", is(1)).body("rebuild.generation", is(2));

        // started again as a restarted service would
        projections.stop(projection.name());
        projections.start(projection);
        await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> given().baseUri(Management.uri())
                .get("/admin/projections/" + projection.name()).then().statusCode(200)
                .body("generation", is(2)).body("rebuild", nullValue()));
        // resumed from its checkpoint: an event applied twice in generation 2 would have been dead-lettered
        ReadModel.assertEqualsFold(projection.schema(), ids);
        assertThat(DeadLetterLog.of(projection.name())).noneMatch(letter -> ids.contains(letter.key()));
    }

    @Test
    void twoInstancesRebuildOnceAndTheRunnerThatDidNotSwapWritesNothingAfterTheSwap() {
        RenamedProjection projection = RenamedProjection.bank("twice-rebuilt");
        projections.start(projection);
        List<String> ids = BankHistory.newAccountIds("two-rebuilders", 10);
        try (BankHistory history = new BankHistory();
             OtherInstance second = CDI.current().select(OtherInstance.class).get();
             OtherInstance third = CDI.current().select(OtherInstance.class).get()) {
            ids.forEach(id -> history.openWithDeposits(id, "owner-" + id, 5));
            history.flush();
            await().atMost(Duration.ofMinutes(1)).untilAsserted(() ->
                    ReadModel.assertEqualsFold(projection.schema(), ids));

            // the first runner dies holding the rebuild; two instances start while it is under way
            death.atNextBatch(projections.plan(projection.name()).rebuildConsumer(2), ProcessDeath.Point.AFTER_DATABASE_COMMIT);
            assertThat(projections.rebuild(projection.name())).isEqualTo(2);
            await().atMost(Duration.ofMinutes(1)).until(() -> projections.rebuildState(projection.name()),
                    state -> state.equals(Optional.of(RunnerState.FAILED)));
            second.addRebuildRunner(projection.name(), 2);
            third.addRebuildRunner(projection.name(), 2);
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> given().baseUri(Management.uri())
                    .get("/admin/projections/" + projection.name()).then().statusCode(200)
                    .body("generation", is(2)).body("rebuild", nullValue()));
            await().atMost(Duration.ofSeconds(30)).until(() -> runnerStates(second, third),
                    states -> !states.contains(RunnerState.STANDBY) && !states.contains(RunnerState.RUNNING));
            assertThat(projections.rebuildState(projection.name())).as("the dead one")
                    .contains(RunnerState.FAILED);
            assertThat(runnerStates(second, third)).as("the one that took over and swapped, the one that stood by")
                    .isIn(List.of(RunnerState.SWAPPED, RunnerState.STOPPED),
                            List.of(RunnerState.STOPPED, RunnerState.SWAPPED));

            // the generation in service now gets new events from the live consumer, and from nobody else
            ids.forEach(id -> history.send(id, new AccountCommand.Withdraw(1, BankHistory.TELLER)));
            history.flush();
        }
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));
        assertThat(DeadLetterLog.of(projection.name())).noneMatch(letter -> ids.contains(letter.key()));
    }

    @Test
    void aRebuildGivesTheIdenticalReadModelWhileReadersKeepBeingAnswered() throws Exception {
        List<String> ids = BankHistory.accountsWithDeposits("rebuild", 50, 20);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> ReadModel.assertEqualsFold("bank_accounts", ids));
        Map<String, ReadModel.AccountRow> before = ReadModel.accounts("bank_accounts", ids);
        int generation = given().baseUri(Management.uri())
                .get("/admin/projections/" + BankAccountsProjection.NAME).then().statusCode(200)
                .extract().path("generation");

        // a reader, as the query side's SELECT-only role, never sees anything but the full, same read model
        List<String> wrongReads = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger reads = new AtomicInteger();
        AtomicBoolean reading = new AtomicBoolean(true);
        Thread reader = new Thread(() -> {
            try (Connection connection = ReadModel.reader();
                 PreparedStatement query = connection.prepareStatement("select count(*), sum(balance), sum(version)"
                         + " from bank_accounts.accounts where id = any(?)")) {
                query.setArray(1, connection.createArrayOf("text", ids.toArray()));
                long balance = before.values().stream().mapToLong(ReadModel.AccountRow::balance).sum();
                long versions = before.values().stream().mapToLong(ReadModel.AccountRow::version).sum();
                while (reading.get()) {
                    try (ResultSet result = query.executeQuery()) {
                        result.next();
                        if (result.getLong(1) != ids.size() || result.getLong(2) != balance
                                || result.getLong(3) != versions) {
                            wrongReads.add(result.getLong(1) + " rows, balance " + result.getLong(2));
                        }
                    }
                    reads.incrementAndGet();
                }
            } catch (Exception e) {
                wrongReads.add(e.toString());
            }
        });
        reader.start();
        try {
            given().baseUri(Management.uri()).post("/admin/projections/" + BankAccountsProjection.NAME + "/rebuild")
                    .then().statusCode(202)
                    .body("generation", is(generation + 1));
            await().atMost(Duration.ofMinutes(2)).untilAsserted(() -> given().baseUri(Management.uri())
                    .get("/admin/projections/" + BankAccountsProjection.NAME).then().statusCode(200)
                    .body("generation", is(generation + 1))
                    .body("rebuild", nullValue()));
        } finally {
            reading.set(false);
            reader.join();
        }
        assertThat(wrongReads).isEmpty();
        assertThat(reads.get()).isPositive();
        assertThat(ReadModel.accounts("bank_accounts", ids)).isEqualTo(before);
        ReadModel.assertEqualsFold("bank_accounts", ids);
        // the old generation's tables are gone; the view shows the new ones
        assertThat(ReadModel.number("select count(*) from pg_namespace where nspname = ?",
                "bank_accounts_g" + generation)).isZero();
        assertThat(ReadModel.number("select count(*) from information_schema.view_table_usage"
                + " where view_schema = 'bank_accounts' and table_schema = ?",
                "bank_accounts_g" + (generation + 1))).isEqualTo(1);
    }

    @Test
    void aReaderHoldingTheViewsMakesTheSwapGiveWayNotEveryOtherReaderWait() throws Exception {
        RenamedProjection projection = RenamedProjection.bank("held-views");
        projections.start(projection);
        List<String> ids = BankHistory.accountsWithDeposits("held", 5, 3);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));
        String view = projection.schema() + ".accounts";

        try (Connection idle = ReadModel.reader(); Connection other = ReadModel.reader();
             Statement others = other.createStatement()) {
            // a read-only session that read the view and sits in its transaction, holding it
            idle.setAutoCommit(false);
            try (Statement held = idle.createStatement()) {
                held.executeQuery("select count(*) from " + view).close();
            }
            assertThat(projections.rebuild(projection.name())).isEqualTo(2);
            await("the swap waits for the idle reader's lock").atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(50)).until(() -> ReadModel.number("select count(*) from"
                            + " pg_stat_activity where wait_event_type = 'Lock' and query ilike 'drop view%'") > 0);

            // every other read goes on meanwhile: the swap gives way after its lock timeout, it does not queue
            // every reader behind it for as long as the idle one stays
            others.execute("set statement_timeout = '" + (ConsumerSchemas.SWAP_LOCK_TIMEOUT.toMillis() * 3)
                    + "ms'");
            for (int i = 0; i < 20; i++) {
                try (ResultSet count = others.executeQuery("select count(*) from " + view)) {
                    assertThat(count.next()).isTrue();
                }
            }
            idle.rollback();
        }
        // once the idle reader is done, the swap is made
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> given().baseUri(Management.uri())
                .get("/admin/projections/" + projection.name()).then().statusCode(200)
                .body("generation", is(2)).body("rebuild", nullValue()));
        ReadModel.assertEqualsFold(projection.schema(), ids);
    }

    /**
     * The swap's connection cut while it waits for the projection's lock (a failover at the swap): the swap is
     * tried again on a new connection, not the end of a rebuild that nothing restarts.
     */
    @Test
    void aSwapWhoseConnectionIsCutIsTriedAgain() throws Exception {
        RenamedProjection projection = RenamedProjection.bank("swap-cut");
        projections.start(projection);
        List<String> ids = BankHistory.accountsWithDeposits("swap-cut", 5, 3);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));

        try (Connection holder = ReadModel.owner(); Connection admin = ReadModel.superuser();
             Statement holding = holder.createStatement(); Statement cutting = admin.createStatement()) {
            // the projection's lock, exclusively: the swap waits for it
            holding.execute("select pg_advisory_lock(hashtext('annals.projection:" + projection.name() + "'))");
            assertThat(projections.rebuild(projection.name())).isEqualTo(2);
            String waiting = "select pid from pg_stat_activity where wait_event_type = 'Lock'"
                    + " and query like 'select pg_advisory_xact_lock(hashtext(%'";
            await("the swap waits for the lock").atMost(Duration.ofMinutes(1)).pollInterval(Duration.ofMillis(50))
                    .until(() -> ReadModel.number("select count(*) from (" + waiting + ") swaps") > 0);
            cutting.execute("select pg_terminate_backend(pid) from (" + waiting + ") swaps");
            holding.execute("select pg_advisory_unlock_all()");
        }
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> given().baseUri(Management.uri())
                .get("/admin/projections/" + projection.name()).then().statusCode(200)
                .body("generation", is(2)).body("rebuild", nullValue()));
        assertThat(projections.rebuildState(projection.name())).contains(RunnerState.SWAPPED);
        ReadModel.assertEqualsFold(projection.schema(), ids);
    }

    /**
     * A rebuild whose runner's instance is gone (scaled away after its runner died) while this instance was already
     * running: this one takes it over — it serves every rebuild under way, not only those under way at its start.
     */
    @Test
    void aRebuildWhoseInstanceIsGoneIsTakenOverByOneThatWasRunning() {
        RenamedProjection projection = RenamedProjection.bank("orphaned-rebuild");
        projections.start(projection);
        List<String> ids = BankHistory.accountsWithDeposits("orphaned", 5, 3);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));

        try (OtherInstance gone = CDI.current().select(OtherInstance.class).get()) {
            // the rebuild is started on the other instance, whose runner dies holding it
            int generation = schemas.startRebuild(projections.plan(projection.name()));
            death.atNextBatch(gone.killable(projections.plan(projection.name()).rebuildConsumer(generation)),
                    ProcessDeath.Point.AFTER_DATABASE_COMMIT);
            gone.addRebuildRunner(projection.name(), generation);
            await().atMost(Duration.ofMinutes(1)).until(gone::rebuildRunnerStates,
                    states -> states.equals(List.of(RunnerState.FAILED)));
        }
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> given().baseUri(Management.uri())
                .get("/admin/projections/" + projection.name()).then().statusCode(200)
                .body("generation", is(2)).body("rebuild", nullValue()));
        ReadModel.assertEqualsFold(projection.schema(), ids);
        assertThat(DeadLetterLog.of(projection.name())).noneMatch(letter -> ids.contains(letter.key()));
    }

    /** A rebuild cancelled from the admin route: the generation in service stays, the rebuild's tables go. */
    @Test
    void aCancelledRebuildLeavesTheServingGenerationAndAllowsAnother() {
        RenamedProjection projection = RenamedProjection.bank("cancelled-rebuild");
        projections.start(projection);
        List<String> ids = BankHistory.accountsWithDeposits("cancelled", 5, 3);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));

        // a runner that dies holding it: the rebuild stays under way, and a new one is refused
        death.atNextBatch(projections.plan(projection.name()).rebuildConsumer(2), ProcessDeath.Point.AFTER_DATABASE_COMMIT);
        assertThat(projections.rebuild(projection.name())).isEqualTo(2);
        await().atMost(Duration.ofMinutes(1)).until(() -> projections.rebuildState(projection.name()),
                state -> state.equals(Optional.of(RunnerState.FAILED)));
        assertThat(projections.hasFailed(projection.name())).as("liveness counts the dead rebuild runner").isTrue();

        given().baseUri(Management.uri()).delete("/admin/projections/" + projection.name() + "/rebuild").then()
                .statusCode(200).body("cancelledGeneration", is(2));
        given().baseUri(Management.uri()).get("/admin/projections/" + projection.name()).then().statusCode(200)
                .body("generation", is(1)).body("rebuild", nullValue());
        assertThat(projections.hasFailed(projection.name())).isFalse();
        assertThat(ReadModel.number("select count(*) from information_schema.schemata where schema_name = ?",
                projections.plan(projection.name()).generationSchema(2))).as("the rebuild's tables").isZero();
        given().baseUri(Management.uri()).delete("/admin/projections/" + projection.name() + "/rebuild").then()
                .statusCode(409).contentType("application/problem+json").body("code", is("NO_REBUILD_IN_PROGRESS"));

        // another rebuild may start, and goes into service
        assertThat(projections.rebuild(projection.name())).isEqualTo(2);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> given().baseUri(Management.uri())
                .get("/admin/projections/" + projection.name()).then().statusCode(200)
                .body("generation", is(2)).body("rebuild", nullValue()));
        ReadModel.assertEqualsFold(projection.schema(), ids);
    }

    /**
     * A rebuild meets the events the live consumer dead-lettered again, and fails them again: it records their gaps
     * in the new generation but sends no second letter, so a replay tool sees each once and the dead-letter count
     * (and its alert) does not grow with every rebuild.
     */
    @Test
    void aRebuildDoesNotDeadLetterAgainWhatIsDeadLetteredAlready() {
        RenamedProjection projection = RenamedProjection.bank("relettered");
        projections.start(projection);
        String poison = BankHistory.newAccountId("relettered-poison");
        String undecodable = BankHistory.newAccountId("relettered-undecodable");
        List<String> ids = BankHistory.accountsWithDeposits("relettered", 3, 2);
        try (BankHistory history = new BankHistory()) {
            // one the handler fails (a deposit into no account), one that cannot even be decoded
            history.sendRaw(poison, BankHistory.envelope(poison, 1, "MoneyDeposited",
                    "{\"amount\":5}".getBytes(StandardCharsets.UTF_8), 0));
            history.sendRaw(undecodable, BankHistory.envelope(undecodable, 1, "AccountOpened",
                    "{\"owner\":".getBytes(StandardCharsets.UTF_8), 0));
            history.flush();
        }
        await().atMost(Duration.ofMinutes(1)).until(() -> letters(projection.name(), poison, undecodable), is(2L));
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> ReadModel.assertEqualsFold(projection.schema(), ids));

        // every dead letter of the log so far, other tests' poison included (the rebuild meets all of them again),
        // once the projection has read the whole log
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> given().baseUri(Management.uri())
                .get("/admin/projections/" + projection.name()).then().statusCode(200).body("lag", is(0)));
        int before = given().baseUri(Management.uri()).get("/admin/projections/" + projection.name()).then()
                .statusCode(200).extract().path("deadLetters");

        assertThat(projections.rebuild(projection.name())).isEqualTo(2);
        await().atMost(Duration.ofMinutes(1)).untilAsserted(() -> given().baseUri(Management.uri())
                .get("/admin/projections/" + projection.name()).then().statusCode(200)
                .body("generation", is(2)).body("rebuild", nullValue()));
        ReadModel.assertEqualsFold(projection.schema(), ids);
        assertThat(letters(projection.name(), poison, undecodable)).as("dead letters after the rebuild").isEqualTo(2);
        given().baseUri(Management.uri()).get("/admin/projections/" + projection.name()).then().statusCode(200)
                .body("deadLetters", is(before));
    }

    /** The projection's dead letters of these keys. */
    private static long letters(String projection, String... keys) {
        return DeadLetterLog.of(projection).stream().filter(letter -> List.of(keys).contains(letter.key())).count();
    }

    /** The states of the other instances' rebuild runners. */
    private static List<RunnerState> runnerStates(OtherInstance... instances) {
        return Arrays.stream(instances).flatMap(instance -> instance.rebuildRunnerStates().stream())
                .toList();
    }
}
