package dev.annals.domain.orderbook.projection;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.consumer.Sql;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.domain.orderbook.OrderBookEvent.OrderDropped;
import dev.annals.domain.orderbook.OrderBookEvent.OrderRested;
import dev.annals.domain.orderbook.OrderBookEvent.OrdersMatched;
import dev.annals.domain.orderbook.OrderBookType;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The order books read model: resting orders (what {@code GET /orderbook} shows) and trades. A book's first
 * event creates its row; every later one must be its next version.
 */
@ApplicationScoped
public class OrderBooksProjection implements Projection {

    @Override
    public String name() {
        return OrderBookType.READ_MODEL;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.builder()
                .on(OrderBookType.TYPE, OrderRested.class, (rested, event) -> advance(event).chain(() -> Sql.update(
                        "insert into resting_orders (book_id, order_id, side, user_id, price)"
                                + " values (?1, ?2, ?3, ?4, ?5)", event.aggregateId(), rested.orderId(),
                        rested.side().name(), rested.userId(), rested.price())).replaceWithVoid())
                .on(OrderBookType.TYPE, OrdersMatched.class, (matched, event) -> advance(event)
                        .chain(() -> remove(event, matched.restingOrderId()))
                        .chain(() -> Sql.update("insert into trades (book_id, sequence, buyer_id, seller_id, price,"
                                        + " incoming_side, traded_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
                                event.aggregateId(), event.aggregateVersion(), matched.buyerId(), matched.sellerId(),
                                matched.price(), matched.incomingSide().name(),
                                OffsetDateTime.ofInstant(event.time(), ZoneOffset.UTC)))
                        .replaceWithVoid())
                .on(OrderBookType.TYPE, OrderDropped.class, (dropped, event) -> advance(event)
                        .chain(() -> remove(event, dropped.orderId())).replaceWithVoid())
                .build();
    }

    private static Uni<Void> advance(EventEnvelope event) {
        if (event.aggregateVersion() == 1) {
            return Sql.update("insert into books (book_id, version) values (?1, 1)", event.aggregateId())
                    .replaceWithVoid();
        }
        return Sql.advanceVersion("books", "book_id", event);
    }

    /** Takes an order out of the book; it must be there, or the model has drifted from the log. */
    private static Uni<Void> remove(EventEnvelope event, long orderId) {
        return Sql.update("delete from resting_orders where book_id = ?1 and order_id = ?2", event.aggregateId(),
                orderId).invoke(removed -> {
                    if (removed != 1) {
                        throw new IllegalStateException("order " + orderId + " is not resting in book "
                                + event.aggregateId() + "; " + event.eventType() + " v" + event.aggregateVersion()
                                + " cannot apply");
                    }
                }).replaceWithVoid();
    }
}
