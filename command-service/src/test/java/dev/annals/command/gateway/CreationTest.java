package dev.annals.command.gateway;

import dev.annals.command.testing.EventLog;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.devstack.testing.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.UUID;

import static dev.annals.command.testing.Api.BANK;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creating aggregates: {@code POST /api/{type}/{command}} names the aggregate on the server, a creating command
 * never reaches an aggregate that exists, and values the server draws are drawn once and travel in the command.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class CreationTest {

    @Test
    void a_creating_command_without_an_id_creates_an_aggregate_the_server_names() {
        ExtractableResponse<Response> created = post("/api/bank-account/open", "{\"owner\":\"ann\"}", Map.of());

        assertThat(created.statusCode()).isEqualTo(201);
        String id = created.jsonPath().getString("id");
        assertThat(UUID.fromString(id)).isNotNull();
        assertThat(created.header("Location")).isEqualTo("/api/bank-account/" + id);
        assertThat(created.header("ETag")).isEqualTo("\"1\"");
        assertThat(created.header("Annals-Consistency-Token")).startsWith("bank-account:");
        assertThat(EventLog.of(BANK, id)).extracting(EventEnvelope::eventType).containsExactly("AccountOpened");

        assertThat(post("/api/bank-account/" + id + "/deposit", "{\"amount\":5}", Map.of()).statusCode())
                .isEqualTo(200);
        assertThat(post("/api/bank-account/open", "{\"owner\":\"ann\"}", Map.of()).jsonPath().getString("id"))
                .as("each request without a key gets a new aggregate").isNotEqualTo(id);
    }

    @Test
    void a_retried_creation_with_the_same_key_reaches_the_same_aggregate_and_gets_the_first_answer() {
        Map<String, String> key = Map.of("Idempotency-Key", "create-" + UUID.randomUUID());

        ExtractableResponse<Response> first = post("/api/tally/start", "{\"name\":\"laps\"}", key);
        ExtractableResponse<Response> retry = post("/api/tally/start", "{\"name\":\"laps\"}", key);

        assertThat(first.statusCode()).isEqualTo(201);
        assertThat(retry.statusCode()).isEqualTo(201);
        String id = first.jsonPath().getString("id");
        assertThat(retry.asString()).isEqualTo(first.asString());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location"));
        assertThat(EventLog.of("tally", id)).hasSize(1);
        assertThat(post("/api/tally/start", "{\"name\":\"laps\"}",
                Map.of("Idempotency-Key", "create-" + UUID.randomUUID())).jsonPath().getString("id"))
                .as("another key, another aggregate").isNotEqualTo(id);
    }

    @Test
    void a_server_generated_value_is_drawn_once_and_recorded_in_the_event() {
        ExtractableResponse<Response> created = post("/api/tally/start", "{\"name\":\"laps\"}", Map.of());
        String id = created.jsonPath().getString("id");
        String ticket = created.jsonPath().getString("events[0].data.ticket");

        assertThat(ticket).startsWith(id + "/");
        EventEnvelope started = EventLog.of("tally", id).get(0);
        assertThat(new String(started.data(), StandardCharsets.UTF_8))
                .isEqualTo("{\"name\":\"laps\",\"ticket\":\"" + ticket + "\"}");
    }

    @Test
    void a_retry_on_a_named_aggregate_matches_its_first_attempt_although_the_drawn_value_differs() {
        String id = "tally-" + UUID.randomUUID();
        Map<String, String> key = Map.of("Idempotency-Key", "k-" + UUID.randomUUID());

        ExtractableResponse<Response> first = post("/api/tally/" + id + "/start", "{\"name\":\"a\"}", key);
        ExtractableResponse<Response> retry = post("/api/tally/" + id + "/start", "{\"name\":\"a\"}", key);
        ExtractableResponse<Response> other = post("/api/tally/" + id + "/start", "{\"name\":\"a\"}", Map.of());

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(retry.statusCode()).isEqualTo(200);
        assertThat(retry.asString()).isEqualTo(first.asString());
        assertProblem(other, 409, "ALREADY_EXISTS");
        assertThat(EventLog.of("tally", id)).hasSize(1);
    }

    @Test
    void a_client_may_not_set_a_server_generated_field() {
        long before = EventLog.endOffsets("tally");

        assertProblem(post("/api/tally/start", "{\"name\":\"x\",\"ticket\":\"mine\"}", Map.of()), 400,
                "SERVER_GENERATED_FIELD");
        assertProblem(post("/api/tally/start", "{\"ticket\":\"mine\"", Map.of()), 400, "INVALID_JSON");
        assertProblem(post("/api/tally/start", "{}", Map.of()), 400, "INVALID_JSON");
        assertThat(EventLog.endOffsets("tally")).isEqualTo(before);
    }

    @Test
    void only_a_creating_command_goes_without_an_id() {
        long before = EventLog.endOffsets(BANK);

        assertProblem(post("/api/bank-account/deposit", "{\"amount\":5}", Map.of()), 404, "NOT_A_CREATING_COMMAND");
        assertProblem(post("/api/bank-account/fly", "{}", Map.of()), 404, "UNKNOWN_COMMAND");
        assertProblem(post("/api/nothing/open", "{}", Map.of()), 404, "UNKNOWN_TYPE");
        assertThat(EventLog.endOffsets(BANK)).isEqualTo(before);
    }

    private static void assertProblem(ExtractableResponse<Response> response, int status, String code) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("code")).isEqualTo(code);
    }

    private static ExtractableResponse<Response> post(String path, String json, Map<String, String> headers) {
        RequestSpecification request = RestAssured.given().contentType("application/json").body(json);
        headers.forEach(request::header);
        return request.post(path).then().extract();
    }
}
