package dev.annals.query;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.Management;
import dev.annals.query.testing.Commands;
import dev.annals.query.testing.RealStack;
import dev.annals.query.testing.RealStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.annals.query.HistoryAndTimeTravelTest.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The bank's read endpoints: an account by id, an owner's accounts a page at a time in a stable order. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class BankAccountsQueryTest {

    @BeforeAll
    static void startTheSystem() {
        RealStack.commandService();
    }

    @Test
    void anAccountByIdWithItsVersionAsETag() {
        String account = Commands.newId("acct");
        Commands.open(account, "carol");
        Commands.deposit(account, 900);
        String token = Commands.withdraw(account, 150).token();

        Response answer = given().header("Annals-Consistency-Token", token).get("/api/bank/accounts/{id}", account);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.jsonPath().getString("id")).isEqualTo(account);
        assertThat(answer.jsonPath().getString("owner")).isEqualTo("carol");
        assertThat(answer.jsonPath().getLong("balance")).isEqualTo(750);
        assertThat(answer.jsonPath().getString("status")).isEqualTo("OPEN");
        assertThat(answer.jsonPath().getLong("version")).isEqualTo(3);
        assertThat(answer.header("ETag")).isEqualTo("\"3\"");
        assertThat(given().header("If-None-Match", "\"3\"").get("/api/bank/accounts/{id}", account).statusCode())
                .isEqualTo(304);

        String closed = Commands.send(account, "withdraw", "{\"amount\":750}").token();
        closed = Commands.send(account, "close", "{}").token();
        Response after = given().queryParam("consistentWith", closed).header("If-None-Match", "\"3\"")
                .get("/api/bank/accounts/{id}", account);
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.jsonPath().getString("status")).isEqualTo("CLOSED");

        problem(given().get("/api/bank/accounts/{id}", Commands.newId("nobody")), 404, "ACCOUNT_NOT_FOUND");
        problem(given().get("/api/bank/accounts/{id}", "no spaces"), 400, "INVALID_ID");
    }

    @Test
    void anOwnersAccountsPageByPageInIdOrder() {
        String owner = Commands.newId("owner");
        List<String> ids = new ArrayList<>();
        String token = null;
        for (int i = 0; i < 12; i++) {
            String id = Commands.newId("paged");
            ids.add(id);
            token = Commands.open(id, owner).token();
        }
        Commands.open(Commands.newId("other"), Commands.newId("someone-else"));
        List<String> expected = ids.stream().sorted().toList();

        List<String> seen = new ArrayList<>();
        String next = "/api/bank/accounts?owner=" + owner + "&size=5";
        int pages = 0;
        while (next != null) {
            // each page is read with the token of the last open: all twelve accounts are there from page one
            Response page = given().header("Annals-Consistency-Token", token).get(next);
            assertThat(page.statusCode()).as(page.asString()).isEqualTo(200);
            assertThat(page.jsonPath().getInt("size")).isEqualTo(5);
            assertThat(page.jsonPath().getList("items.owner", String.class)).containsOnly(owner);
            seen.addAll(page.jsonPath().getList("items.id", String.class));
            next = page.jsonPath().getString("next");
            pages++;
        }
        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactlyElementsOf(expected);

        Response secondPage = given().get("/api/bank/accounts?owner={o}&page=1&size=5", owner);
        assertThat(secondPage.jsonPath().getList("items.id", String.class)).isEqualTo(expected.subList(5, 10));
        String tag = secondPage.header("ETag");
        assertThat(given().header("If-None-Match", tag).get("/api/bank/accounts?owner={o}&page=1&size=5", owner)
                .statusCode()).isEqualTo(304);
        assertThat(given().get("/api/bank/accounts?owner={o}&page=9&size=5", owner).jsonPath().getList("items"))
                .isEmpty();
        assertThat(given().get("/api/bank/accounts?size=500").statusCode()).isEqualTo(200);
    }

    @Test
    void badPagingIsAProblem() {
        problem(given().get("/api/bank/accounts?size=501"), 400, "INVALID_PARAMETER");
        problem(given().get("/api/bank/accounts?size=0"), 400, "INVALID_PARAMETER");
        problem(given().get("/api/bank/accounts?page=-1"), 400, "INVALID_PARAMETER");
        problem(given().get("/api/bank/accounts?page=first"), 400, "INVALID_PARAMETER");
        problem(given().get("/api/bank/accounts?owner="), 400, "INVALID_PARAMETER");
        problem(given().get("/api/bank/accounts?owner=" + "x".repeat(201)), 400, "INVALID_PARAMETER");
        // PostgreSQL text cannot hold U+0000: a query with it would fail (500) instead of finding nothing
        problem(given().urlEncodingEnabled(false).get("/api/bank/accounts?owner=a%00b"), 400, "INVALID_PARAMETER");
        problem(given().header("Annals-Consistency-Token", "bank-account:1").get("/api/bank/accounts"), 400,
                "MALFORMED_CONSISTENCY_TOKEN");
        problem(given().delete("/api/bank/accounts/{id}", "acc-1"), 405, "METHOD_NOT_ALLOWED");
    }

    @Test
    void aTokenNoWriteCanHaveIsRefusedAtOnceSayingWhy() {
        // a type that does not exist would be ignored, a partition the type lacks would wait out the timeout
        Response unknownType = given().header("Annals-Consistency-Token", "shopping-cart:0:1")
                .get("/api/bank/accounts");
        problem(unknownType, 400, "MALFORMED_CONSISTENCY_TOKEN");
        assertThat(unknownType.jsonPath().getString("detail")).contains("'shopping-cart', which does not exist")
                .contains("bank-account");
        Response noSuchPartition = given().header("Annals-Consistency-Token", "bank-account:6:1")
                .get("/api/bank/accounts");
        problem(noSuchPartition, 400, "MALFORMED_CONSISTENCY_TOKEN");
        assertThat(noSuchPartition.jsonPath().getString("detail")).contains("partitions 0 to 5");
    }

    @Test
    void aTokenOfATypeTheProjectionDoesNotReadIsNotWaitedFor() {
        // bank-accounts reads only bank-account: a position of another type would never be reached
        Response answer = given().header("Annals-Consistency-Token", "cart:0:99999999")
                .get("/api/bank/accounts?size=1");
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(given().baseUri(Management.uri()).get("/q/metrics").asString())
                .containsPattern("annals_query_consistency_wait_seconds_count\\{[^}]*outcome=\"not-applicable\""
                        + "[^}]*projection=\"bank-accounts\"[^}]*} [1-9]");
    }
}
