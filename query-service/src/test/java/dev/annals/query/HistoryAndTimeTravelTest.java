package dev.annals.query;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.annals.core.json.DomainJson;
import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.domain.bank.Account;
import dev.annals.domain.bank.AccountEvent;
import dev.annals.domain.bank.BankAccountType;
import dev.annals.query.testing.Commands;
import dev.annals.query.testing.RealStack;
import dev.annals.query.testing.Problems;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** History pages walk every version once; the state at every version equals the fold of the events up to it. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class HistoryAndTimeTravelTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int EVENTS = 50;

    private static String account;
    private static String lastToken;
    /** The account's events, as the test sent them: what the journal must give back. */
    private static final List<AccountEvent> SENT = new ArrayList<>();

    @BeforeAll
    static void writeFiftyEvents() {
        RealStack.commandService();
        account = Commands.newId("history");
        lastToken = Commands.open(account, "historian").token();
        SENT.add(new AccountEvent.AccountOpened("historian"));
        for (int version = 2; version <= EVENTS; version++) {
            if (version % 5 == 0) {
                lastToken = Commands.withdraw(account, version).token();
                SENT.add(new AccountEvent.MoneyWithdrawn(version));
            } else {
                lastToken = Commands.deposit(account, version * 10L).token();
                SENT.add(new AccountEvent.MoneyDeposited(version * 10L));
            }
        }
    }

    @Test
    void pagingWalksEveryVersionExactlyOnce() {
        List<Long> versions = new ArrayList<>();
        List<String> types = new ArrayList<>();
        String next = "/api/bank-account/" + account + "/events?limit=7";
        int pages = 0;
        while (next != null) {
            Response page = given().header("Annals-Consistency-Token", lastToken).get(next);
            assertThat(page.statusCode()).as(page.asString()).isEqualTo(200);
            versions.addAll(page.jsonPath().getList("items.version", Long.class));
            types.addAll(page.jsonPath().getList("items.type", String.class));
            next = page.jsonPath().getString("next");
            pages++;
        }
        assertThat(pages).isEqualTo(8);
        assertThat(versions).hasSize(EVENTS).doesNotHaveDuplicates().isSorted();
        assertThat(versions).first().isEqualTo(1L);
        assertThat(versions).last().isEqualTo((long) EVENTS);
        assertThat(types).containsExactlyElementsOf(SENT.stream().map(e -> e.getClass().getSimpleName()).toList());

        Response all = given().get("/api/bank-account/{id}/events?fromVersion=1&limit=1000", account);
        assertThat(all.jsonPath().getList("items.version", Long.class)).hasSize(EVENTS);
        assertThat(all.jsonPath().getString("next")).isNull();
        assertThat(all.jsonPath().getLong("items[1].data.amount")).isEqualTo(20);
        assertThat(all.jsonPath().getString("items[0].time")).isNotBlank();
    }

    @Test
    void theStateAtEveryVersionEqualsTheFoldUpToIt() throws IOException {
        Account state = BankAccountType.TYPE.decider().initialState();
        for (int version = 1; version <= EVENTS; version++) {
            state = BankAccountType.TYPE.decider().evolve(state, SENT.get(version - 1));
            Response answer = given().header("Annals-Consistency-Token", lastToken)
                    .get("/api/bank-account/{id}?atVersion={n}", account, version);
            assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
            JsonNode body = JSON.readTree(answer.asString());
            assertThat(body.get("version").asLong()).isEqualTo(version);
            assertThat(body.get("state")).as("state at version %d", version)
                    .isEqualTo(JSON.readTree(DomainJson.write(state)));
            assertThat(answer.header("ETag")).isEqualTo("\"" + version + "\"");
        }
        Response current = given().get("/api/bank-account/{id}", account);
        assertThat(JSON.readTree(current.asString()).get("state")).isEqualTo(JSON.readTree(DomainJson.write(state)));
        assertThat(current.jsonPath().getLong("version")).isEqualTo(EVENTS);
    }

    @Test
    void versionsOutsideTheHistoryAndBadParametersAreProblems() {
        problem(given().get("/api/bank-account/{id}?atVersion={n}", account, EVENTS + 1), 404, "VERSION_NOT_FOUND");
        problem(given().get("/api/bank-account/{id}?atVersion=0", account), 400, "INVALID_PARAMETER");
        problem(given().get("/api/bank-account/{id}?atVersion=-3", account), 400, "INVALID_PARAMETER");
        problem(given().get("/api/bank-account/{id}?atVersion=two", account), 400, "INVALID_PARAMETER");
        problem(given().get("/api/bank-account/{id}?atVersion=", account), 400, "INVALID_PARAMETER");
        problem(given().get("/api/bank-account/{id}?atVersion=99999999999999999999", account), 400,
                "INVALID_PARAMETER");
        problem(given().get("/api/bank-account/{id}/events?limit=0", account), 400, "INVALID_PARAMETER");
        problem(given().get("/api/bank-account/{id}/events?limit=1001", account), 400, "INVALID_PARAMETER");
        problem(given().get("/api/bank-account/{id}/events?limit=1.5", account), 400, "INVALID_PARAMETER");
        problem(given().get("/api/bank-account/{id}/events?fromVersion=0", account), 400, "INVALID_PARAMETER");
        problem(given().get("/api/bank-account/nobody-{x}", account), 404, "AGGREGATE_NOT_FOUND");
        problem(given().get("/api/bank-account/nobody-{x}?atVersion=1", account), 404, "AGGREGATE_NOT_FOUND");
        problem(given().get("/api/spaceship/{id}", account), 404, "UNKNOWN_TYPE");
        problem(given().get("/api/spaceship/{id}/events", account), 404, "UNKNOWN_TYPE");
        problem(given().get("/api/bank-account/{id}", "bad id!"), 400, "INVALID_ID");
        problem(given().header("Annals-Consistency-Token", "bank-account:x:1")
                .get("/api/bank-account/{id}", account), 400, "MALFORMED_CONSISTENCY_TOKEN");
        problem(given().queryParam("consistentWith", "")
                .get("/api/bank-account/{id}/events", account), 400, "MALFORMED_CONSISTENCY_TOKEN");
        problem(given().post("/api/bank-account/{id}", account), 405, "METHOD_NOT_ALLOWED");
        // past the last page: an empty page, not an error
        Response beyond = given().get("/api/bank-account/{id}/events?fromVersion={v}", account, EVENTS + 1);
        assertThat(beyond.statusCode()).isEqualTo(200);
        assertThat(beyond.jsonPath().getList("items")).isEmpty();
        assertThat(beyond.jsonPath().getString("next")).isNull();
    }

    @Test
    void unchangedResourcesAnswerNotModified() {
        Response state = given().get("/api/bank-account/{id}", account);
        assertThat(state.header("ETag")).isEqualTo("\"" + EVENTS + "\"");
        assertThat(given().header("If-None-Match", state.header("ETag")).get("/api/bank-account/{id}", account)
                .statusCode()).isEqualTo(304);
        assertThat(given().header("If-None-Match", "\"3\"").get("/api/bank-account/{id}", account)
                .statusCode()).isEqualTo(200);

        Response page = given().get("/api/bank-account/{id}/events?limit=10", account);
        String tag = page.header("ETag");
        assertThat(tag).isNotBlank();
        Response again = given().header("If-None-Match", tag).get("/api/bank-account/{id}/events?limit=10", account);
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(again.header("ETag")).isEqualTo(tag);
        assertThat(given().get("/api/bank-account/{id}/events?limit=11", account).header("ETag")).isNotEqualTo(tag);
    }

    static void problem(Response response, int status, String code) {
        Problems.problem(response, status, code);
    }
}
