package dev.annals.command.gateway;

import dev.annals.command.processor.CommandProcessor;
import dev.annals.command.testing.EventLog;
import dev.annals.devstack.testing.DevstackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ExtractableResponse;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.annals.command.testing.Api.BANK;
import static dev.annals.command.testing.Api.command;
import static dev.annals.command.testing.Api.newAccountId;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** A reply that does not come in time is a 504 naming the command; the command may still be applied. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "none"))
@TestProfile(ReplyTimeoutTest.NoTimeToWait.class)
class ReplyTimeoutTest {

    public static class NoTimeToWait implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("annals.gateway.reply-timeout", "2s", "annals.gateway.send-timeout", "2s");
        }
    }

    @Inject
    CommandProcessor processor;

    @Test
    void no_reply_in_time_is_a_504_naming_the_command_id() {
        String id = newAccountId("slow");

        ExtractableResponse<Response> answer;
        processor.pause(); // Kafka takes the command; nothing decides it
        try {
            answer = command(id, "open", "{\"owner\":\"ann\"}");
        } finally {
            processor.resume();
        }

        assertThat(answer.statusCode()).isEqualTo(504);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.jsonPath().getString("code")).isEqualTo("REPLY_TIMEOUT");
        String commandId = answer.jsonPath().getString("commandId");
        assertThat(commandId).isNotBlank();
        assertThat(answer.jsonPath().getString("detail")).contains(commandId);
        // the command was sent: the processor applies it even though nobody waited
        await().atMost(Duration.ofSeconds(30)).until(() -> EventLog.of(BANK, id).size() == 1);
        assertThat(EventLog.of(BANK, id).get(0).commandId()).isEqualTo(commandId);
    }
}
