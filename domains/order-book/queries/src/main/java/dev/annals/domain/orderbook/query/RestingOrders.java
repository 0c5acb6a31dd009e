package dev.annals.domain.orderbook.query;

import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.List;

/** Reads the orders resting in a book, each side in priority order, from {@code order_books.resting_orders}. */
@ApplicationScoped
public class RestingOrders {

    private final Pool pool;

    RestingOrders(Pool pool) {
        this.pool = pool;
    }

    /** The book's resting orders; empty sides for a book that never had one. */
    public Uni<BookResponse> of(String bookId) {
        return pool.preparedQuery("select side, user_id, price from order_books.resting_orders where book_id = $1"
                        + " order by side, case when side = 'BUY' then -price else price end, order_id")
                .execute(Tuple.of(bookId))
                .map(rows -> {
                    List<BookResponse.Order> asks = new ArrayList<>();
                    List<BookResponse.Order> bids = new ArrayList<>();
                    for (Row row : rows) {
                        BookResponse.Order order = new BookResponse.Order(row.getString("user_id"),
                                row.getLong("price"));
                        ("BUY".equals(row.getString("side")) ? bids : asks).add(order);
                    }
                    return new BookResponse(asks, bids);
                });
    }
}
