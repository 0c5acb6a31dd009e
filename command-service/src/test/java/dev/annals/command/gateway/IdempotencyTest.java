package dev.annals.command.gateway;

import dev.annals.command.testing.EventLog;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.devstack.testing.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static dev.annals.command.testing.Api.BANK;
import static dev.annals.command.testing.Api.command;
import static dev.annals.command.testing.Api.newAccountId;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class IdempotencyTest {

    @Test
    void a_retry_with_the_same_key_gets_the_first_answer_and_writes_no_event() {
        String id = newAccountId("retry");
        command(id, "open", "{\"owner\":\"ann\"}");
        Map<String, String> key = Map.of("Idempotency-Key", "deposit-" + id);

        ExtractableResponse<Response> first = command(id, "deposit", "{\"amount\":10}", key);
        ExtractableResponse<Response> retry = command(id, "deposit", "{\"amount\":10}", key);

        assertThat(first.statusCode()).isEqualTo(200);
        assertSameAnswer(retry, first);
        assertThat(deposits(id)).hasSize(1);
    }

    @Test
    void a_retry_after_many_other_keyed_commands_on_the_aggregate_still_gets_the_first_answer() {
        String id = newAccountId("busy");
        command(id, "open", "{\"owner\":\"ann\"}");
        Map<String, String> key = Map.of("Idempotency-Key", "first-" + id);
        ExtractableResponse<Response> first = command(id, "deposit", "{\"amount\":10}", key);
        for (int i = 0; i < 120; i++) { // more than the 100 answers an aggregate once remembered
            assertThat(command(id, "deposit", "{\"amount\":1}", Map.of("Idempotency-Key", "other-" + i + "-" + id))
                    .statusCode()).isEqualTo(200);
        }

        ExtractableResponse<Response> retry = command(id, "deposit", "{\"amount\":10}", key);

        assertSameAnswer(retry, first);
        assertThat(deposits(id)).hasSize(121);
    }

    @Test
    void a_refusal_is_the_first_answer_too_and_its_retry_gets_it_after_the_state_changed() {
        String id = newAccountId("refused");
        command(id, "open", "{\"owner\":\"ann\"}");
        Map<String, String> key = Map.of("Idempotency-Key", "withdraw-" + id);
        ExtractableResponse<Response> refused = command(id, "withdraw", "{\"amount\":50}", key);
        assertThat(command(id, "deposit", "{\"amount\":100}").statusCode()).isEqualTo(200);

        ExtractableResponse<Response> retry = command(id, "withdraw", "{\"amount\":50}", key);

        assertThat(refused.statusCode()).isEqualTo(409);
        assertThat(refused.jsonPath().getString("code")).isEqualTo("INSUFFICIENT_FUNDS");
        assertSameAnswer(retry, refused);
        assertThat(EventLog.of(BANK, id)).extracting(EventEnvelope::eventType)
                .containsExactly("AccountOpened", "MoneyDeposited");
    }

    @Test
    void concurrent_requests_with_one_key_make_one_event_and_identical_answers() throws Exception {
        String id = newAccountId("concurrent-retry");
        command(id, "open", "{\"owner\":\"ann\"}");
        Map<String, String> key = Map.of("Idempotency-Key", "k-" + id);
        int clients = 8;
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<ExtractableResponse<Response>>> answers = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                Callable<ExtractableResponse<Response>> call = () -> {
                    go.await();
                    return command(id, "deposit", "{\"amount\":7}", key);
                };
                answers.add(pool.submit(call));
            }
            go.countDown();
            ExtractableResponse<Response> first = answers.get(0).get();
            assertThat(first.statusCode()).as(first.asString()).isEqualTo(200);
            for (Future<ExtractableResponse<Response>> answer : answers) {
                assertSameAnswer(answer.get(), first);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(deposits(id)).hasSize(1);
        assertThat(EventLog.of(BANK, id)).extracting(EventEnvelope::aggregateVersion).containsExactly(1L, 2L);
    }

    @Test
    void a_key_used_again_for_another_command_is_refused_and_writes_nothing() {
        String id = newAccountId("reused");
        command(id, "open", "{\"owner\":\"ann\"}");
        Map<String, String> key = Map.of("Idempotency-Key", "r-" + id);
        command(id, "deposit", "{\"amount\":10}", key);
        long before = EventLog.endOffsets(BANK);

        ExtractableResponse<Response> reused = command(id, "deposit", "{\"amount\":99}", key);

        assertThat(reused.statusCode()).isEqualTo(422);
        assertThat(reused.contentType()).startsWith("application/problem+json");
        assertThat(reused.jsonPath().getString("code")).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(EventLog.endOffsets(BANK)).isEqualTo(before);
    }

    private static List<EventEnvelope> deposits(String id) {
        return EventLog.of(BANK, id).stream().filter(event -> event.eventType().equals("MoneyDeposited")).toList();
    }

    private static void assertSameAnswer(ExtractableResponse<Response> actual, ExtractableResponse<Response> first) {
        assertThat(actual.statusCode()).isEqualTo(first.statusCode());
        assertThat(actual.asString()).isEqualTo(first.asString());
        assertThat(actual.header("ETag")).isEqualTo(first.header("ETag"));
        assertThat(actual.header("Annals-Consistency-Token")).isEqualTo(first.header("Annals-Consistency-Token"));
    }
}
