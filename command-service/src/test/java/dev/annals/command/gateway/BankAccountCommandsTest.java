package dev.annals.command.gateway;

import dev.annals.command.testing.EventLog;
import dev.annals.core.consistency.ConsistencyToken;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.devstack.testing.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.annals.command.testing.Api.BANK;
import static dev.annals.command.testing.Api.command;
import static dev.annals.command.testing.Api.newAccountId;
import static org.assertj.core.api.Assertions.assertThat;

/** Every bank command through REST, accepted and rejected, checked against the events topic. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
class BankAccountCommandsTest {

    @Test
    void an_account_lives_through_every_command_with_gap_free_versions() {
        String id = newAccountId("life");

        ExtractableResponse<Response> opened = command(id, "open", "{\"owner\":\"ann\"}");
        assertThat(opened.statusCode()).isEqualTo(200);
        assertThat(opened.header("ETag")).isEqualTo("\"1\"");
        assertThat(opened.jsonPath().getString("type")).isEqualTo(BANK);
        assertThat(opened.jsonPath().getString("id")).isEqualTo(id);
        assertThat(opened.jsonPath().getLong("version")).isEqualTo(1);
        assertThat(opened.jsonPath().getString("events[0].type")).isEqualTo("AccountOpened");
        assertThat(opened.jsonPath().getString("events[0].data.owner")).isEqualTo("ann");

        assertAccepted(command(id, "deposit", "{\"amount\":100}"), 2, "MoneyDeposited");
        assertAccepted(command(id, "withdraw", "{\"amount\":30}"), 3, "MoneyWithdrawn");
        assertRejected(command(id, "withdraw", "{\"amount\":71}"), "INSUFFICIENT_FUNDS", 3);
        assertRejected(command(id, "close", "{}"), "BALANCE_NOT_ZERO", 3);
        assertTaken(command(id, "open", "{\"owner\":\"bob\"}"));
        assertAccepted(command(id, "withdraw", "{\"amount\":70}"), 4, "MoneyWithdrawn");
        assertAccepted(command(id, "close", ""), 5, "AccountClosed");
        assertRejected(command(id, "deposit", "{\"amount\":1}"), "ACCOUNT_CLOSED", 5);
        assertRejected(command(id, "withdraw", "{\"amount\":1}"), "ACCOUNT_CLOSED", 5);
        assertRejected(command(id, "close", "{}"), "ACCOUNT_CLOSED", 5);
        assertTaken(command(id, "open", "{\"owner\":\"ann\"}"));

        List<EventEnvelope> log = EventLog.of(BANK, id);
        assertThat(log).extracting(EventEnvelope::aggregateVersion).containsExactly(1L, 2L, 3L, 4L, 5L);
        assertThat(log).extracting(EventEnvelope::eventType).containsExactly("AccountOpened", "MoneyDeposited",
                "MoneyWithdrawn", "MoneyWithdrawn", "AccountClosed");
    }

    @Test
    void commands_on_an_account_nobody_opened_are_rejected() {
        String id = newAccountId("unopened");

        assertRejected(command(id, "deposit", "{\"amount\":1}"), "ACCOUNT_NOT_OPEN", 0);
        assertRejected(command(id, "withdraw", "{\"amount\":1}"), "ACCOUNT_NOT_OPEN", 0);
        assertRejected(command(id, "close", "{}"), "ACCOUNT_NOT_OPEN", 0);

        assertThat(EventLog.of(BANK, id)).isEmpty();
    }

    @Test
    void the_consistency_token_names_the_command_the_events_carry() {
        String id = newAccountId("token");
        command(id, "open", "{\"owner\":\"ann\"}");

        ExtractableResponse<Response> deposited = command(id, "deposit", "{\"amount\":5}");

        ConsistencyToken token = ConsistencyToken.parse(deposited.header("Annals-Consistency-Token"));
        ConsistencyToken.Position position = token.positions().get(0);
        EventEnvelope event = EventLog.of(BANK, id).get(1);
        assertThat(position.aggregateType()).isEqualTo(BANK);
        assertThat(position.commandOffset()).isEqualTo(event.commandOffset());
    }

    private static void assertAccepted(ExtractableResponse<Response> response, long version, String eventType) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(200);
        assertThat(response.header("ETag")).isEqualTo("\"" + version + "\"");
        assertThat(response.header("Annals-Consistency-Token")).matches(BANK + ":\\d+:\\d+");
        assertThat(response.jsonPath().getLong("version")).isEqualTo(version);
        assertThat(response.jsonPath().getList("events.type")).containsExactly(eventType);
        assertThat(response.jsonPath().getList("events.version", Long.class)).containsExactly(version);
    }

    /** ALREADY_EXISTS, telling that the id is taken but not the account's version. */
    static void assertTaken(ExtractableResponse<Response> response) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(409);
        assertThat(response.jsonPath().getString("code")).isEqualTo("ALREADY_EXISTS");
        assertThat(response.jsonPath().getMap("$")).doesNotContainKey("version");
        assertThat(response.header("ETag")).isNull();
    }

    static void assertRejected(ExtractableResponse<Response> response, String code, long version) {
        assertThat(response.statusCode()).as(response.asString()).isEqualTo(409);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.jsonPath().getString("code")).isEqualTo(code);
        assertThat(response.jsonPath().getString("type")).endsWith("/" + code.toLowerCase().replace('_', '-'));
        assertThat(response.jsonPath().getLong("version")).isEqualTo(version);
    }
}
