package dev.annals.query;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.query.testing.Commands;
import dev.annals.query.testing.Database;
import dev.annals.query.testing.RealStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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

    @BeforeAll
    static void startTheSystem() {
        RealStack.commandService();
    }

    @Test
    void aListenerConnectionThatSilentlyDiesIsNoticedReplacedAndReadinessFollows() throws Exception {
        String account = Commands.newId("silent");
        awaitReady();
        int frozen = listenerBackend().orElseThrow();
        signal("STOP", frozen);
        try {
            await("readiness down").atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get("/q/health/ready").then().statusCode(503)
                            .body("checks.find { it.name == 'checkpoint-listener' }.status", is("DOWN")));
            awaitReady();
            assertThat(listenerBackend()).as("a new connection").isPresent().get().isNotEqualTo(frozen);

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

    private static void awaitReady() {
        await("readiness up").atMost(Duration.ofSeconds(60)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200)
                        .body("checks.find { it.name == 'checkpoint-listener' }.status", is("UP")));
    }

    /** The backend of the service's LISTEN connection: the reader role's one that listens, or last notified itself. */
    private static Optional<Integer> listenerBackend() throws SQLException {
        try (Connection reader = Database.reader();
             Statement query = reader.createStatement();
             ResultSet rows = query.executeQuery("select pid from pg_stat_activity where usename = current_user"
                     + " and pid <> pg_backend_pid() and (query ilike 'listen%' or query like '%annals_ping_%')"
                     + " order by backend_start desc")) {
            return rows.next() ? Optional.of(rows.getInt(1)) : Optional.empty();
        }
    }

    private static void signal(String signal, int pid) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + signal, Integer.toString(pid)).inheritIO().start();
        assertThat(kill.waitFor()).as("kill -%s %d", signal, pid).isZero();
    }
}
