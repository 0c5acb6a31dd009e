package dev.annals.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.query.testing.Commands;
import dev.annals.query.testing.Database;
import dev.annals.query.testing.RealStack;
import dev.annals.query.testing.SseClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URL;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.UUID;

import static dev.annals.query.testing.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The journal holds events this query-service cannot show: of a type it does not know (the command side runs a
 * newer domain) or with data that no longer fits its record. Reads that need them answer a problem that says so;
 * a stream shows each in its place as an {@code annals.unreadable} event and goes on past it.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class UnreadableEventsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TestHTTPResource("/api")
    URL api;

    @BeforeAll
    static void startTheSystem() {
        RealStack.commandService(); // projection-service has created the journal
    }

    @Test
    void historyAndTimeTravelSayWhatTheyCannotReadAndAStreamGoesOnPastIt() throws Exception {
        String account = Commands.newId("unreadable");
        journal(account, 1, "AccountOpened", "{\"owner\":\"ann\"}");
        journal(account, 2, "MoneyPrinted", "{\"amount\":5}");
        journal(account, 3, "MoneyDeposited", "{\"amount\":\"lots\"}");
        journal(account, 4, "MoneyDeposited", "{\"amount\":7}");

        problem(given().get("/api/bank-account/{id}/events", account), 500, "UNKNOWN_EVENT_TYPE");
        problem(given().get("/api/bank-account/{id}?atVersion=2", account), 500, "UNKNOWN_EVENT_TYPE");
        assertThat(given().get("/api/bank-account/{id}?atVersion=1", account).statusCode()).isEqualTo(200);

        try (SseClient stream = SseClient.connect(api + "/bank-account/" + account + "/events/stream", "0")) {
            assertThat(stream.next(WITHIN).name()).isEqualTo("AccountOpened");
            SseClient.Event unknown = stream.next(WITHIN);
            assertThat(unknown.id()).isEqualTo("2");
            assertThat(unknown.name()).isEqualTo("annals.unreadable");
            JsonNode data = JSON.readTree(unknown.data());
            assertThat(data.get("version").asLong()).isEqualTo(2);
            assertThat(data.get("type").asText()).isEqualTo("MoneyPrinted");
            assertThat(data.at("/problem/code").asText()).isEqualTo("UNKNOWN_EVENT_TYPE");
            SseClient.Event misfit = stream.next(WITHIN);
            assertThat(misfit.name()).isEqualTo("annals.unreadable");
            assertThat(JSON.readTree(misfit.data()).at("/problem/code").asText()).isEqualTo("UNREADABLE_EVENT");
            SseClient.Event after = stream.next(WITHIN);
            assertThat(after.id()).isEqualTo("4");
            assertThat(after.name()).isEqualTo("MoneyDeposited");
        }
    }

    /** A row as the event-journal projection writes it, without the projection's checks. */
    private static void journal(String account, long version, String eventType, String data) throws Exception {
        try (Connection owner = Database.owner();
             PreparedStatement insert = owner.prepareStatement("insert into event_journal.events (aggregate_type,"
                     + " aggregate_id, version, event_type, time, data, command_id, command_offset, correlation_id,"
                     + " event_id) values ('bank-account', ?, ?, ?, now(), cast(? as jsonb), ?, 0, ?, ?)")) {
            insert.setString(1, account);
            insert.setLong(2, version);
            insert.setString(3, eventType);
            insert.setString(4, data);
            insert.setString(5, UUID.randomUUID().toString());
            insert.setString(6, UUID.randomUUID().toString());
            insert.setString(7, UUID.randomUUID().toString());
            insert.executeUpdate();
        }
    }
}
