package dev.annals.query;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.SharedServices;
import dev.annals.query.testing.Commands;
import dev.annals.query.testing.RealStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A token the projection has not reached gets 504 after the configured wait (3 s under test), with a problem
 * that names the projection and how far behind it is; once the projection runs again, the same request succeeds.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class UnreachableTokenTest {

    @BeforeAll
    static void startTheSystem() {
        RealStack.commandService();
    }

    @AfterEach
    void projectionServiceRunsAgain() {
        SharedServices.start(RealStack.PROJECTION_SERVICE);
    }

    @Test
    void aTokenNoProjectionReachesTimesOutThenSucceedsOnceProjectionsRun() {
        String account = Commands.newId("late");
        Commands.Accepted opened = Commands.open(account, "late-owner");
        assertThat(given().header("Annals-Consistency-Token", opened.token())
                .get("/api/bank/accounts/{id}", account).statusCode()).isEqualTo(200);

        SharedServices.stop(RealStack.PROJECTION_SERVICE);
        Commands.Accepted deposit = Commands.deposit(account, 70);

        long started = System.nanoTime();
        Response timedOut = given().header("Annals-Consistency-Token", deposit.token())
                .get("/api/bank/accounts/{id}", account);
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertThat(timedOut.statusCode()).as(timedOut.asString()).isEqualTo(504);
        assertThat(timedOut.contentType()).startsWith("application/problem+json");
        assertThat(timedOut.jsonPath().getString("code")).isEqualTo("CONSISTENCY_TIMEOUT");
        assertThat(timedOut.jsonPath().getString("projection")).isEqualTo("bank-accounts");
        List<Map<String, Object>> behind = timedOut.jsonPath().getList("behind");
        assertThat(behind).singleElement().satisfies(position -> {
            assertThat(position.get("position")).isEqualTo(deposit.token());
            long reached = ((Number) position.get("reachedCommandOffset")).longValue();
            assertThat(reached).isLessThan(offsetOf(deposit.token()));
        });
        // the bound is the configured wait: it did wait, rather than answer at once
        assertThat(waitedMillis).isGreaterThanOrEqualTo(3000);
        // the generic state is served by another projection, stopped too
        assertThat(given().queryParam("consistentWith", deposit.token()).get("/api/bank-account/{id}", account)
                .jsonPath().getString("projection")).isEqualTo("aggregate-state");

        SharedServices.start(RealStack.PROJECTION_SERVICE);

        Response served = given().header("Annals-Consistency-Token", deposit.token())
                .get("/api/bank/accounts/{id}", account);
        assertThat(served.statusCode()).as(served.asString()).isEqualTo(200);
        assertThat(served.jsonPath().getLong("balance")).isEqualTo(70);
        assertThat(served.jsonPath().getLong("version")).isEqualTo(deposit.version());
    }

    private static long offsetOf(String token) {
        return Long.parseLong(token.substring(token.lastIndexOf(':') + 1));
    }
}
