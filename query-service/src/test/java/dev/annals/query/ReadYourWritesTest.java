package dev.annals.query;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.query.testing.Commands;
import dev.annals.query.testing.RealStack;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** A read with the token of the caller's own write sees that write, from every read model: never stale. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class ReadYourWritesTest {

    private static final int ITERATIONS = 200;

    @BeforeAll
    static void startTheSystem() {
        RealStack.commandService();
    }

    @Test
    void everyReadWithItsTokenSeesItsOwnWrite() {
        String account = Commands.newId("ryw");
        Commands.open(account, "ryw-owner");
        long balance = 0;
        for (int i = 1; i <= ITERATIONS; i++) {
            Commands.Accepted deposit = Commands.deposit(account, i);
            balance += i;
            // each read model in turn, the token as header or as query parameter, right after the write
            Response read = switch (i % 3) {
                case 0 -> given().header("Annals-Consistency-Token", deposit.token())
                        .get("/api/bank/accounts/{id}", account);
                case 1 -> given().queryParam("consistentWith", deposit.token())
                        .get("/api/bank-account/{id}", account);
                default -> given().header("Annals-Consistency-Token", deposit.token())
                        .get("/api/bank-account/{id}/events?fromVersion={v}", account, deposit.version());
            };
            assertThat(read.statusCode()).as("read %d: %s", i, read.asString()).isEqualTo(200);
            switch (i % 3) {
                case 0 -> {
                    assertThat(read.jsonPath().getLong("version")).as("read %d", i).isEqualTo(deposit.version());
                    assertThat(read.jsonPath().getLong("balance")).as("read %d", i).isEqualTo(balance);
                }
                case 1 -> {
                    assertThat(read.jsonPath().getLong("version")).as("read %d", i).isEqualTo(deposit.version());
                    assertThat(read.jsonPath().getLong("state.balance")).as("read %d", i).isEqualTo(balance);
                }
                default -> {
                    assertThat(read.jsonPath().getList("items.version", Long.class)).as("read %d", i)
                            .containsExactly(deposit.version());
                    assertThat(read.jsonPath().getLong("items[0].data.amount")).as("read %d", i).isEqualTo(i);
                }
            }
        }
    }
}
