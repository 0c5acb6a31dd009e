package dev.annals.domain.cart.projection;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.consumer.Sql;
import dev.annals.core.envelope.EventEnvelope;
import dev.annals.domain.cart.CartEvent.CartCreated;
import dev.annals.domain.cart.CartEvent.ItemAdded;
import dev.annals.domain.cart.CartEvent.ItemRemoved;
import dev.annals.domain.cart.CartEvent.PurchaseCompleted;
import dev.annals.domain.cart.CartType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The carts read model: {@code carts} (customer, status, total, version) and {@code cart_items} (one line per
 * sku, in the order first added). The runtime applies each cart's events in version order, once each.
 */
@ApplicationScoped
public class CartsProjection implements Projection {

    @Override
    public String name() {
        return CartType.READ_MODEL;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.of(CartType.TYPE)
                .on(CartCreated.class, (created, event, sql) -> sql.exec(
                        "insert into carts (id, customer_id, status, total, version) values ($1, $2, 'OPEN', 0, $3)",
                        event.aggregateId(), created.customerId(), event.aggregateVersion()))
                .on(ItemAdded.class, (added, event, sql) -> {
                    // a first-time sku goes last; a known one keeps its line and adds to its quantity
                    sql.exec("insert into cart_items (cart_id, sku, quantity, unit_price, line) values ($1, $2, $3, $4,"
                                    + " (select count(*) + 1 from cart_items where cart_id = $1))"
                                    + " on conflict (cart_id, sku) do update"
                                    + " set quantity = cart_items.quantity + excluded.quantity,"
                                    + " unit_price = excluded.unit_price",
                            event.aggregateId(), added.sku(), (long) added.quantity(), added.unitPrice());
                    retotal(sql, event);
                })
                .on(ItemRemoved.class, (removed, event, sql) -> {
                    sql.exec("delete from cart_items where cart_id = $1 and sku = $2", event.aggregateId(),
                            removed.sku());
                    // line numbers stay 1..n, so that a later first-time sku goes last
                    sql.exec("update cart_items set line = numbered.n from (select sku, row_number() over"
                            + " (order by line) as n from cart_items where cart_id = $1) numbered"
                            + " where cart_items.cart_id = $1 and cart_items.sku = numbered.sku", event.aggregateId());
                    retotal(sql, event);
                })
                .on(PurchaseCompleted.class, (purchased, event, sql) -> sql.exec(
                                "update carts set status = 'PURCHASED', total = $2, version = $3 where id = $1",
                                event.aggregateId(), purchased.total(), event.aggregateVersion())
                        .expectRows(1, () -> "cart " + event.aggregateId() + " has no row"))
                .build();
    }

    /** The cart's total from its lines, and the event's version. */
    private static void retotal(Sql sql, EventEnvelope event) {
        sql.exec("update carts set total = (select coalesce(sum(quantity * unit_price), 0) from cart_items"
                        + " where cart_id = $1), version = $2 where id = $1", event.aggregateId(),
                        event.aggregateVersion())
                .expectRows(1, () -> "cart " + event.aggregateId() + " has no row");
    }
}
