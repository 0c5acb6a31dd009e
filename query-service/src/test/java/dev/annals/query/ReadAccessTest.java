package dev.annals.query;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.devstack.testing.TestTokens;
import dev.annals.query.testing.Commands;
import dev.annals.query.testing.Commands.Sent;
import dev.annals.query.testing.RealStack;
import dev.annals.query.testing.SseClient;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The read side is closed by default: an item is its owner's and its type's staff's, a listing or stream of every
 * item the staff's only. Another customer's account, aggregate, history, time travel and stream are answered
 * exactly as ones that do not exist (404, nothing to tell an id that exists from one that does not); a customer's
 * own are hers, read her own write with its token at once; the delivery code is the order's customer's alone.
 */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class ReadAccessTest {

    private static final String ANN = TestTokens.bearer("ann", Set.of("customer"));
    private static final String BOB = TestTokens.bearer("bob", Set.of("customer"));
    private static final String TELLER = TestTokens.bearer("tess", Set.of("teller"));
    private static final String SUPPORT = TestTokens.bearer("sam", Set.of("support"));
    /** A service account: authenticated, with no role any rule names. */
    private static final String NOBODY = TestTokens.bearer("robot", Set.of());

    @BeforeAll
    static void startTheSystem() {
        RealStack.commandService();
    }

    @Test
    void another_customers_account_is_answered_as_one_that_does_not_exist() {
        String account = Commands.newId("acc");
        String missing = Commands.newId("acc");
        String token = Commands.accepted("/api/bank-account/" + account + "/open", "{\"owner\":\"ann\"}", ANN)
                .token();

        Response bobs = read(BOB, "/api/bank/accounts/" + account, token);
        Response none = read(BOB, "/api/bank/accounts/" + missing, null);

        assertThat(bobs.statusCode()).isEqualTo(404);
        assertThat(bobs.asString()).isEqualTo(none.asString().replace(missing, account));
        assertThat(bobs.jsonPath().getString("code")).isEqualTo("ACCOUNT_NOT_FOUND");
        // word for word what the endpoint itself answers a teller for an account that does not exist
        assertThat(bobs.asString()).isEqualTo(read(TELLER, "/api/bank/accounts/" + missing, null).asString()
                .replace(missing, account));
        // nor does a conditional request tell: no 304 for an ETag guessed right
        assertThat(given().header("Authorization", BOB).header("If-None-Match", "\"1\"")
                .get("/api/bank/accounts/{id}", account).statusCode()).isEqualTo(404);
        assertThat(read(ANN, "/api/bank/accounts/" + account, token).statusCode()).isEqualTo(200);
        assertThat(read(TELLER, "/api/bank/accounts/" + account, token).statusCode()).isEqualTo(200);
    }

    @Test
    void another_customers_state_history_and_time_travel_are_answered_as_missing_ones() {
        String account = Commands.newId("acc");
        String missing = Commands.newId("acc");
        Commands.accepted("/api/bank-account/" + account + "/open", "{\"owner\":\"ann\"}", ANN);
        String token = Commands.accepted("/api/bank-account/" + account + "/deposit", "{\"amount\":5}", ANN).token();

        for (String route : new String[]{"", "/events", "?atVersion=1"}) {
            Response bobs = read(BOB, "/api/bank-account/" + account + route, token);
            Response none = read(BOB, "/api/bank-account/" + missing + route, null);
            assertThat(bobs.statusCode()).as(route).isEqualTo(404);
            assertThat(bobs.jsonPath().getString("code")).as(route).isEqualTo("AGGREGATE_NOT_FOUND");
            assertThat(bobs.asString()).as(route).isEqualTo(none.asString().replace(missing, account));
            // her own, read with the token of her write at once, and the staff's
            assertThat(read(ANN, "/api/bank-account/" + account + route, token).statusCode()).as(route)
                    .isEqualTo(200);
            assertThat(read(TELLER, "/api/bank-account/" + account + route, token).statusCode()).as(route)
                    .isEqualTo(200);
        }
        assertThat(read(ANN, "/api/bank-account/" + account + "/events", token).jsonPath()
                .getList("items.principal")).containsExactly("ann", "ann");
    }

    @Test
    void another_customers_event_stream_is_refused_before_it_begins_and_hers_is_hers()
            throws IOException, InterruptedException {
        String account = Commands.newId("acc");
        Commands.accepted("/api/bank-account/" + account + "/open", "{\"owner\":\"ann\"}", ANN);
        String url = RestAssured.baseURI + ":" + RestAssured.port + "/api/bank-account/" + account + "/events/stream";

        HttpResponse<String> bobs = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", BOB).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(bobs.statusCode()).isEqualTo(404);
        assertThat(bobs.body()).contains("\"code\":\"AGGREGATE_NOT_FOUND\"");
        try (SseClient anns = SseClient.connect(url, "0", ANN)) {
            assertThat(anns.next(Duration.ofSeconds(10)).name()).isEqualTo("AccountOpened");
        }
    }

    @Test
    void listings_and_streams_of_a_whole_type_are_the_staffs() throws IOException, InterruptedException {
        for (String route : new String[]{"/api/bank/accounts", "/api/bank-account", "/api/food-order"}) {
            Response anns = read(ANN, route, null);
            assertThat(anns.statusCode()).as(route).isEqualTo(403);
            assertThat(anns.jsonPath().getString("code")).as(route).isEqualTo("FORBIDDEN");
        }
        assertThat(read(TELLER, "/api/bank/accounts", null).statusCode()).isEqualTo(200);
        assertThat(read(TELLER, "/api/bank-account", null).statusCode()).isEqualTo(200);
        // a teller is the bank's staff, not the food orders'
        assertThat(read(TELLER, "/api/food-order", null).statusCode()).isEqualTo(403);
        assertThat(read(SUPPORT, "/api/food-order", null).statusCode()).isEqualTo(200);

        // the stream of every food order carries every customer's payment data
        HttpResponse<String> stream = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(
                        RestAssured.baseURI + ":" + RestAssured.port + "/api/food-order/events/stream"))
                .header("Authorization", ANN).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(stream.statusCode()).isEqualTo(403);
    }

    @Test
    void the_delivery_code_is_shown_to_the_orders_customer_alone() {
        Sent created = Commands.accepted("/api/food-order/create",
                "{\"userId\":\"ann\",\"restaurantId\":\"r-1\",\"items\":{\"pizza\":1}}", ANN);
        String status = "/api/delivery/orders/" + created.id() + "/status";
        String code = created.json().getString("events[0].data.deliveryCode");

        assertThat(read(ANN, status, created.token()).jsonPath().getString("deliveryCode")).isEqualTo(code);
        Response supports = read(SUPPORT, status, created.token());
        assertThat(supports.statusCode()).isEqualTo(200);
        assertThat(supports.jsonPath().getString("status")).isEqualTo("placed");
        assertThat(supports.asString()).doesNotContain("deliveryCode");
        assertThat(read(BOB, status, created.token()).statusCode()).isEqualTo(404);
    }

    @Test
    void a_users_orders_are_hers_and_supports() {
        String token = Commands.accepted("/api/food-order/create",
                "{\"userId\":\"ann\",\"restaurantId\":\"r-1\",\"items\":{\"pizza\":1}}", ANN).token();

        assertThat(read(ANN, "/api/delivery/users/ann/orders", token).statusCode()).isEqualTo(200);
        assertThat(read(SUPPORT, "/api/delivery/users/ann/orders", token).statusCode()).isEqualTo(200);
        Response bobs = read(BOB, "/api/delivery/users/ann/orders", token);
        assertThat(bobs.statusCode()).isEqualTo(404);
        assertThat(bobs.jsonPath().getString("code")).isEqualTo("USER_NOT_FOUND");
    }

    @Test
    void a_cart_is_its_customers_and_supports() {
        Sent created = Commands.accepted("/api/cart/create", "{\"customerId\":\"ann\"}", ANN);

        assertThat(read(ANN, "/api/carts/" + created.id(), created.token()).statusCode()).isEqualTo(200);
        assertThat(read(SUPPORT, "/api/carts/" + created.id(), created.token()).statusCode()).isEqualTo(200);
        assertThat(read(BOB, "/api/carts/" + created.id(), created.token()).jsonPath().getString("code"))
                .isEqualTo("CART_NOT_FOUND");
    }

    @Test
    void an_order_book_is_the_market_of_everyone_who_trades() {
        String token = Commands.accepted("/sell/ann/" + (5_000_000 + System.nanoTime() % 1_000_000), "", ANN)
                .token();

        assertThat(read(BOB, "/orderbook", token).statusCode()).isEqualTo(200);
        assertThat(read(BOB, "/api/order-books/default", token).statusCode()).isEqualTo(200);
        assertThat(read(NOBODY, "/orderbook", null).statusCode()).isEqualTo(403);
        // the book's aggregate, with its history of who did what, is a broker's
        assertThat(read(BOB, "/api/order-book/default/events", token).statusCode()).isEqualTo(404);
    }

    private static Response read(String authorization, String path, String token) {
        var request = given().header("Authorization", authorization);
        if (token != null) {
            request.header("Annals-Consistency-Token", token);
        }
        return request.get(path);
    }
}
