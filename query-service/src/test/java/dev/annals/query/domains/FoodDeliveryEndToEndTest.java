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

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static dev.annals.query.testing.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Food delivery through REST, read through its two projections keyed differently: DeliveryStatus by order id
 * and UserOrders by user id.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class FoodDeliveryEndToEndTest {

    /** The staff of restaurant r-1, which the tests' orders are placed with, and a deliverer: their steps. */
    private static final String RESTAURANT = TestTokens.bearer("rita", Set.of("restaurant", "restaurant:r-1"));
    private static final String DELIVERER = TestTokens.bearer("d-1", Set.of("deliverer"));

    @BeforeAll
    static void startTheSystem() {
        RealStack.commandService();
    }

    @Test
    void the_lifecycle_in_order_yields_the_five_statuses_in_turn() {
        String user = Commands.newId("user");
        // placed by its customer: the answer shows the delivery code to her alone
        Sent created = Commands.accepted("/api/food-order/create", order(user, "r-1"),
                TestTokens.bearer(user, Set.of("customer")));
        assertThat(created.status()).isEqualTo(201);
        String id = created.id();
        String code = created.json().getString("events[0].data.deliveryCode");
        assertThat(code).matches("0[1-9]|[1-9][0-9]");
        String order = "/api/food-order/" + id;

        List<JsonPath> seen = new ArrayList<>();
        seen.add(status(id, created.token(), "placed"));
        Sent initiated = Commands.accepted(order + "/initiate-payment", "{\"paymentData\":\"card 4242\"}");
        Commands.refused(order + "/accept", "{\"restaurantId\":\"r-1\",\"prepareMinutes\":15}", 409,
                "PAYMENT_NOT_CONFIRMED", RESTAURANT);
        Sent confirmed = Commands.accepted(order + "/confirm-payment", "{}");
        JsonPath paid = status(id, confirmed.token(), "placed");
        assertThat(paid.getString("lastStatus")).as("payment events set no status")
                .isEqualTo(seen.get(0).getString("lastStatus"));
        assertThat(paid.getLong("version")).isEqualTo(3);
        // its restaurant's staff accept the order; another's are told there is no such order
        Commands.refused(order + "/accept", "{\"restaurantId\":\"r-1\",\"prepareMinutes\":15}", 409,
                "ORDER_NOT_FOUND", TestTokens.bearer("otto", Set.of("restaurant", "restaurant:r-2")));
        assertThat(initiated.token()).isNotBlank();

        Commands.refused(order + "/start-delivery", "{\"delivererId\":\"d-1\"}", 409, "ORDER_NOT_ACCEPTED");
        seen.add(status(id, Commands.accepted(order + "/accept",
                "{\"restaurantId\":\"r-1\",\"prepareMinutes\":15}", RESTAURANT).token(), "preparing"));
        seen.add(status(id, Commands.accepted(order + "/start-delivery", "{\"delivererId\":\"d-1\"}", DELIVERER)
                .token(), "collected"));
        String wrong = code.equals("01") ? "02" : "01";
        Commands.refused(order + "/complete-delivery", "{\"deliveryCode\":\"" + wrong + "\"}", 409,
                "WRONG_DELIVERY_CODE", DELIVERER);
        seen.add(status(id, Commands.accepted(order + "/complete-delivery", "{\"deliveryCode\":\"" + code + "\"}",
                DELIVERER).token(), "delivered"));
        seen.add(status(id, Commands.accepted(order + "/mark-delivered", "{}", DELIVERER).token(), "done"));

        for (int i = 1; i < seen.size(); i++) {
            assertThat(Instant.parse(seen.get(i).getString("lastStatus")))
                    .as("lastStatus is the time of the event that set the status")
                    .isAfterOrEqualTo(Instant.parse(seen.get(i - 1).getString("lastStatus")));
        }
        // the tests' caller is support: it reads every order, the code is the customer's alone
        assertThat(seen).allSatisfy(view -> assertThat(view.getString("deliveryCode")).isNull());
        assertThat(given().header("Authorization", TestTokens.bearer(user, Set.of("customer")))
                .get("/api/delivery/orders/{id}/status", id).jsonPath().getString("deliveryCode")).isEqualTo(code);
        Commands.refused(order + "/mark-delivered", "{}", 409, "ALREADY_DELIVERED");
    }

    @Test
    void user_orders_lists_a_user_s_orders_in_creation_order() {
        String user = Commands.newId("user");
        String other = Commands.newId("user");
        List<String> created = new ArrayList<>();
        String token = null;
        for (int i = 0; i < 5; i++) {
            Sent sent = Commands.accepted("/api/food-order/create", order(user, "r-" + i));
            created.add(sent.id());
            token = sent.token();
            Commands.accepted("/api/food-order/create", order(other, "r-" + i));
        }

        Response answer = given().header("Annals-Consistency-Token", token)
                .get("/api/delivery/users/{userId}/orders", user);
        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(answer.jsonPath().getString("userId")).isEqualTo(user);
        assertThat(answer.jsonPath().getList("orders")).containsExactlyElementsOf(created);
        assertThat(given().header("If-None-Match", answer.header("ETag"))
                .get("/api/delivery/users/{userId}/orders", user).statusCode()).isEqualTo(304);
        assertThat(given().get("/api/delivery/users/{userId}/orders", Commands.newId("nobody"))
                .jsonPath().getList("orders")).isEmpty();
    }

    @Test
    void bad_delivery_requests_are_problems() {
        Commands.refused("/api/food-order/create", "{\"userId\":\"u\",\"restaurantId\":\"r\",\"items\":{}}", 400,
                "INVALID_COMMAND");
        Commands.refused("/api/food-order/create", "{\"userId\":\"u\",\"restaurantId\":\"r\",\"items\":{\"a\":1},"
                + "\"deliveryCode\":\"07\"}", 400, "SERVER_GENERATED_FIELD");
        Commands.refused("/api/food-order/" + Commands.newId("none") + "/confirm-payment", "{}", 409,
                "ORDER_NOT_FOUND");
        problem(given().urlEncodingEnabled(false).get("/api/delivery/users/a%00b/orders"), 400,
                "INVALID_ID");
        problem(given().get("/api/delivery/orders/{id}/status", Commands.newId("none")), 404, "ORDER_NOT_FOUND");
        problem(given().get("/api/delivery/orders/{id}/status", "a b"), 400, "INVALID_ID");
    }

    private static String order(String user, String restaurant) {
        return "{\"userId\":\"" + user + "\",\"restaurantId\":\"" + restaurant + "\",\"items\":{\"pizza\":2}}";
    }

    private static JsonPath status(String orderId, String token, String expected) {
        Response answer = given().header("Annals-Consistency-Token", token)
                .get("/api/delivery/orders/{id}/status", orderId);
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(answer.jsonPath().getString("status")).isEqualTo(expected);
        assertThat(answer.jsonPath().getString("orderId")).isEqualTo(orderId);
        return answer.jsonPath();
    }
}
