package dev.annals.projection.reactor;

import dev.annals.consumer.runtime.Consumers;
import dev.annals.consumer.runtime.RunnerState;
import dev.annals.core.envelope.EventHeaders;
import dev.annals.core.topic.Topics;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.Management;
import dev.annals.devstack.testing.SharedServices;
import dev.annals.devstack.testing.TestTokens;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.DeadLetterLog;
import dev.annals.projection.testing.ReadModel;
import dev.annals.projection.testing.TopicReader;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * The guarantees of a reactor, against the real command processor (command-service as a process of its own):
 * its commands are applied exactly once whatever crash comes between sending one and moving the checkpoint; one
 * not yet sent at a crash is sent after the restart; a refusal is an outcome its handler records, and it goes on;
 * a deadline kept in the database fires after a restart, once.
 *
 * <p>A crash is the reactor's process dying: the test reactor throws an {@link Error} at an armed point, which the
 * runtime never retries nor dead-letters — the consumer stops {@code FAILED}, nothing of the batch committed — and
 * the test then starts the reactor again, as a restarted service would.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class ReactorGuaranteesTest {

    private static final WelcomeBonusReactor REACTOR = WelcomeBonusReactor.INSTANCE;
    private static final String EVENTS = Topics.events(BankAccountType.NAME);

    @Inject
    Consumers projections;

    private static String commandService;

    @BeforeAll
    static void startTheCommandSide() {
        commandService = SharedServices.url("command-service");
    }

    private void ensureRunning() {
        if (projections.state(WelcomeBonusReactor.NAME).isEmpty()) {
            projections.start(REACTOR);
        }
    }

    private void restart() {
        projections.stop(WelcomeBonusReactor.NAME);
        projections.start(REACTOR);
    }

    @Test
    void a_crash_after_the_command_was_sent_and_before_the_checkpoint_applies_it_once() {
        ensureRunning();
        String account = newAccount();
        REACTOR.crash(account, WelcomeBonusReactor.Crash.AFTER_SEND);
        open(account, "ann");
        // the command was applied, then the process died before its checkpoint moved
        await().atMost(Duration.ofSeconds(60)).until(() -> deposits(account).contains(WelcomeBonusReactor.BONUS)
                && projections.state(WelcomeBonusReactor.NAME).orElseThrow() == RunnerState.FAILED);
        assertThat(outcome(account, "bonus")).as("nothing of the reaction committed").isNull();

        restart();
        await().atMost(Duration.ofSeconds(60)).until(() -> outcome(account, "bonus") != null);
        assertThat(outcome(account, "bonus")).isEqualTo("Accepted");
        assertThat(deposits(account)).as("sent again with the same key: the processor answered as before, and wrote"
                + " nothing").containsExactly(WelcomeBonusReactor.BONUS);
    }

    @Test
    void a_crash_before_the_command_was_sent_sends_it_after_the_restart() {
        ensureRunning();
        String account = newAccount();
        REACTOR.crash(account, WelcomeBonusReactor.Crash.BEFORE_SEND);
        open(account, "ann");
        await().atMost(Duration.ofSeconds(60))
                .until(() -> projections.state(WelcomeBonusReactor.NAME).orElseThrow() == RunnerState.FAILED);
        assertThat(deposits(account)).as("nothing sent before the crash").isEmpty();

        restart();
        await().atMost(Duration.ofSeconds(60)).until(() -> outcome(account, "bonus") != null);
        assertThat(deposits(account)).containsExactly(WelcomeBonusReactor.BONUS);
    }

    @Test
    void a_refused_command_is_an_outcome_the_handler_sees_and_the_reactor_goes_on() {
        ensureRunning();
        String account = newAccount();
        open(account, "ann");
        await().atMost(Duration.ofSeconds(60)).until(() -> outcome(account, "bonus") != null);
        deposit(account, WelcomeBonusReactor.OVERDRAW_TRIGGER);
        await().atMost(Duration.ofSeconds(60)).until(() -> outcome(account, "overdraw") != null);
        assertThat(outcome(account, "overdraw")).isEqualTo("Rejected");
        assertThat(reason(account, "overdraw")).isEqualTo("INSUFFICIENT_FUNDS");

        String next = newAccount();
        open(next, "ann");
        await().atMost(Duration.ofSeconds(60)).until(() -> outcome(next, "bonus") != null);
        assertThat(projections.state(WelcomeBonusReactor.NAME)).contains(RunnerState.RUNNING);
    }

    @Test
    void a_deadline_that_came_due_while_the_reactor_was_down_fires_after_the_restart_once() {
        ensureRunning();
        String account = newAccount();
        open(account, WelcomeBonusReactor.CALL_ME);
        // scheduled in the transaction that recorded the bonus
        await().atMost(Duration.ofSeconds(60)).until(() -> outcome(account, "bonus") != null);
        Instant due = deadlineDue(account);
        assertThat(due).isNotNull();

        projections.stop(WelcomeBonusReactor.NAME);
        await().atMost(WelcomeBonusReactor.CALL_AFTER.plusSeconds(30)).until(() -> Instant.now().isAfter(due));
        assertThat(outcome(account, WelcomeBonusReactor.WELCOME_CALL)).as("not while the reactor is down").isNull();

        projections.start(REACTOR);
        await().atMost(Duration.ofSeconds(60)).until(() -> outcome(account, WelcomeBonusReactor.WELCOME_CALL) != null);
        assertThat(deadlineDue(account)).as("gone once fired").isNull();
        assertThat(deposits(account)).containsExactly(WelcomeBonusReactor.BONUS, WelcomeBonusReactor.CALL_BONUS);
    }

    /**
     * A call that stays silent holds up its own aggregate only: accounts opened after it, read in the same poll or in
     * a later one, get their bonus while its first call still waits, and no database transaction stays open
     * meanwhile. (The runtime used to run the poll's reactions one after another in one transaction, so they waited
     * for the silent one, and the transaction with them; then it waited for a poll's reactions before the next
     * poll, so an account opened later waited for the silent call's timeout.)
     */
    @Test
    void a_silent_call_holds_up_its_own_aggregate_only_and_no_transaction() throws SQLException {
        ensureRunning();
        projections.stop(WelcomeBonusReactor.NAME);
        String silent = newAccount();
        // one partition, so that one fetch brings all three to the reactor, in log order: the silent one first
        List<String> others = new ArrayList<>();
        while (others.size() < 2) {
            String other = newAccount();
            if (BankHistory.partitionOf(other) == BankHistory.partitionOf(silent)) {
                others.add(other);
            }
        }
        REACTOR.hold(silent);
        try {
            open(silent, "ann");
            others.forEach(other -> open(other, "ann"));
            projections.start(REACTOR);

            await().atMost(Duration.ofSeconds(60)).until(() -> REACTOR.waitingSince(silent).isPresent());
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(others)
                    .as("reacted to while the silent call waits").allMatch(other -> outcome(other, "bonus") != null));
            assertThat(outcome(silent, "bonus")).as("its own reaction is still waiting").isNull();
            Instant since = REACTOR.waitingSince(silent).orElseThrow();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(transactionsOpenSince(since))
                    .as("transactions begun before the silent call and still open").isZero());

            // a later poll, its partition's too: reacted to while the silent call's first try still waits
            String later = newAccount();
            while (BankHistory.partitionOf(later) != BankHistory.partitionOf(silent)) {
                later = newAccount();
            }
            String opened = later;
            open(opened, "ann");
            await().atMost(Duration.ofSeconds(60)).until(() -> outcome(opened, "bonus") != null
                    || REACTOR.callsBegun(silent) > 1);
            assertThat(REACTOR.callsBegun(silent)).as("the silent call was still on its first try").isEqualTo(1);
            assertThat(outcome(opened, "bonus")).as("reacted to meanwhile").isNotNull();
        } finally {
            REACTOR.release(silent);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> outcome(silent, "bonus") != null);
        assertThat(deposits(silent)).containsExactly(WelcomeBonusReactor.BONUS);
        assertThat(projections.state(WelcomeBonusReactor.NAME)).contains(RunnerState.RUNNING);
    }

    /** The database's transactions that began before {@code instant} and are still open, this test's aside. */
    private static long transactionsOpenSince(Instant instant) throws SQLException {
        try (Connection connection = ReadModel.superuser(); PreparedStatement query = connection.prepareStatement(
                "select count(*) from pg_stat_activity where xact_start < ? and pid <> pg_backend_pid()")) {
            query.setTimestamp(1, Timestamp.from(instant));
            try (ResultSet row = query.executeQuery()) {
                row.next();
                return row.getLong(1);
            }
        }
    }

    /** A reaction its handler says can never succeed is dead-lettered at once, unretried, and the reactor goes on. */
    @Test
    void a_permanent_failure_is_dead_lettered_at_once_and_the_reactor_goes_on() {
        ensureRunning();
        String refused = newAccount();
        open(refused, WelcomeBonusReactor.REFUSED);
        String next = newAccount();
        open(next, "ann");
        await().atMost(Duration.ofSeconds(60)).until(() -> outcome(next, "bonus") != null);
        DeadLetterLog.Letter letter = await().atMost(Duration.ofSeconds(30)).until(() -> DeadLetterLog
                .of(WelcomeBonusReactor.NAME).stream().filter(l -> l.key().equals(refused)).findFirst(),
                Optional::isPresent).orElseThrow();
        assertThat(letter.headers()).containsEntry("annals_attempts", "1")
                .hasEntrySatisfying("annals_error", error -> assertThat(error).contains("bonus partner refused"));
        assertThat(deposits(refused)).isEmpty();
        assertThat(projections.state(WelcomeBonusReactor.NAME)).contains(RunnerState.RUNNING);
    }

    /**
     * A reactor's dead letter parks its aggregate too: a later event of it is held, not reacted to; redriven after
     * the fix, the parked reaction and the held one happen, in order, and the bonus is deposited once.
     */
    @Test
    void a_parked_aggregate_reacts_once_redriven_after_the_fix() throws Exception {
        ensureRunning();
        REACTOR.refusing.set(true);
        String refused = newAccount();
        try {
            open(refused, WelcomeBonusReactor.REFUSED);
            await().atMost(Duration.ofSeconds(60)).until(() -> DeadLetterLog.of(WelcomeBonusReactor.NAME).stream()
                    .anyMatch(letter -> letter.key().equals(refused)));
            deposit(refused, WelcomeBonusReactor.OVERDRAW_TRIGGER);
            String admin = TestTokens.bearer("root", Set.of("admin"));
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(Management.uri())
                    .header("Authorization", admin).get("/admin/projections/" + WelcomeBonusReactor.NAME + "/parked")
                    .then().statusCode(200).body("find { it.aggregateId == '" + refused + "' }.held", is(1)));
            assertThat(outcome(refused, "overdraw")).as("held, not reacted to").isNull();

            REACTOR.refusing.set(false);
            // the redrive reacts as the pipeline does: no transaction open while its reaction's call waits
            REACTOR.hold(refused);
            CompletableFuture<Integer> redrive = CompletableFuture.supplyAsync(() -> given()
                    .baseUri(Management.uri()).header("Authorization", admin)
                    .post("/admin/consumers/" + WelcomeBonusReactor.NAME + "/parked/" + BankAccountType.NAME + "/"
                            + refused + "/redrive").then().statusCode(200).extract().path("eventsApplied"));
            await().atMost(Duration.ofSeconds(60)).until(() -> REACTOR.waitingSince(refused).isPresent());
            Instant since = REACTOR.waitingSince(refused).orElseThrow();
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(transactionsOpenSince(since))
                    .as("transactions begun before the redrive's call and still open").isZero());
            REACTOR.release(refused);
            // the two events; and the bonus deposit too if it came while the aggregate was still parked
            assertThat(redrive.get(60, TimeUnit.SECONDS)).isBetween(2, 3);
            assertThat(outcome(refused, "bonus")).isEqualTo("Accepted");
            assertThat(outcome(refused, "overdraw")).isEqualTo("Rejected");
            assertThat(deposits(refused)).containsExactly(WelcomeBonusReactor.OVERDRAW_TRIGGER,
                    WelcomeBonusReactor.BONUS);
        } finally {
            REACTOR.refusing.set(true);
        }
    }

    private static String newAccount() {
        return "bonus-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void open(String account, String owner) {
        given().baseUri(commandService).header("Authorization", TestTokens.bearer(owner, Set.of("customer")))
                .contentType("application/json").body("{\"owner\":\"" + owner + "\"}")
                .post("/api/bank-account/" + account + "/open").then().statusCode(200);
    }

    private static void deposit(String account, long amount) {
        given().baseUri(commandService).contentType("application/json").body("{\"amount\":" + amount + "}")
                .post("/api/bank-account/" + account + "/deposit").then().statusCode(200);
    }

    /** The amounts of the account's MoneyDeposited events in the log, in order. */
    private static List<Long> deposits(String account) {
        List<Long> amounts = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> record : TopicReader.all(EVENTS)) {
            byte[] type = TopicReader.headers(record).get(EventHeaders.TYPE);
            if (account.equals(record.key()) && type != null
                    && new String(type, StandardCharsets.UTF_8).endsWith(".MoneyDeposited")) {
                String json = new String(record.value(), StandardCharsets.UTF_8);
                amounts.add(Long.parseLong(json.replaceAll("[^0-9]", "")));
            }
        }
        return amounts;
    }

    private static String outcome(String account, String reaction) {
        return text("select outcome from welcome_bonus.outcomes where account = ? and reaction = ?", account,
                reaction);
    }

    private static String reason(String account, String reaction) {
        return text("select reason from welcome_bonus.outcomes where account = ? and reaction = ?", account,
                reaction);
    }

    private static Instant deadlineDue(String account) {
        try (Connection connection = ReadModel.owner(); PreparedStatement query = connection.prepareStatement(
                "select due_at from welcome_bonus_g1.annals_deadlines where name = ? and key = ?")) {
            query.setString(1, WelcomeBonusReactor.WELCOME_CALL);
            query.setString(2, account);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getObject(1, Timestamp.class).toInstant() : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String text(String sql, String... parameters) {
        try (Connection connection = ReadModel.owner(); PreparedStatement query = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                query.setString(i + 1, parameters[i]);
            }
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getString(1) : null;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
