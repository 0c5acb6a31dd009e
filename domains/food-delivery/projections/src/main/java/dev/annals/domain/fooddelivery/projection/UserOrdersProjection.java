package dev.annals.domain.fooddelivery.projection;

import dev.annals.consumer.Projection;
import dev.annals.consumer.ProjectionHandlers;
import dev.annals.domain.fooddelivery.FoodOrderEvent.OrderCreated;
import dev.annals.domain.fooddelivery.FoodOrderType;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * UserOrders, keyed by user id: the same events as DeliveryStatus, read for another reader. Only the creation
 * matters; the runtime's version rule still sees every order's events, so a replayed creation is refused before
 * it could list an order twice.
 */
@ApplicationScoped
public class UserOrdersProjection implements Projection {

    @Override
    public String name() {
        return FoodOrderType.USER_ORDERS;
    }

    @Override
    public ProjectionHandlers handlers() {
        return ProjectionHandlers.of(FoodOrderType.TYPE)
                .on(OrderCreated.class, (created, event, sql) -> sql.exec(
                        "insert into orders (user_id, order_id, placed_at) values ($1, $2, $3)",
                        created.userId(), event.aggregateId(), created.placedAt()))
                .build();
    }
}
