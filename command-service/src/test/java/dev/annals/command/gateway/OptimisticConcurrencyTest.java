package dev.annals.command.gateway;

import dev.annals.command.testing.EventLog;
import dev.annals.devstack.testing.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.annals.command.testing.Api.BANK;
import static dev.annals.command.testing.Api.command;
import static dev.annals.command.testing.Api.newAccountId;
import static org.assertj.core.api.Assertions.assertThat;

@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class OptimisticConcurrencyTest {

    @Test
    void a_stale_if_match_is_a_version_conflict_and_writes_nothing() {
        String id = newAccountId("stale");
        command(id, "open", "{\"owner\":\"ann\"}", Map.of("If-Match", "\"0\""));
        command(id, "deposit", "{\"amount\":10}");
        long before = EventLog.endOffsets(BANK);

        ExtractableResponse<Response> stale = command(id, "deposit", "{\"amount\":10}", Map.of("If-Match", "\"1\""));

        assertThat(stale.statusCode()).isEqualTo(409);
        assertThat(stale.contentType()).startsWith("application/problem+json");
        assertThat(stale.jsonPath().getString("code")).isEqualTo("VERSION_CONFLICT");
        assertThat(stale.jsonPath().getLong("version")).isEqualTo(2);
        assertThat(stale.header("ETag")).isEqualTo("\"2\"");
        assertThat(EventLog.endOffsets(BANK)).isEqualTo(before);
        assertThat(EventLog.of(BANK, id)).hasSize(2);
    }

    @Test
    void the_current_version_in_if_match_is_accepted() {
        String id = newAccountId("current");
        assertThat(command(id, "open", "{\"owner\":\"ann\"}", Map.of("If-Match", "\"0\"")).statusCode())
                .isEqualTo(200);

        ExtractableResponse<Response> current = command(id, "deposit", "{\"amount\":10}", Map.of("If-Match", "\"1\""));

        assertThat(current.statusCode()).isEqualTo(200);
        assertThat(current.header("ETag")).isEqualTo("\"2\"");
    }

    @Test
    void if_match_zero_means_the_aggregate_must_not_exist_yet() {
        String id = newAccountId("exists");
        command(id, "open", "{\"owner\":\"ann\"}");

        ExtractableResponse<Response> again = command(id, "open", "{\"owner\":\"bob\"}", Map.of("If-Match", "\"0\""));
        ExtractableResponse<Response> deposit = command(id, "deposit", "{\"amount\":1}", Map.of("If-Match", "\"0\""));

        // a creating command is told the id is taken (not the account's version); any other, that it exists
        assertThat(again.statusCode()).isEqualTo(409);
        assertThat(again.jsonPath().getString("code")).isEqualTo("ALREADY_EXISTS");
        assertThat(again.jsonPath().getMap("$")).doesNotContainKey("version");
        assertThat(deposit.statusCode()).isEqualTo(409);
        assertThat(deposit.jsonPath().getString("code")).isEqualTo("VERSION_CONFLICT");
        assertThat(deposit.jsonPath().getLong("version")).isEqualTo(1);
    }
}
