package dev.annals.query;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.Management;
import dev.annals.query.consistency.CheckpointListener;
import dev.annals.query.testing.Commands;
import dev.annals.query.testing.Database;
import dev.annals.query.testing.RealStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.is;

/**
 * The checkpoint listener's connection dies without closing: its PostgreSQL backend is frozen (SIGSTOP), so the
 * socket stays open and no notice arrives. The listener must notice by itself, take readiness down, replace the
 * connection and be woken by notices again — before, readiness stayed up and every read with a token timed out.
 */
@QuarkusTest
@TestProfile(ListenerLivenessTest.QuickChecks.class)
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class ListenerLivenessTest {

    public static class QuickChecks implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("annals.query.listener-check-interval", "1s");
        }
    }

    @Inject
    CheckpointListener listener;

    @BeforeAll
    static void startTheSystem() {
        RealStack.commandService();
    }

    @Test
    void aListenerConnectionThatSilentlyDiesIsNoticedReplacedAndReadinessFollows() throws Exception {
        String account = Commands.newId("silent");
        awaitReady();
        int frozen = listener.backendProcessId().orElseThrow();
        try (Connection owner = Database.owner()) {
            // no new connection for a while, so that the time without a listener lasts long enough to be seen
            execute(owner, "alter database annals connection limit 0");
            signal("STOP", frozen);
            try {
                await("readiness down").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                        given().baseUri(Management.uri()).get("/q/health/ready").then().statusCode(503)
                                .body("checks.find { it.name == 'checkpoint-listener' }.status", is("DOWN")));
            } finally {
                execute(owner, "alter database annals connection limit -1");
            }
            awaitReady();
            assertThat(listener.backendProcessId()).as("a new connection").isPresent();
            assertThat(listener.backendProcessId().getAsInt()).as("a new connection").isNotEqualTo(frozen);

            Commands.open(account, "ann");
            Commands.Accepted deposit = Commands.deposit(account, 5);
            Response read = given().header("Annals-Consistency-Token", deposit.token())
                    .get("/api/bank/accounts/{id}", account);
            assertThat(read.statusCode()).as(read.asString()).isEqualTo(200);
            assertThat(read.jsonPath().getLong("balance")).isEqualTo(5);
        } finally {
            signal("CONT", frozen); // it finds its client gone, and ends
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static void awaitReady() {
        await("readiness up").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().baseUri(Management.uri()).get("/q/health/ready").then().statusCode(200)
                        .body("checks.find { it.name == 'checkpoint-listener' }.status", is("UP")));
    }

    private static void signal(String signal, int pid) throws IOException, InterruptedException {
        // the shell's kill: a built-in wherever there is a shell, as devstack's watchdogs need one anyway
        Process kill = new ProcessBuilder("sh", "-c", "kill -" + signal + " " + pid).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }
}
