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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.annals.query.HistoryAndTimeTravelTest.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Live events over SSE arrive in order and resume from Last-Event-ID with no gap and no repeat. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class EventStreamTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration WITHIN = Duration.ofSeconds(20);

    @TestHTTPResource("/api")
    URL api;

    @BeforeAll
    static void startTheSystem() {
        RealStack.commandService();
    }

    @Test
    void anAggregatesEventsInOrderThenResumedAfterTheLastOneSeen() throws Exception {
        String account = Commands.newId("stream");
        Commands.open(account, "streamer");
        String url = api + "/bank-account/" + account + "/events/stream";
        String lastSeen;
        try (SseClient stream = SseClient.connect(url, "0")) {
            assertEvent(stream.next(WITHIN), account, 1, "AccountOpened");
            for (int i = 1; i <= 10; i++) {
                Commands.deposit(account, i);
            }
            for (int version = 2; version <= 11; version++) {
                SseClient.Event event = stream.next(WITHIN);
                assertEvent(event, account, version, "MoneyDeposited");
                assertThat(JSON.readTree(event.data()).at("/data/amount").asLong()).isEqualTo(version - 1);
            }
            lastSeen = "11";
        }
        for (int i = 11; i <= 15; i++) {
            Commands.deposit(account, i);
        }
        try (SseClient resumed = SseClient.connect(url, lastSeen)) {
            for (int version = 12; version <= 16; version++) {
                assertEvent(resumed.next(WITHIN), account, version, "MoneyDeposited");
            }
            // what comes next is the next new event, not a repeat
            Commands.withdraw(account, 1);
            assertEvent(resumed.next(WITHIN), account, 17, "MoneyWithdrawn");
        }
    }

    @Test
    void aTypesEventsInJournalOrderThenResumedWithoutGapOrRepeat() throws Exception {
        String first = Commands.newId("typed");
        String second = Commands.newId("typed");
        Commands.open(first, "typist");
        Commands.open(second, "typist");
        String url = api + "/bank-account/events/stream";
        Map<String, List<Long>> versions = new HashMap<>();
        String lastId;
        try (SseClient stream = SseClient.connect(url, "0")) {
            for (int i = 0; i < 5; i++) {
                Commands.deposit(first, 1);
                Commands.deposit(second, 2);
            }
            lastId = collectUntil(stream, versions, Map.of(first, 6L, second, 6L));
        }
        for (int i = 0; i < 4; i++) {
            Commands.deposit(second, 3);
            Commands.deposit(first, 4);
        }
        try (SseClient resumed = SseClient.connect(url, lastId)) {
            collectUntil(resumed, versions, Map.of(first, 10L, second, 10L));
        }
        // every version of both accounts exactly once, in order, across the two connections
        assertThat(versions.get(first)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(versions.get(second)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
    }

    /**
     * A rebuild of the event journal renumbers its positions. A type's stream, connected through the rebuild or
     * resumed after it with an id from before, still gives every event once: its ids are places in the log.
     */
    @Test
    void aTypesStreamNeitherRepeatsNorSkipsAcrossARebuildOfTheJournal() throws Exception {
        List<String> accounts = List.of(Commands.newId("rebuilt"), Commands.newId("rebuilt"),
                Commands.newId("rebuilt"), Commands.newId("rebuilt"));
        String url = api + "/bank-account/events/stream";
        Map<String, List<Long>> versions = new HashMap<>();
        String lastId;
        try (SseClient stream = SseClient.connect(url, null)) {
            accounts.forEach(account -> Commands.open(account, "rebuilt"));
            accounts.forEach(account -> Commands.deposit(account, 1));
            collectUntil(stream, versions, until(accounts, 2));

            int generation = journalGeneration();
            // positions skipped, as rolled-back batches skip them: the rebuilt journal numbers its rows far lower
            skipPositions(generation, 1_000_000);
            given().baseUri(RealStack.projectionAdmin()).post("/admin/projections/event-journal/rebuild")
                    .then().statusCode(202);
            accounts.forEach(account -> Commands.deposit(account, 2)); // while it rebuilds
            await().atMost(Duration.ofMinutes(2)).until(() -> journalGeneration() == generation + 1);
            accounts.forEach(account -> Commands.deposit(account, 3)); // after the swap
            lastId = collectUntil(stream, versions, until(accounts, 4));
        }
        accounts.forEach(account -> Commands.deposit(account, 4));
        try (SseClient resumed = SseClient.connect(url, lastId)) {
            collectUntil(resumed, versions, until(accounts, 5));
            // and nothing of ours comes after: a marker deposit is the next of our events
            Commands.deposit(accounts.get(0), 5);
            collectUntil(resumed, versions, Map.of(accounts.get(0), 6L));
        }
        for (String account : accounts) {
            List<Long> expected = account.equals(accounts.get(0)) ? List.of(1L, 2L, 3L, 4L, 5L, 6L)
                    : List.of(1L, 2L, 3L, 4L, 5L);
            assertThat(versions.get(account)).as(account).containsExactlyElementsOf(expected);
        }
    }

    private static Map<String, Long> until(List<String> accounts, long version) {
        Map<String, Long> until = new HashMap<>();
        accounts.forEach(account -> until.put(account, version));
        return until;
    }

    private static void skipPositions(int generation, long count) throws Exception {
        try (Connection owner = Database.owner(); Statement skip = owner.createStatement()) {
            skip.execute("select setval(pg_get_serial_sequence('event_journal_g" + generation + ".events',"
                    + " 'position'), (select max(position) from event_journal_g" + generation + ".events) + " + count
                    + ")");
        }
    }

    private static int journalGeneration() {
        return given().baseUri(RealStack.projectionAdmin()).get("/admin/projections/event-journal").then()
                .statusCode(200).extract().path("generation");
    }

    @Test
    void aBadLastEventIdOrTypeIsAProblem() {
        problem(given().header("Last-Event-ID", "yesterday").get("/api/bank-account/{id}/events/stream", "x"),
                400, "INVALID_PARAMETER");
        problem(given().header("Last-Event-ID", "0:1,0:2").get("/api/bank-account/events/stream"), 400,
                "INVALID_PARAMETER");
        problem(given().header("Last-Event-ID", "3:-1").get("/api/bank-account/events/stream"), 400,
                "INVALID_PARAMETER");
        problem(given().get("/api/spaceship/events/stream"), 404, "UNKNOWN_TYPE");
    }

    /**
     * Reads the type's stream until the accounts reached the given versions, recording their versions (every
     * other aggregate's events are passed over); answers the last id.
     */
    private static String collectUntil(SseClient stream, Map<String, List<Long>> versions, Map<String, Long> until)
            throws Exception {
        String lastId = null;
        while (!reached(versions, until)) {
            SseClient.Event event = stream.next(WITHIN);
            lastId = event.id();
            JsonNode data = JSON.readTree(event.data());
            String aggregate = data.get("aggregateId").asText();
            if (until.containsKey(aggregate)) {
                versions.computeIfAbsent(aggregate, a -> new ArrayList<>()).add(data.get("version").asLong());
            }
        }
        return lastId;
    }

    private static boolean reached(Map<String, List<Long>> versions, Map<String, Long> until) {
        return until.entrySet().stream().allMatch(e -> versions.containsKey(e.getKey())
                && versions.get(e.getKey()).get(versions.get(e.getKey()).size() - 1) >= e.getValue());
    }

    private static void assertEvent(SseClient.Event event, String account, long version, String name)
            throws Exception {
        assertThat(event.id()).isEqualTo(Long.toString(version));
        assertThat(event.name()).isEqualTo(name);
        JsonNode data = JSON.readTree(event.data());
        assertThat(data.get("aggregateType").asText()).isEqualTo("bank-account");
        assertThat(data.get("aggregateId").asText()).isEqualTo(account);
        assertThat(data.get("version").asLong()).isEqualTo(version);
        assertThat(data.get("type").asText()).isEqualTo(name);
    }
}
