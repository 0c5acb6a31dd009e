package dev.annals.domain.orderbook.projection;

import dev.annals.domain.orderbook.OrderBookEvent;
import dev.annals.domain.orderbook.OrderBookEvent.OrderDropped;
import dev.annals.domain.orderbook.OrderBookEvent.OrderRested;
import dev.annals.domain.orderbook.OrderBookEvent.OrdersMatched;
import dev.annals.domain.orderbook.OrderBookType;
import dev.annals.domain.orderbook.Side;
import dev.annals.test.Events;
import dev.annals.test.ProjectionFixture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.annals.test.ProjectionFixture.row;

class OrderBooksProjectionTest {

    private static final String RESTING = "select order_id, side, user_id, price from resting_orders order by order_id";

    private final ProjectionFixture books = ProjectionFixture.of(new OrderBooksProjection());

    @AfterEach
    void close() {
        books.close();
    }

    private static Events book(OrderBookEvent... events) {
        return Events.of(OrderBookType.TYPE, "book", events);
    }

    @Test
    void resting_orders_are_in_the_book_at_its_version() {
        books.given(book(new OrderRested(1, Side.BUY, "ann", 100), new OrderRested(2, Side.SELL, "bob", 105)))
                .thenRows(RESTING, row(1, "BUY", "ann", 100), row(2, "SELL", "bob", 105))
                .thenRows("select book_id, version from books", row("book", 2));
    }

    @Test
    void a_match_takes_the_resting_order_out_and_records_the_trade() {
        books.given(book(new OrderRested(1, Side.SELL, "bob", 105),
                        new OrdersMatched(1, 2, Side.BUY, "ann", "bob", 105)))
                .thenRows(RESTING)
                .thenRows("select sequence, buyer_id, seller_id, price, incoming_side from trades",
                        row(2, "ann", "bob", 105, "BUY"));
    }

    @Test
    void a_dropped_order_leaves_the_book() {
        books.given(book(new OrderRested(1, Side.BUY, "ann", 100), new OrderDropped(1, Side.BUY, "ann", 100)))
                .thenRows(RESTING);
    }

    @Test
    void a_match_with_an_order_that_is_not_resting_means_the_model_drifted() {
        books.when(book(new OrderRested(1, Side.SELL, "bob", 105),
                        new OrdersMatched(7, 2, Side.BUY, "ann", "bob", 105)))
                .thenRefused("order 7 is not resting in book book");
    }
}
