package dev.annals.projection;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.consumer.runtime.Consumers;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.Management;
import dev.annals.devstack.testing.TestTokens;
import dev.annals.domain.bank.AccountCommand;
import dev.annals.domain.bank.AccountEvent;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.domain.bank.projection.BankAccountsProjection;
import dev.annals.projection.testing.BankHistory;
import dev.annals.projection.testing.LogFold;
import dev.annals.projection.testing.ReadModel;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.hasItems;

@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "projections"))
class ProjectionsTest {

    @Inject
    Consumers projections;

    @Test
    void everyReadModelEqualsTheFoldOfTheLog() {
        List<String> ids = BankHistory.newAccountIds("fold", 12);
        try (BankHistory history = new BankHistory()) {
            for (String id : ids) {
                history.openWithDeposits(id, "owner-" + id, 5);
                history.send(id, new AccountCommand.Withdraw(3, BankHistory.TELLER));
            }
            history.send(ids.get(0), new AccountCommand.Withdraw(12, BankHistory.TELLER));
            history.send(ids.get(0), new AccountCommand.CloseAccount(BankHistory.TELLER));
            history.flush();
        }
        Map<String, LogFold.Folded> expected = LogFold.accounts(ids);
        assertThat(expected).hasSize(12);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            Map<String, ReadModel.AccountRow> rows = ReadModel.accounts("bank_accounts", ids);
            assertThat(rows).hasSize(ids.size());
            expected.forEach((id, folded) -> {
                ReadModel.AccountRow row = rows.get(id);
                assertThat(row.balance()).as(id).isEqualTo(folded.state().balance());
                assertThat(row.owner()).isEqualTo(folded.state().owner());
                assertThat(row.status()).isEqualTo(folded.state().status().name());
                assertThat(row.version()).isEqualTo(folded.version());
            });
        });
        long events = expected.values().stream().mapToLong(LogFold.Folded::version).sum();
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            assertThat(ReadModel.number("select count(*) from event_journal.events where aggregate_id = any(?)", ids))
                    .isEqualTo(events);
            assertThat(ReadModel.number("select sum(version) from aggregate_state.aggregates"
                    + " where aggregate_type = 'bank-account' and aggregate_id = any(?)", ids))
                    .isEqualTo(events);
        });
        assertThat(ReadModel.number("select count(distinct (aggregate_id, version)) from event_journal.events"
                + " where aggregate_id = any(?)", ids)).isEqualTo(events);
        assertThat(ReadModel.number("select count(*) from event_journal.events where aggregate_id = any(?)"
                + " and jsonb_typeof(data) <> 'object'", ids)).isZero();
        for (String id : ids) {
            assertThat(ReadModel.number("select (state->>'balance')::bigint from aggregate_state.aggregates"
                    + " where aggregate_type = 'bank-account' and aggregate_id = ?", id))
                    .isEqualTo(expected.get(id).state().balance());
        }
    }

    @Test
    void aNotificationFollowsEachCommittedBatch() throws Exception {
        String id = BankHistory.newAccountId("notify");
        try (Connection listener = ReadModel.owner(); Statement listen = listener.createStatement()) {
            listen.execute("listen annals_checkpoint");
            try (BankHistory history = new BankHistory()) {
                history.openWithDeposits(id, "ann", 2);
                history.flush();
            }
            String expected = "\"consumer\":\"" + BankAccountsProjection.NAME + "\",\"topic\":\"" + BankHistory.TOPIC
                    + "\",\"partition\":" + BankHistory.partitionOf(id) + ",";
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                PGNotification[] notifications = listener.unwrap(PGConnection.class).getNotifications(500);
                if (notifications == null) {
                    return false;
                }
                for (PGNotification notification : notifications) {
                    // delivered only after commit: the row is visible when the notification arrives
                    if (notification.getParameter().contains(expected)
                            && ReadModel.accounts("bank_accounts", List.of(id)).containsKey(id)
                            && ReadModel.accounts("bank_accounts", List.of(id)).get(id).version() == 3) {
                        return true;
                    }
                }
                return false;
            });
        }
    }

    @Test
    void eventsWithoutAHandlerStillMoveTheCheckpoint() {
        Projection openingsOnly = new Projection() {
            public String name() {
                return "openings-only";
            }

            public ProjectionHandlers handlers() {
                return ProjectionHandlers.of(BankAccountType.TYPE)
                        .on(AccountEvent.AccountOpened.class, (opened, envelope, sql) -> { })
                        .build();
            }

            public String migrations() {
                return new BankAccountsProjection().migrations();
            }
        };
        projections.start(openingsOnly);
        try (BankHistory history = new BankHistory()) {
            history.openWithDeposits(BankHistory.newAccountId("unhandled"), "ann", 5);
            history.flush();
        }
        long end = BankHistory.endOfLog();
        await().atMost(Duration.ofSeconds(30)).until(() -> ReadModel.number("select coalesce(sum(kafka_offset), 0)"
                + " from annals_checkpoint where consumer = 'openings-only'") == end);
    }

    @Test
    void theAdminEndpointShowsEveryProjectionCaughtUp() {
        String id = BankHistory.newAccountId("admin");
        try (BankHistory history = new BankHistory()) {
            history.openWithDeposits(id, "ann", 1);
            history.flush();
        }
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(Management.uri())
                .get("/admin/consumers").then()
                .statusCode(200)
                .body("name", hasItems("aggregate-state", "bank-accounts", "event-journal"))
                .body("find { it.name == 'bank-accounts' }.lag", org.hamcrest.Matchers.is(0))
                .body("find { it.name == 'bank-accounts' }.state", org.hamcrest.Matchers.is("RUNNING"))
                .body("find { it.name == 'bank-accounts' }.partitions.size()", org.hamcrest.Matchers.is(6)));
        // the routes' first name is an alias of the same routes, its links in its own words
        given().baseUri(Management.uri()).get("/admin/projections").then().statusCode(200)
                .body("name", hasItems("aggregate-state", "bank-accounts", "event-journal"));
        given().baseUri(Management.uri()).get("/admin/consumers/nope").then().statusCode(404)
                .contentType("application/problem+json").body("code", org.hamcrest.Matchers.is("UNKNOWN_PROJECTION"));
        given().baseUri(Management.uri()).post("/admin/projections/nope/rebuild").then().statusCode(404);
        // what names no operation is a problem too, not an empty or HTML answer
        given().baseUri(Management.uri()).get("/admin/consumers/bank-accounts/nothing").then().statusCode(404)
                .contentType("application/problem+json").body("code", org.hamcrest.Matchers.is("NO_SUCH_OPERATION"));
        given().baseUri(Management.uri()).urlEncodingEnabled(false)
                .post("/admin/consumers/bank-accounts/parked/bank-account/%00/redrive").then().statusCode(400)
                .contentType("application/problem+json").body("code", org.hamcrest.Matchers.is("BAD_AGGREGATE"));
        given().baseUri(Management.uri()).put("/admin/projections/bank-accounts/rebuild").then().statusCode(405)
                .contentType("application/problem+json").header("Allow", org.hamcrest.Matchers.is("POST, DELETE"))
                .body("code", org.hamcrest.Matchers.is("METHOD_NOT_ALLOWED"));
        given().baseUri(Management.uri()).get("/q/metrics").then().statusCode(200)
                .body(org.hamcrest.Matchers.containsString("annals_projection_events_total"))
                .body(org.hamcrest.Matchers.containsString("annals_projection_batch_seconds"))
                .body(org.hamcrest.Matchers.containsString("annals_projection_lag{"))
                .body(org.hamcrest.Matchers.containsString("annals_projection_dead_letters{"));
    }

    @Test
    void theAdminEndpointsAreOnTheManagementInterfaceOnly() {
        // not on the API port, whoever asks
        given().get("/admin/projections").then().statusCode(404);
        given().get("/admin/consumers").then().statusCode(404);
        given().post("/admin/projections/bank-accounts/rebuild").then().statusCode(404);
        // on the management port, but not without a token (noFilters: not even the tests' default one)
        given().noFilters().baseUri(Management.uri()).get("/admin/projections").then().statusCode(401)
                .contentType("application/problem+json")
                .body("code", org.hamcrest.Matchers.is("AUTHENTICATION_REQUIRED"))
                .header("WWW-Authenticate", org.hamcrest.Matchers.is("Bearer realm=\"annals\""));
        given().noFilters().baseUri(Management.uri()).put("/admin/consumers/bank-accounts/nothing").then()
                .statusCode(401).contentType("application/problem+json");
        given().noFilters().baseUri(Management.uri()).header("Authorization", "Basic cm9vdDpyb290")
                .get("/admin/projections").then().statusCode(401)
                .body("code", org.hamcrest.Matchers.is("NOT_A_BEARER_TOKEN"));
    }

    @Test
    void theAdminEndpointsAreAnAdminsOnly() {
        String customer = TestTokens.bearer("ann", Set.of("customer", "teller"));
        given().baseUri(Management.uri())
                .header("Authorization", customer).get("/admin/projections").then().statusCode(403)
                .contentType("application/problem+json").body("code", org.hamcrest.Matchers.is("FORBIDDEN"))
                .header("WWW-Authenticate", org.hamcrest.Matchers.containsString("insufficient_scope"));
        given().baseUri(Management.uri())
                .header("Authorization", customer).post("/admin/projections/bank-accounts/rebuild").then()
                .statusCode(403).contentType("application/problem+json");
        given().baseUri(Management.uri())
                .header("Authorization", customer).delete("/admin/projections/bank-accounts/rebuild").then()
                .statusCode(403).contentType("application/problem+json");
        given().baseUri(Management.uri())
                .header("Authorization", "Bearer not-a-token").post("/admin/projections/bank-accounts/rebuild")
                .then().statusCode(401).contentType("application/problem+json")
                .header("WWW-Authenticate", org.hamcrest.Matchers.startsWith("Bearer realm=\"annals\""));
        given().baseUri(Management.uri())
                .header("Authorization", TestTokens.bearer("root", Set.of("admin"))).get("/admin/projections")
                .then().statusCode(200);
    }
}
