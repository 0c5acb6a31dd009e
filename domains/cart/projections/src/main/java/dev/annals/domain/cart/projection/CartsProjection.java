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
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * The carts read model: {@code carts} (customer, status, total, version) and {@code cart_items} (one line per
 * sku, in the order first added). Every event after the first must be the cart's next version.
 */
@ApplicationScoped
public class CartsProjection implements Projection {

    @Override
    public String name() {
        return CartType.READ_MODEL;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.builder()
                .on(CartType.TYPE, CartCreated.class, (created, event) -> {
                    Sql.requireFirst(event);
                    return Sql.update("insert into carts (id, customer_id, status, total, version)"
                                    + " values (?1, ?2, 'OPEN', 0, ?3)",
                            event.aggregateId(), created.customerId(), event.aggregateVersion()).replaceWithVoid();
                })
                .on(CartType.TYPE, ItemAdded.class, (added, event) -> Sql.advanceVersion("carts", "id", event)
                        .chain(() -> Sql.update("insert into cart_items (cart_id, sku, quantity, unit_price, line)"
                                        + " values (?1, ?2, ?3, ?4, (select count(*) + 1 from cart_items where cart_id = ?1))"
                                        + " on conflict (cart_id, sku) do update"
                                        + " set quantity = cart_items.quantity + excluded.quantity,"
                                        + " unit_price = excluded.unit_price",
                                event.aggregateId(), added.sku(), (long) added.quantity(), added.unitPrice()))
                        .chain(() -> retotal(event)))
                .on(CartType.TYPE, ItemRemoved.class, (removed, event) -> Sql.advanceVersion("carts", "id", event)
                        .chain(() -> Sql.update("delete from cart_items where cart_id = ?1 and sku = ?2",
                                event.aggregateId(), removed.sku()))
                        .chain(() -> renumber(event))
                        .chain(() -> retotal(event)))
                .on(CartType.TYPE, PurchaseCompleted.class, (purchased, event) -> Sql.advanceVersion("carts", "id",
                        event).chain(() -> Sql.update("update carts set status = 'PURCHASED', total = ?2 where id = ?1",
                        event.aggregateId(), purchased.total())).replaceWithVoid())
                .build();
    }

    /** Keeps line numbers 1..n after a removal, so a later first-time sku goes last. */
    private static Uni<Integer> renumber(EventEnvelope event) {
        return Sql.update("update cart_items set line = numbered.n from (select sku, row_number() over"
                + " (order by line) as n from cart_items where cart_id = ?1) numbered"
                + " where cart_items.cart_id = ?1 and cart_items.sku = numbered.sku", event.aggregateId());
    }

    private static Uni<Void> retotal(EventEnvelope event) {
        return Sql.update("update carts set total = (select coalesce(sum(quantity * unit_price), 0) from cart_items"
                + " where cart_id = ?1) where id = ?1", event.aggregateId()).replaceWithVoid();
    }
}
