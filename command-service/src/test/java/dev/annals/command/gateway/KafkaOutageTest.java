package dev.annals.command.gateway;

import dev.annals.command.testing.EventLog;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.SharedInfrastructure;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.annals.command.testing.Api.BANK;
import static dev.annals.command.testing.Api.command;
import static dev.annals.command.testing.Api.newAccountId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** With the broker down a command is answered 503 within the send timeout; after it is back, commands work. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class KafkaOutageTest {

    @Test
    void an_unreachable_broker_is_a_quick_503_and_the_service_recovers() {
        String id = newAccountId("outage");
        assertThat(command(id, "open", "{\"owner\":\"ann\"}").statusCode()).isEqualTo(200);

        SharedInfrastructure.stopKafka();
        ExtractableResponse<Response> during;
        long tookMs;
        try {
            long started = System.nanoTime();
            during = command(id, "deposit", "{\"amount\":5}");
            tookMs = (System.nanoTime() - started) / 1_000_000;
        } finally {
            SharedInfrastructure.startKafka();
        }

        assertThat(during.statusCode()).as(during.asString()).isEqualTo(503);
        assertThat(during.contentType()).startsWith("application/problem+json");
        assertThat(during.jsonPath().getString("code")).isEqualTo("KAFKA_UNAVAILABLE");
        assertThat(Long.parseLong(during.header("Retry-After"))).isBetween(1L, 10L);
        // bounded by annals.gateway.send-timeout (5 s), well before the reply timeout (10 s): no hanging request
        assertThat(tookMs).isLessThan(9_000);

        Map<String, String> retry = Map.of("Idempotency-Key", "after-outage-" + id);
        ExtractableResponse<Response> after = await().atMost(Duration.ofMinutes(2))
                .pollInterval(Duration.ofMillis(500))
                .until(() -> command(id, "deposit", "{\"amount\":5}", retry), answer -> answer.statusCode() == 200);
        assertThat(after.jsonPath().getLong("version")).isEqualTo(2);
        assertThat(EventLog.of(BANK, id)).extracting(EventEnvelope::aggregateVersion).containsExactly(1L, 2L);
    }
}
