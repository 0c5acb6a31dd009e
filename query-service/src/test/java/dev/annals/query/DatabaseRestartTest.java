package dev.annals.query;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.Management;
import dev.annals.devstack.testing.SharedInfrastructure;
import dev.annals.query.testing.Commands;
import dev.annals.query.testing.RealStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static dev.annals.query.HistoryAndTimeTravelTest.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * PostgreSQL goes away and comes back: meanwhile reads are 503 and the service is not ready; afterwards the
 * checkpoint listener has re-subscribed by itself, so reads with a token are woken by notifications again.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class DatabaseRestartTest {

    @BeforeAll
    static void startTheSystem() {
        RealStack.commandService();
    }

    @AfterEach
    void postgresRunsAgain() {
        SharedInfrastructure.startPostgres();
    }

    @Test
    void readsAreUnavailableWhileTheDatabaseIsAwayAndWaitForWritesAgainAfterwards() {
        String account = Commands.newId("restart");
        Commands.open(account, "phoenix");

        SharedInfrastructure.stopPostgres();
        Response away = given().get("/api/bank/accounts/{id}", account);
        problem(away, 503, "DATABASE_UNAVAILABLE");
        assertThat(away.header("Retry-After")).isNotBlank();
        problem(given().get("/api/bank-account/{id}/events", account), 503, "DATABASE_UNAVAILABLE");
        // not ready: the database does not answer, and the checkpoint listener has lost its connection
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().baseUri(Management.uri())
                .get("/q/health/ready").then()
                .statusCode(503).body("checks.find { it.name == 'checkpoint-listener' }.status", is("DOWN")));

        SharedInfrastructure.startPostgres();
        // ready again once the listener has re-connected and re-issued its LISTEN by itself
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> given().baseUri(Management.uri())
                .get("/q/health/ready").then()
                .statusCode(200).body("checks.find { it.name == 'checkpoint-listener' }.status", is("UP")));

        long balance = 0;
        for (int i = 1; i <= 20; i++) {
            Commands.Accepted deposit = Commands.deposit(account, i);
            balance += i;
            // read at once: mostly before the projection has the deposit, so the wait needs a notification
            Response read = given().header("Annals-Consistency-Token", deposit.token())
                    .get("/api/bank/accounts/{id}", account);
            assertThat(read.statusCode()).as(read.asString()).isEqualTo(200);
            assertThat(read.jsonPath().getLong("balance")).isEqualTo(balance);
        }
    }
}
