package dev.annals.domain.orderbook.projection;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.consumer.Sql;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.domain.orderbook.OrderBookEvent.OrderDropped;
import dev.annals.domain.orderbook.OrderBookEvent.OrderRested;
import dev.annals.domain.orderbook.OrderBookEvent.OrdersMatched;
import dev.annals.domain.orderbook.OrderBookType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The order books read model: resting orders (what {@code GET /orderbook} shows) and trades. A book's row holds
 * the version of its last event; the runtime applies each book's events in version order, once each.
 */
@ApplicationScoped
public class OrderBooksProjection implements Projection {

    @Override
    public String name() {
        return OrderBookType.READ_MODEL;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.of(OrderBookType.TYPE)
                .on(OrderRested.class, (rested, event, sql) -> {
                    atVersion(sql, event);
                    sql.exec("insert into resting_orders (book_id, order_id, side, user_id, price)"
                                    + " values ($1, $2, $3, $4, $5)", event.aggregateId(), rested.orderId(),
                            rested.side().name(), rested.userId(), rested.price());
                })
                .on(OrdersMatched.class, (matched, event, sql) -> {
                    atVersion(sql, event);
                    remove(sql, event, matched.restingOrderId());
                    sql.exec("insert into trades (book_id, sequence, buyer_id, seller_id, price, incoming_side,"
                                    + " traded_at) values ($1, $2, $3, $4, $5, $6, $7)", event.aggregateId(),
                            event.aggregateVersion(), matched.buyerId(), matched.sellerId(), matched.price(),
                            matched.incomingSide().name(), event.time());
                })
                .on(OrderDropped.class, (dropped, event, sql) -> {
                    atVersion(sql, event);
                    remove(sql, event, dropped.orderId());
                })
                .build();
    }

    /** The book's row at the event's version; a book's first event, whichever it is, makes the row. */
    private static void atVersion(Sql sql, EventEnvelope event) {
        sql.exec("insert into books (book_id, version) values ($1, $2)"
                + " on conflict (book_id) do update set version = excluded.version", event.aggregateId(),
                event.aggregateVersion());
    }

    /** Takes an order out of the book; it must be there, or the model has drifted from the log. */
    private static void remove(Sql sql, EventEnvelope event, long orderId) {
        sql.exec("delete from resting_orders where book_id = $1 and order_id = $2", event.aggregateId(), orderId)
                .expectRows(1, () -> "order " + orderId + " is not resting in book " + event.aggregateId() + "; "
                        + event.eventType() + " v" + event.aggregateVersion() + " cannot apply");
    }
}
