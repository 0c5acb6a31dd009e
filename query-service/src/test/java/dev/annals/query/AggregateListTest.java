package dev.annals.query;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.query.testing.Commands;
import dev.annals.query.testing.Problems;
import dev.annals.query.testing.RealStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /api/{type}}: what exists, a page at a time, from the aggregate-state projection. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class AggregateListTest {

    @Test
    void theTypesAggregatesArePagedInIdOrderWithTheirVersions() {
        RealStack.commandService();
        String prefix = "list-" + UUID.randomUUID().toString().substring(0, 8) + "-";
        String token = null;
        for (int i = 1; i <= 5; i++) {
            Commands.open(prefix + i, "lister");
            token = Commands.deposit(prefix + i, i).token();
        }

        // the ids after the prefix start with this test's five, two a page
        List<String> ids = new ArrayList<>();
        List<Long> versions = new ArrayList<>();
        String next = "/api/bank-account?limit=2&after=" + prefix;
        while (next != null && ids.size() < 5) {
            Response page = given().header("Annals-Consistency-Token", token).get(next);
            assertThat(page.statusCode()).as(page.asString()).isEqualTo(200);
            assertThat(page.jsonPath().getString("type")).isEqualTo("bank-account");
            assertThat(page.jsonPath().getList("items.updatedAt", String.class)).allSatisfy(time ->
                    assertThat(time).isNotBlank());
            ids.addAll(page.jsonPath().getList("items.id", String.class));
            versions.addAll(page.jsonPath().getList("items.version", Long.class));
            next = page.jsonPath().getString("next");
        }
        assertThat(ids.subList(0, 5)).containsExactly(prefix + 1, prefix + 2, prefix + 3, prefix + 4, prefix + 5);
        assertThat(versions.subList(0, 5)).containsOnly(2L);
    }

    @Test
    void badListingsAreProblems() {
        Problems.problem(given().get("/api/no-such-type"), 404, "UNKNOWN_TYPE");
        Problems.problem(given().get("/api/bank-account?limit=0"), 400, "INVALID_PARAMETER");
        Problems.problem(given().get("/api/bank-account?limit=1001"), 400, "INVALID_PARAMETER");
        Problems.problem(given().get("/api/bank-account?after=not%20an%20id"), 400, "INVALID_PARAMETER");
    }
}
