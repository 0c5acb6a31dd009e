package dev.annals.domain.orderbook;

import dev.annals.core.Caller;
import dev.annals.domain.orderbook.OrderBookCommand.Buy;
import dev.annals.domain.orderbook.OrderBookCommand.Sell;
import dev.annals.domain.orderbook.OrderBookEvent.OrderDropped;
import dev.annals.domain.orderbook.OrderBookEvent.OrderRested;
import dev.annals.domain.orderbook.OrderBookEvent.OrdersMatched;
import dev.annals.test.DeciderFixture;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class OrderBookDeciderTest {

    private static final Caller BRIAN = new Caller("brian", Set.of(OrderBookDecider.BROKER));

    private final DeciderFixture<OrderBookCommand, OrderBookEvent, OrderBook> book =
            DeciderFixture.of(OrderBookType.TYPE);

    @Test
    void a_trader_places_orders_as_herself() {
        book.given().when(new Buy("tess", 100, customer("ann"))).thenRejected("NOT_YOUR_ORDER");
        book.given().when(new Sell("tess", 100, customer("ann"))).thenRejected("NOT_YOUR_ORDER");
        // not even one that would trade with her own resting order
        book.given(new OrderRested(1, Side.SELL, "ann", 100)).when(new Buy("tess", 100, customer("ann")))
                .thenRejected("NOT_YOUR_ORDER");
    }

    @Test
    void a_broker_places_orders_for_anyone() {
        book.given().when(new Buy("tess", 100, BRIAN)).then(new OrderRested(1, Side.BUY, "tess", 100));
        book.given().when(new Sell("ann", 90, BRIAN)).then(new OrderRested(1, Side.SELL, "ann", 90));
    }

    @Test
    void an_order_with_nothing_to_trade_with_rests() {
        book.given()
                .when(buy("ann", 100))
                .then(new OrderRested(1, Side.BUY, "ann", 100))
                .thenState(new OrderBook(2, List.of(new RestingOrder(1, "ann", 100)), List.of()));
        book.given().when(sell("bob", 90)).then(new OrderRested(1, Side.SELL, "bob", 90));
    }

    @Test
    void a_buy_trades_with_the_best_ask_at_or_below_its_price_at_the_ask_s_price() {
        book.given(new OrderRested(1, Side.SELL, "bob", 105), new OrderRested(2, Side.SELL, "cat", 101))
                .when(buy("ann", 103))
                .then(new OrdersMatched(2, 3, Side.BUY, "ann", "cat", 101))
                .thenState(new OrderBook(4, List.of(), List.of(new RestingOrder(1, "bob", 105))));
    }

    @Test
    void a_buy_below_the_best_ask_rests() {
        book.given(new OrderRested(1, Side.SELL, "bob", 105))
                .when(buy("ann", 104))
                .then(new OrderRested(2, Side.BUY, "ann", 104));
    }

    @Test
    void a_sell_trades_with_the_best_bid_at_or_above_its_price_at_the_bid_s_price() {
        book.given(new OrderRested(1, Side.BUY, "ann", 98), new OrderRested(2, Side.BUY, "cat", 99))
                .when(sell("bob", 99))
                .then(new OrdersMatched(2, 3, Side.SELL, "cat", "bob", 99))
                .thenState(new OrderBook(4, List.of(new RestingOrder(1, "ann", 98)), List.of()));
        book.given(new OrderRested(1, Side.BUY, "ann", 98))
                .when(sell("bob", 99))
                .then(new OrderRested(2, Side.SELL, "bob", 99));
    }

    @Test
    void within_a_price_the_oldest_order_trades_first() {
        book.given(new OrderRested(1, Side.SELL, "bob", 100), new OrderRested(2, Side.SELL, "cat", 100))
                .when(buy("ann", 100))
                .then(new OrdersMatched(1, 3, Side.BUY, "ann", "bob", 100));
        book.given(new OrderRested(1, Side.BUY, "bob", 100), new OrderRested(2, Side.BUY, "cat", 100))
                .when(sell("ann", 1))
                .then(new OrdersMatched(1, 3, Side.SELL, "bob", "ann", 100));
    }

    @Test
    void each_side_is_kept_in_priority_order() {
        OrderBook state = OrderBookType.TYPE.decider().fold(List.of(
                new OrderRested(1, Side.BUY, "a", 10), new OrderRested(2, Side.BUY, "b", 12),
                new OrderRested(3, Side.BUY, "c", 10), new OrderRested(4, Side.SELL, "d", 20),
                new OrderRested(5, Side.SELL, "e", 15), new OrderRested(6, Side.SELL, "f", 20)));
        assertThat(state.bids()).extracting(RestingOrder::orderId).containsExactly(2L, 1L, 3L);
        assertThat(state.asks()).extracting(RestingOrder::orderId).containsExactly(5L, 4L, 6L);
        assertThat(state.nextOrderId()).isEqualTo(7);
    }

    @Test
    void a_full_side_drops_its_least_competitive_order_the_newest_among_equal_prices() {
        List<OrderBookEvent> full = fullBids();
        book.given(full)
                .when(buy("new", 60))
                .then(new OrderRested(101, Side.BUY, "new", 60), new OrderDropped(100, Side.BUY, "u100", 50));
    }

    @Test
    void an_order_that_is_itself_least_competitive_rests_and_is_dropped_at_once() {
        book.given(fullBids())
                .when(buy("late", 50))
                .then(new OrderRested(101, Side.BUY, "late", 50), new OrderDropped(101, Side.BUY, "late", 50))
                .thenState(new OrderBook(102, OrderBookType.TYPE.decider().fold(fullBids()).bids(), List.of()));
    }

    @Test
    void a_full_ask_side_drops_the_highest_ask() {
        List<OrderBookEvent> asks = new ArrayList<>();
        for (int i = 1; i <= OrderBookDecider.MAX_PER_SIDE; i++) {
            asks.add(new OrderRested(i, Side.SELL, "u" + i, 200 + i % 5));
        }
        // the highest asks are 204, newest of them is order 99
        book.given(asks)
                .when(sell("new", 150))
                .then(new OrderRested(101, Side.SELL, "new", 150), new OrderDropped(99, Side.SELL, "u99", 204));
    }

    /** 100 bids at 50..99 (each price twice), the lowest price's newest order is order 100 at 50. */
    private static List<OrderBookEvent> fullBids() {
        List<OrderBookEvent> bids = new ArrayList<>();
        for (int i = 1; i <= OrderBookDecider.MAX_PER_SIDE; i++) {
            bids.add(new OrderRested(i, Side.BUY, "u" + i, 99 - (i - 1) / 2));
        }
        return bids;
    }

    /** An order placed by its own user, a customer. */
    private static Buy buy(String userId, long price) {
        return new Buy(userId, price, customer(userId));
    }

    private static Sell sell(String userId, long price) {
        return new Sell(userId, price, customer(userId));
    }

    private static Caller customer(String subject) {
        return new Caller(subject, Set.of("customer"));
    }
}
