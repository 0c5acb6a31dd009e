package dev.annals.query;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.Management;
import dev.annals.query.testing.RealStack;
import dev.annals.query.testing.SseClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per instance, at most {@code annals.query.max-streams} event streams and {@code annals.query.max-waiting-reads}
 * reads waiting for a token: one more is a 503 problem with {@code Retry-After}, and a slot freed is taken again.
 */
@QuarkusTest
@TestProfile(RequestBoundsTest.SmallBounds.class)
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class RequestBoundsTest {

    public static class SmallBounds implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("annals.query.max-streams", "2", "annals.query.max-waiting-reads", "1",
                    "annals.query.consistency-wait", "20s");
        }
    }

    @TestHTTPResource("/api")
    String api;

    @BeforeAll
    static void startTheSystem() {
        RealStack.commandService(); // and projection-service, which creates the read models
    }

    @Test
    void oneStreamPastTheLimitIsRefusedUntilOneCloses() {
        String stream = api + "/bank-account/events/stream";
        SseClient first = SseClient.connect(stream, null);
        try (SseClient second = SseClient.connect(stream, null)) {
            Response third = given().accept("text/event-stream").get("/api/bank-account/events/stream");
            assertRefused(third, "TOO_MANY_STREAMS", "5");
        }
        first.close();
        // the slot the closed streams held is free again
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> SseClient.connect(stream, null).close());
    }

    @Test
    void oneWaitingReadPastTheLimitIsRefusedWhileReadsWithoutATokenGoOn() {
        // a token no write has reached yet: the read waits (20 s here)
        CompletableFuture<Integer> waiting = CompletableFuture.supplyAsync(() -> given()
                .header("Annals-Consistency-Token", "bank-account:0:999999999").get("/api/bank/accounts?size=1")
                .statusCode());
        await().atMost(Duration.ofSeconds(10)).until(() -> given().baseUri(Management.uri())
                .get("/q/metrics").asString()
                .matches("(?s).*\\nannals_query_consistency_waiting(\\{[^}]*})? 1\\.0\\n.*"));

        Response second = given().header("Annals-Consistency-Token", "bank-account:1:999999999")
                .get("/api/bank/accounts?size=1");
        assertRefused(second, "TOO_MANY_WAITING_READS", "1");
        assertThat(given().get("/api/bank/accounts?size=1").statusCode()).as("a read without a token").isEqualTo(200);
        assertThat(waiting).as("the first read still waits").isNotDone();
    }

    private static void assertRefused(Response answer, String code, String retryAfter) {
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(503);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getString("code")).isEqualTo(code);
        assertThat(answer.header("Retry-After")).isEqualTo(retryAfter);
    }
}
