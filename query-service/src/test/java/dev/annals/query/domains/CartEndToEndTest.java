package dev.annals.query.domains;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.TestTokens;
import dev.annals.query.testing.Commands;
import dev.annals.query.testing.Commands.Sent;
import dev.annals.query.testing.RealStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.annals.query.testing.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The shopping cart through REST: command-service → Kafka → projection-service → query-service, with tokens. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class CartEndToEndTest {

    /** A cart is created for its caller only: the tests' own. */
    private static final String CUSTOMER = "{\"customerId\":\"" + TestTokens.DEFAULT_CALLER + "\"}";

    @BeforeAll
    static void startTheSystem() {
        RealStack.commandService();
    }

    @Test
    void a_cart_is_filled_emptied_filled_and_bought() {
        Sent created = Commands.accepted("/api/cart/create", CUSTOMER);
        assertThat(created.status()).isEqualTo(201);
        String id = created.id();
        assertThat(created.location()).isEqualTo("/api/cart/" + id);
        assertThat(read(id, created.token()).getList("items")).isEmpty();

        String cart = "/api/cart/" + id;
        Commands.refused(cart + "/complete-purchase", "{}", 409, "CART_EMPTY");
        Commands.accepted(cart + "/add-item", "{\"sku\":\"apple\",\"quantity\":2,\"unitPrice\":50}");
        Commands.accepted(cart + "/add-item", "{\"sku\":\"pear\",\"quantity\":1,\"unitPrice\":80}");
        Commands.refused(cart + "/add-item", "{\"sku\":\"apple\",\"quantity\":1,\"unitPrice\":40}", 409,
                "PRICE_CHANGED");
        Sent more = Commands.accepted(cart + "/add-item", "{\"sku\":\"apple\",\"quantity\":1,\"unitPrice\":50}");
        JsonPath filled = read(id, more.token());
        assertThat(filled.getList("items", Map.class)).containsExactly(
                Map.of("sku", "apple", "quantity", 3, "unitPrice", 50),
                Map.of("sku", "pear", "quantity", 1, "unitPrice", 80));
        assertThat(filled.getLong("total")).isEqualTo(230);
        assertThat(filled.getString("status")).isEqualTo("OPEN");
        assertThat(filled.getString("customerId")).isEqualTo(TestTokens.DEFAULT_CALLER);

        Commands.refused(cart + "/remove-item", "{\"sku\":\"plum\"}", 409, "ITEM_NOT_IN_CART");
        Sent removed = Commands.accepted(cart + "/remove-item", "{\"sku\":\"apple\"}");
        Sent again = Commands.accepted(cart + "/add-item", "{\"sku\":\"fig\",\"quantity\":4,\"unitPrice\":25}");
        assertThat(removed.token()).isNotEqualTo(again.token());
        JsonPath refilled = read(id, again.token());
        assertThat(refilled.getList("items.sku")).containsExactly("pear", "fig");
        assertThat(refilled.getLong("total")).isEqualTo(180);

        Sent bought = Commands.accepted(cart + "/complete-purchase", "{}");
        JsonPath purchased = read(id, bought.token());
        assertThat(purchased.getString("status")).isEqualTo("PURCHASED");
        assertThat(purchased.getLong("total")).isEqualTo(180);
        assertThat(purchased.getLong("version")).isEqualTo(7);
        Commands.refused(cart + "/add-item", "{\"sku\":\"fig\",\"quantity\":1,\"unitPrice\":25}", 409,
                "CART_COMPLETED");
        Commands.refused(cart + "/create", CUSTOMER, 409, "ALREADY_EXISTS");
        assertThat(given().get("/api/cart/{id}", id).jsonPath().getString("state.status")).isEqualTo("PURCHASED");
    }

    @Test
    void bad_cart_requests_are_problems() {
        Commands.refused("/api/cart/" + Commands.newId("no-cart") + "/add-item",
                "{\"sku\":\"apple\",\"quantity\":1,\"unitPrice\":1}", 409, "CART_NOT_FOUND");
        String id = Commands.accepted("/api/cart/create", CUSTOMER).id();
        Commands.refused("/api/cart/" + id + "/add-item", "{\"sku\":\"apple\",\"quantity\":0,\"unitPrice\":1}",
                400, "INVALID_COMMAND");
        Commands.refused("/api/cart/" + id + "/add-item", "{\"sku\":\"apple\",\"quantity\":1,\"unitPrice\":-1}",
                400, "INVALID_COMMAND");
        problem(given().get("/api/carts/{id}", Commands.newId("nobody")), 404, "CART_NOT_FOUND");
        problem(given().get("/api/carts/{id}", "a b"), 400, "INVALID_ID");
    }

    private static JsonPath read(String id, String token) {
        Response answer = given().header("Annals-Consistency-Token", token).get("/api/carts/{id}", id);
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(answer.header("ETag")).isEqualTo("\"" + answer.jsonPath().getLong("version") + "\"");
        return answer.jsonPath();
    }
}
