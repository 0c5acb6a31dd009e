package dev.annals.query.domains;

import dev.annals.devstack.testing.DevstackTestResource;
import dev.annals.query.testing.Commands;
import dev.annals.query.testing.Commands.Sent;
import dev.annals.query.testing.RealStack;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static dev.annals.query.testing.Problems.problem;
import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

/** The trading order book through REST: matching on both sides, price and time priority, the 100-order cap. */
@QuarkusTest
@QuarkusTestResource(value = DevstackTestResource.class, initArgs = @ResourceArg(name = "login", value = "reader"))
class OrderBookEndToEndTest {

    @BeforeAll
    static void startTheSystem() {
        RealStack.commandService();
    }

    @Test
    void a_sequence_through_matching_priorities_and_the_cap_produces_the_documented_book() {
        String book = Commands.newId("book");
        String orders = "/api/order-book/" + book + "/";
        place(orders, "sell", "s1", 105);
        place(orders, "sell", "s2", 103);
        place(orders, "sell", "s3", 103);
        place(orders, "buy", "b1", 100);
        place(orders, "buy", "b2", 101);
        place(orders, "buy", "b3", 101);
        // a buy at 104 meets the lowest ask (103, not 105), the older of the two at 103, at the ask's price
        assertTrade(place(orders, "buy", "x", 104), "x", "s2", 103);
        // a sell at 100 meets the highest bid (101), the older of the two at 101, at the bid's price
        assertTrade(place(orders, "sell", "y", 100), "b2", "y", 101);
        // fill the bid side to the cap: b3, b1 and 98 bids at 90
        for (int i = 1; i <= 98; i++) {
            place(orders, "buy", "c" + i, 90);
        }
        Sent better = place(orders, "buy", "z", 95);
        assertThat(better.json().getList("events.type")).containsExactly("OrderRested", "OrderDropped");
        assertThat(better.json().getString("events[1].data.userId")).as("the newest of the lowest bids")
                .isEqualTo("c98");
        Sent late = place(orders, "buy", "w", 90);
        assertThat(late.json().getList("events.data.userId")).as("rests and is dropped at once")
                .containsExactly("w", "w");

        Response answer = given().header("Annals-Consistency-Token", late.token())
                .get("/api/order-books/{id}", book);
        assertThat(answer.statusCode()).as(answer.asString()).isEqualTo(200);
        assertThat(answer.jsonPath().getList("asks", Map.class)).containsExactly(
                Map.of("userId", "s3", "price", 103), Map.of("userId", "s1", "price", 105));
        List<Map<String, Object>> bids = new ArrayList<>(List.of(Map.of("userId", "b3", "price", 101),
                Map.of("userId", "b1", "price", 100), Map.of("userId", "z", "price", 95)));
        for (int i = 1; i <= 97; i++) {
            bids.add(Map.of("userId", "c" + i, "price", 90));
        }
        assertThat(answer.jsonPath().<Map<String, Object>>getList("bids")).containsExactlyElementsOf(bids);

        Response trades = given().queryParam("limit", 1).get("/api/order-books/{id}/trades", book);
        assertThat(trades.jsonPath().getList("items.buyerId")).containsExactly("x");
        Response rest = given().get(trades.jsonPath().getString("next"));
        assertThat(rest.jsonPath().getList("items.buyerId")).containsExactly("b2");
        assertThat(rest.jsonPath().getList("items.incomingSide")).containsExactly("SELL"); // as in OrdersMatched
        assertThat(rest.jsonPath().getString("next")).isNull();
    }

    @Test
    void the_classic_routes_trade_on_the_default_book() {
        long price = insideTheSpread();
        String seller = Commands.newId("seller");
        String buyer = Commands.newId("buyer");
        Sent rested = Commands.accepted("/sell/" + seller + "/" + price, "");
        assertThat(rested.json().getString("id")).isEqualTo("default");
        Response before = given().header("Annals-Consistency-Token", rested.token()).get("/orderbook");
        assertThat(before.jsonPath().getList("asks.userId")).contains(seller);

        Sent traded = Commands.accepted("/buy/" + buyer + "/" + (price + 1), "");
        assertThat(traded.json().getString("events[0].type")).isEqualTo("OrdersMatched");
        Response after = given().header("Annals-Consistency-Token", traded.token()).get("/orderbook");
        assertThat(after.statusCode()).isEqualTo(200);
        assertThat(after.jsonPath().getList("asks.userId")).doesNotContain(seller);
        assertThat(after.jsonPath().getList("bids.userId")).doesNotContain(buyer);

        long version = traded.json().getLong("version");
        Response stale = given().baseUri(RealStack.commandService()).header("If-Match", "\"" + (version - 1) + "\"")
                .post("/sell/{user}/{price}", seller, price);
        problem(stale, 409, "VERSION_CONFLICT");
        assertThat(stale.header("ETag")).as("the book's version now").isNotEqualTo("\"" + (version - 1) + "\"");
        problem(given().baseUri(RealStack.commandService()).header("If-Match", "three")
                .post("/buy/{user}/{price}", buyer, price), 400, "INVALID_IF_MATCH");
        Response current = given().baseUri(RealStack.commandService()).header("If-Match", stale.header("ETag"))
                .post("/sell/{user}/{price}", seller, price + 1_000_000);
        assertThat(current.statusCode()).as(current.asString()).isEqualTo(200);

        // no JSON was sent: the answer is about the path, not about a command's JSON
        Commands.refused("/buy/" + buyer + "/abc", "", 400, "INVALID_PARAMETER");
        Commands.refused("/buy/" + buyer + "/0", "", 400, "INVALID_COMMAND");
        problem(given().get("/api/order-books/{id}", Commands.newId("never")), 404, "BOOK_NOT_FOUND");
        problem(given().get("/api/order-books/default/trades?limit=0"), 400, "INVALID_PARAMETER");
    }

    /**
     * A price p with p above every bid and p + 1 below every ask resting on the default book, which every test
     * of the run shares (and this one leaves an ask on): the seller's ask is then the best, and the buyer's bid
     * meets it and nothing else.
     */
    private static long insideTheSpread() {
        Response book = given().get("/orderbook");
        assertThat(book.statusCode()).as(book.asString()).isEqualTo(200);
        long highestBid = prices(book, "bids").max().orElse(0);
        long lowestAsk = prices(book, "asks").min().orElse(Long.MAX_VALUE / 2);
        assertThat(lowestAsk - highestBid).as("room inside the default book's spread: %s", book.asString())
                .isGreaterThan(2);
        return highestBid + 1 + ThreadLocalRandom.current().nextLong(Math.min(lowestAsk - highestBid - 2, 1_000_000));
    }

    private static java.util.stream.LongStream prices(Response book, String side) {
        return book.jsonPath().<Number>getList(side + ".price").stream().mapToLong(Number::longValue);
    }

    private static Sent place(String orders, String side, String user, long price) {
        return Commands.accepted(orders + side, "{\"userId\":\"" + user + "\",\"price\":" + price + "}");
    }

    private static void assertTrade(Sent sent, String buyer, String seller, long price) {
        assertThat(sent.json().getString("events[0].type")).isEqualTo("OrdersMatched");
        assertThat(sent.json().getString("events[0].data.buyerId")).isEqualTo(buyer);
        assertThat(sent.json().getString("events[0].data.sellerId")).isEqualTo(seller);
        assertThat(sent.json().getLong("events[0].data.price")).isEqualTo(price);
    }
}
