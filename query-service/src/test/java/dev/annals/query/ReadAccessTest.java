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

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.TimeUnit;

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
    private static final String BROKER = TestTokens.bearer("bea", Set.of("broker"));
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
    void another_customers_event_stream_is_refused_before_it_begins_and_hers_is_hers() throws Exception {
        String account = Commands.newId("acc");
        String token = Commands.accepted("/api/bank-account/" + account + "/open", "{\"owner\":\"ann\"}", ANN)
                .token();
        // with the open's token: whose the account is is looked up once the projections have it
        String url = RestAssured.baseURI + ":" + RestAssured.port + "/api/bank-account/" + account
                + "/events/stream?consistentWith=" + token;

        HttpResponse<String> bobs = refusedStream(url, BOB);

        assertThat(bobs.statusCode()).isEqualTo(404);
        assertThat(bobs.body()).contains("\"code\":\"AGGREGATE_NOT_FOUND\"");
        try (SseClient anns = SseClient.connect(url, "0", ANN)) {
            assertThat(anns.next(Duration.ofSeconds(10)).name()).isEqualTo("AccountOpened");
        }
    }

    @Test
    void a_stream_ends_when_its_token_expires() throws Exception {
        String account = Commands.newId("acc");
        String token = Commands.accepted("/api/bank-account/" + account + "/open", "{\"owner\":\"ann\"}", ANN)
                .token();
        String shortLived = "Bearer " + TestTokens.issuer().token("ann", Set.of("customer"), Duration.ofSeconds(3));
        String url = RestAssured.baseURI + ":" + RestAssured.port + "/api/bank-account/" + account
                + "/events/stream?consistentWith=" + token;

        var ended = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(url))
                .header("Authorization", shortLived).header("Accept", "text/event-stream")
                .header("Last-Event-ID", "0").build(), HttpResponse.BodyHandlers.ofString());

        // it began (the account's first event), and it ends with the token, not when the client goes
        HttpResponse<String> stream = ended.get(30, TimeUnit.SECONDS);
        assertThat(stream.statusCode()).isEqualTo(200);
        assertThat(stream.body()).contains("AccountOpened");
    }

    @Test
    void listings_and_streams_of_a_whole_type_are_the_staffs() throws Exception {
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
        HttpResponse<String> stream = refusedStream(
                RestAssured.baseURI + ":" + RestAssured.port + "/api/food-order/events/stream", ANN);
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
        // nor through the order's state, its time travel or its history, which support reads too
        String order = "/api/food-order/" + created.id();
        for (String route : new String[]{"", "?atVersion=1", "/events"}) {
            Response anns = read(ANN, order + route, created.token());
            Response supportsOwn = read(SUPPORT, order + route, created.token());
            assertThat(anns.asString()).as(route).contains("\"deliveryCode\":\"" + code + "\"");
            assertThat(supportsOwn.statusCode()).as(route).isEqualTo(200);
            assertThat(supportsOwn.asString()).as(route).doesNotContain("deliveryCode").contains("pizza");
        }
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

    @Test
    void a_trader_sees_every_price_but_only_her_own_name_a_broker_every_name() {
        String book = "/api/order-book/" + Commands.newId("book") + "/";
        Commands.accepted(book + "sell", "{\"userId\":\"ann\",\"price\":105}", ANN);
        Commands.accepted(book + "sell", "{\"userId\":\"ann\",\"price\":103}", ANN);
        String token = Commands.accepted(book + "buy", "{\"userId\":\"bob\",\"price\":103}", BOB).token();
        String books = book.replace("/api/order-book/", "/api/order-books/");

        Response bobsBook = read(BOB, books, token);
        assertThat(bobsBook.jsonPath().getList("asks.price")).containsExactly(105);
        assertThat(bobsBook.jsonPath().getMap("asks[0]")).as(bobsBook.asString()).containsOnlyKeys("price");
        assertThat(bobsBook.asString()).doesNotContain("ann");
        assertThat(read(ANN, books, token).jsonPath().getList("asks.userId")).containsExactly("ann");
        assertThat(read(BROKER, books, token).jsonPath().getList("asks.userId")).containsExactly("ann");

        Response bobsTrades = read(BOB, books + "trades", token);
        assertThat(bobsTrades.jsonPath().getList("items.price")).containsExactly(103);
        assertThat(bobsTrades.jsonPath().getList("items.buyerId")).containsExactly("bob");
        assertThat(bobsTrades.asString()).as("the seller is not bob's to know").doesNotContain("ann")
                .doesNotContain("sellerId");
        assertThat(read(ANN, books + "trades", token).jsonPath().getString("items[0].sellerId")).isEqualTo("ann");
        assertThat(read(ANN, books + "trades", token).asString()).doesNotContain("bob");
        Response brokersTrades = read(BROKER, books + "trades", token);
        assertThat(brokersTrades.jsonPath().getList("items.buyerId")).containsExactly("bob");
        assertThat(brokersTrades.jsonPath().getList("items.sellerId")).containsExactly("ann");
    }

    /**
     * The whole answer to a stream request that should be refused. A stream that began would not end: waiting 10 s
     * for the whole body makes that a failure ({@code TimeoutException}), not a hang.
     */
    private static HttpResponse<String> refusedStream(String url, String authorization) throws Exception {
        return HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(URI.create(url))
                        .header("Authorization", authorization).header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
    }

    private static Response read(String authorization, String path, String token) {
        var request = given().header("Authorization", authorization);
        if (token != null) {
            request.header("Annals-Consistency-Token", token);
        }
        return request.get(path);
    }
}
