package dev.annals.projection.failures;

import dev.annals.consumer.runtime.Consumers;
import dev.annals.consumer.runtime.RunnerState;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.Management;
import dev.annals.devstack.testing.TestTokens;
import dev.annals.domain.bank.AccountCommand;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.DeadLetterLog;
import dev.annals.projection.testing.ReadModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.hamcrest.Matchers.is;

/**
 * A handler's own failures are classified by the handler where it matters: an I/O error of its own call is
 * retried for {@code annals.consumer.transient-limit} (2 s here), then the event is dead-lettered with that
 * reason and the partition goes on (it used to be retried for ever, every partition held), and so is a statement
 * of its own that the database cancels every time (SQLSTATE 57014, waited for as the database's own before); a
 * {@code PermanentFailure} is dead-lettered at once, without retries.
 */
@QuarkusTest
@TestProfile(HandlerFailuresTest.ShortTransientLimit.class)
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class HandlerFailuresTest {

    public static class ShortTransientLimit implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("annals.consumer.transient-limit", "2s");
        }
    }

    @Inject
    Consumers projections;

    @Test
    void a_failure_of_the_handlers_own_call_is_retried_for_a_while_and_one_it_says_is_permanent_not_at_all() {
        if (projections.state(TroubledCallsProjection.NAME).isEmpty()) {
            projections.start(new TroubledCallsProjection());
        }
        List<String> ids = BankHistory.idsInOnePartition("troubled", 4);
        String unreachable = ids.get(0);
        String refused = ids.get(1);
        String cancelled = ids.get(2);
        String after = ids.get(3);
        try (BankHistory history = new BankHistory()) {
            history.openWithDeposits(unreachable, TroubledCallsProjection.UNREACHABLE, 0);
            history.openWithDeposits(refused, TroubledCallsProjection.REFUSED, 0);
            history.openWithDeposits(cancelled, TroubledCallsProjection.CANCELLED, 0);
            history.openWithDeposits(after, "ann", 1);
            history.flush();
        }

        await().atMost(Duration.ofSeconds(60)).until(() -> appliedVersion(after) == 2);
        Map<String, DeadLetterLog.Letter> letters = DeadLetterLog.of(TroubledCallsProjection.NAME).stream()
                .filter(letter -> ids.contains(letter.key()))
                .collect(Collectors.toMap(DeadLetterLog.Letter::key, Function.identity()));
        assertThat(letters).containsOnlyKeys(unreachable, refused, cancelled);
        // a statement the database cancels every time, the database answering: the event's own, bounded as well
        assertThat(letters.get(cancelled).headers().get("annals_error")).contains("statement timeout");
        assertThat(letters.get(unreachable).headers().get("annals_error"))
                .contains("IOException", "the partner's API does not answer");
        assertThat(letters.get(refused).headers())
                .containsEntry("annals_attempts", "1")
                .hasEntrySatisfying("annals_error", error -> assertThat(error)
                        .contains("PermanentFailure", "no such customer"));
        assertThat(projections.state(TroubledCallsProjection.NAME)).contains(RunnerState.RUNNING);
    }

    /**
     * A dead letter parks its aggregate in the read model: its later events are held, not each failed and
     * dead-lettered in turn (as they were), the status counts it, and other aggregates go on. A redrive before the
     * fix changes nothing; after it, the parked event and the held ones are applied, in order, and the aggregate
     * goes on from there.
     */
    @Test
    void a_dead_letter_parks_its_aggregate_and_a_redrive_after_the_fix_applies_what_was_held() throws SQLException {
        if (projections.state(TroubledCallsProjection.NAME).isEmpty()) {
            projections.start(new TroubledCallsProjection());
        }
        TroubledCallsProjection.PARTNER_DOWN.set(true);
        List<String> ids = BankHistory.idsInOnePartition("troubled", 2);
        String flaky = ids.get(0);
        String other = ids.get(1);
        try (BankHistory history = new BankHistory()) {
            history.openWithDeposits(flaky, TroubledCallsProjection.FLAKY, 2);
            history.openWithDeposits(other, "ann", 0);
            history.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> appliedVersion(other) == 1);
            await().atMost(Duration.ofSeconds(30)).until(() -> held(flaky) == 2);
            assertThat(DeadLetterLog.of(TroubledCallsProjection.NAME).stream()
                    .filter(letter -> letter.key().equals(flaky))).as("only the event that failed").hasSize(1);
            assertThat(appliedVersion(flaky)).isZero();
            admin().get(ADMIN + "/" + TroubledCallsProjection.NAME).then().statusCode(200)
                    .body("parked", greaterThanOrEqualTo(1));

            admin().post(redrive(flaky)).then().statusCode(409).contentType("application/problem+json")
                    .body("code", is("STILL_FAILING"));
            assertThat(held(flaky)).as("a failed redrive changes nothing").isEqualTo(2);

            TroubledCallsProjection.PARTNER_DOWN.set(false);
            admin().post(redrive(flaky)).then().statusCode(200).body("eventsApplied", is(3));
            assertThat(appliedVersion(flaky)).isEqualTo(3);
            assertThat(held(flaky)).as("unparked").isEqualTo(-1);

            history.send(flaky, new AccountCommand.Deposit(5));
            history.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> appliedVersion(flaky) == 4);
            admin().post(redrive(flaky)).then().statusCode(404).body("code", is("NOT_PARKED"));
        } finally {
            TroubledCallsProjection.PARTNER_DOWN.set(false);
        }
    }

    /**
     * A redrive while the aggregate's events keep coming: each one held while the redrive reads from Kafka is
     * applied by it (it starts over under the lock when one arrived), none is dropped. (The redrive used to delete
     * every held row, those held after its read too: their events were never applied, and the next one parked the
     * account again for good, a gap behind it.)
     */
    @Test
    void a_redrive_under_traffic_applies_every_event_held_while_it_runs() throws Exception {
        if (projections.state(TroubledCallsProjection.NAME).isEmpty()) {
            projections.start(new TroubledCallsProjection());
        }
        TroubledCallsProjection.PARTNER_DOWN.set(true);
        String busy = BankHistory.newAccountId("busy");
        try (BankHistory history = new BankHistory()) {
            history.openWithDeposits(busy, TroubledCallsProjection.FLAKY, 3);
            history.flush();
            await().atMost(Duration.ofSeconds(60)).until(() -> held(busy) == 3);
            TroubledCallsProjection.PARTNER_DOWN.set(false);

            CompletableFuture<Integer> redrive = CompletableFuture.supplyAsync(() ->
                    admin().post(redrive(busy)).then().extract().statusCode());
            for (int deposits = 0; !redrive.isDone() && deposits < 200; deposits++) {
                history.send(busy, new AccountCommand.Deposit(1));
                history.flush();
            }
            // 409 when events kept arriving through every start-over: nothing changed, and it is asked again
            assertThat(redrive.get(60, TimeUnit.SECONDS)).isIn(200, 409);
            long last = history.version(busy);
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                if (held(busy) >= 0) {
                    admin().post(redrive(busy)).then().statusCode(200);
                }
                assertThat(appliedVersion(busy)).as("every event applied, none dropped").isEqualTo(last);
            });
            assertThat(held(busy)).as("unparked").isEqualTo(-1);
        } finally {
            TroubledCallsProjection.PARTNER_DOWN.set(false);
        }
    }

    /**
     * An event that will never apply is skipped only by an operator's choice: {@code ?skip=parked-event} counts it
     * as applied without its handler (it was the account's next event) and applies the held ones after it.
     */
    @Test
    void a_redrive_skips_an_event_that_will_never_apply_only_when_asked() throws SQLException {
        if (projections.state(TroubledCallsProjection.NAME).isEmpty()) {
            projections.start(new TroubledCallsProjection());
        }
        String refused = BankHistory.newAccountId("skipped");
        try (BankHistory history = new BankHistory()) {
            history.openWithDeposits(refused, TroubledCallsProjection.REFUSED, 2);
            history.flush();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> held(refused) == 2);
        admin().post(redrive(refused)).then().statusCode(409).body("code", is("STILL_FAILING"));
        admin().post(redrive(refused) + "?skip=everything").then().statusCode(400)
                .contentType("application/problem+json").body("code", is("UNKNOWN_SKIP"));
        assertThat(held(refused)).as("refusals change nothing").isEqualTo(2);

        admin().post(redrive(refused) + "?skip=parked-event").then().statusCode(200)
                .body("eventsApplied", is(2)).body("parkedEventSkipped", is(true));
        assertThat(appliedVersion(refused)).isEqualTo(3);
        assertThat(held(refused)).as("unparked").isEqualTo(-1);
    }

    private static final String ADMIN = "/admin/consumers";

    private static RequestSpecification admin() {
        return given().baseUri(Management.uri()).header("Authorization", TestTokens.bearer("root", Set.of("admin")));
    }

    private static String redrive(String account) {
        return ADMIN + "/" + TroubledCallsProjection.NAME + "/parked/bank-account/" + account + "/redrive";
    }

    /** The events held behind the account, as the admin endpoint lists them; -1 if it is not parked. */
    private static int held(String account) {
        List<Map<String, Object>> parked = admin().get(ADMIN + "/" + TroubledCallsProjection.NAME + "/parked")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return parked.stream().filter(p -> account.equals(p.get("aggregateId")))
                .map(p -> ((Number) p.get("held")).intValue()).findFirst().orElse(-1);
    }

    /** The last version of the account the projection applied; 0 if none. */
    private static long appliedVersion(String account) throws SQLException {
        try (Connection connection = ReadModel.owner(); PreparedStatement query = connection.prepareStatement(
                "select version from troubled_calls_g1.annals_versions where aggregate_id = ?")) {
            query.setString(1, account);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

}
